package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifests are well formed, name files that exist, and the extended one contains the default one. */
class ManifestTest {

    static final Manifest DEFAULT = Manifest.read(Tlc.specDir().resolve("manifest.tsv"));
    static final Manifest EXTENDED = Manifest.read(Tlc.specDir().resolve("manifest-extended.tsv"));

    @Test
    void everyRowNamesAModuleAndAConfigThatExist() {
        for (Manifest m : List.of(DEFAULT, EXTENDED)) {
            for (Manifest.Entry e : m.entries()) {
                assertTrue(Files.isRegularFile(Tlc.specDir().resolve(e.module() + ".tla")), m.file() + ": " + e);
                assertTrue(Files.isRegularFile(Tlc.specDir().resolve(e.config())), m.file() + ": " + e);
            }
        }
    }

    @Test
    void theExtendedManifestHasEveryDefaultRow() {
        for (Manifest.Entry e : DEFAULT.entries()) {
            assertTrue(EXTENDED.entries().stream().anyMatch(x -> x.module().equals(e.module())
                            && x.config().equals(e.config()) && x.expected().equals(e.expected())
                            && x.options().equals(e.options())),
                    "spec/manifest-extended.tsv lacks the default row " + e);
        }
    }

    @Test
    void everySeedModelMustBeFoundBrokenWithOneWorker() {
        for (String seed : List.of("SeedUnlink", "SeedRenameSteal", "SeedAgeStale", "SeedInodeCheck")) {
            Manifest.Entry e = DEFAULT.select("MC" + seed).get(0);
            assertEquals(Expectation.violates("MutualExclusion"), e.expected(), e.toString());
            assertEquals(List.of("-workers", "1"), e.options(), e.toString());
        }
    }

    @Test
    void rejectsMalformedRows() {
        Path f = Path.of("m.tsv");
        String header = "module\tconfig\texpected\toptions";
        assertThrows(IllegalArgumentException.class, () -> Manifest.parse(f, List.of("FsLock\tMCFsLock.cfg\tpass\t")));
        assertThrows(IllegalArgumentException.class, () -> Manifest.parse(f, List.of(header, "FsLock MCFsLock.cfg pass")));
        assertThrows(IllegalArgumentException.class, () -> Manifest.parse(f, List.of(header, "FsLock\tMCFsLock.cfg\tfails")));
        assertThrows(IllegalArgumentException.class, () -> Manifest.parse(f, List.of(header, "FsLock\tMCFsLock.cfg\tviolates")));
        assertThrows(IllegalArgumentException.class, () -> Manifest.parse(f, List.of(header, "FsLock\tMCFsLock\tpass")));
        assertThrows(IllegalArgumentException.class,
                () -> Manifest.parse(f, List.of(header, "FsLock\tMCFsLock.cfg\tpass", "FsLock\tMCFsLock.cfg\tpass")));
        Manifest ok = Manifest.parse(f, List.of(header, "M\tMCM.cfg\tviolates Inv\t-workers 1 -depth 5"));
        assertEquals(List.of("-workers", "1", "-depth", "5"), ok.entries().get(0).options());
        assertThrows(IllegalArgumentException.class, () -> ok.select("MCNope"));
    }
}
