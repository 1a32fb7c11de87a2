package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The manifests are well formed, name files that exist, record the counts TLC must report again where
 * they are the same on every run, and the extended one contains the default one.
 */
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
                            && x.options().equals(e.options()) && x.distinct().equals(e.distinct())
                            && x.depth().equals(e.depth())),
                    "spec/manifest-extended.tsv lacks the default row (with the same distinct and depth) " + e);
        }
    }

    /** A row of the extended manifest that the default one does not have: a larger model. */
    static boolean extendedOnly(Manifest.Entry e) {
        return DEFAULT.entries().stream().noneMatch(x -> x.name().equals(e.name()));
    }

    @Test
    void everyRowHasAllSixColumns() {
        for (Manifest m : List.of(DEFAULT, EXTENDED)) {
            for (Manifest.Entry e : m.entries()) {
                assertNotEquals(RecordedCount.Kind.ABSENT, e.distinct().kind(), m.file() + " line " + e.line()
                        + " (" + e.name() + "): no 'distinct' column; give TLC's count of distinct states, '-' "
                        + "where none applies, or (extended-only rows) '?' (spec/README.md)");
                assertNotEquals(RecordedCount.Kind.ABSENT, e.depth().kind(), m.file() + " line " + e.line()
                        + " (" + e.name() + "): no 'depth' column; give TLC's depth or '-' (spec/README.md)");
            }
        }
    }

    @Test
    void everyCountThatIsTheSameOnEveryRunIsRecorded() {
        for (Manifest m : List.of(DEFAULT, EXTENDED)) {
            for (Manifest.Entry e : m.entries()) {
                String where = m.file() + " line " + e.line() + " (" + e.name() + "): ";
                boolean placeholderAllowed = m == EXTENDED && extendedOnly(e);
                if (e.countRequired()) {
                    assertRecorded(e.distinct(), placeholderAllowed, where + "an exhaustive "
                            + (e.expected().isPass() ? "search" : "search with one worker")
                            + " finds the same number of distinct states on every run: record it");
                }
                if (e.depthRequired() && !violatesAProperty(e)) {
                    assertRecorded(e.depth(), placeholderAllowed, where + "a search with one worker has the same "
                            + "depth on every run: record it");
                }
            }
        }
    }

    /**
     * The row expects a violated PROPERTY of its config: TLC prints no depth when that property is a
     * liveness one, so the depth may be '-' (the run still fails if TLC prints one and the row does not
     * record it).
     */
    static boolean violatesAProperty(Manifest.Entry e) {
        return e.violatesAProperty();
    }

    private static void assertRecorded(RecordedCount c, boolean placeholderAllowed, String message) {
        assertTrue(c.isNumber() || (placeholderAllowed && c.kind() == RecordedCount.Kind.NOT_RECORDED),
                message + " (found '" + c + "'" + (placeholderAllowed ? "" : "; '?' only in rows of the extended "
                        + "manifest that the default one does not have") + ")");
    }

    @Test
    void noCountIsRecordedWhereItVaries() {
        for (Manifest m : List.of(DEFAULT, EXTENDED)) {
            for (Manifest.Entry e : m.entries()) {
                String where = m.file() + " line " + e.line() + " (" + e.name() + "): ";
                if (!e.countsApply()) {
                    assertEquals(RecordedCount.NOT_APPLICABLE, e.distinct(), where + (e.simulates()
                            ? "a simulation has no count of distinct states to compare: write '-'"
                            : "a violation found by several workers stops after a different number of states "
                                    + "on every run: write '-', or run it with -workers 1 and record the count"));
                    assertEquals(RecordedCount.NOT_APPLICABLE, e.depth(), where + "write '-' for the depth too");
                }
            }
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
        assertThrows(IllegalArgumentException.class,
                () -> Manifest.parse(f, List.of(header, "FsLock\tMCFsLock.cfg\tpass\t\t12x\t3")));
        assertThrows(IllegalArgumentException.class,
                () -> Manifest.parse(f, List.of(header, "FsLock\tMCFsLock.cfg\tpass\t\t12\t3\textra")));
        Manifest ok = Manifest.parse(f, List.of(header, "M\tMCM.cfg\tviolates Inv\t-workers 1 -depth 5"));
        assertEquals(List.of("-workers", "1", "-depth", "5"), ok.entries().get(0).options());
        assertEquals(RecordedCount.ABSENT, ok.entries().get(0).distinct());
        assertThrows(IllegalArgumentException.class, () -> ok.select("MCNope"));
        Manifest counted = Manifest.parse(f, List.of(header, "M\tMCM.cfg\tpass\t\t178740\t-",
                "M\tMCN.cfg\tviolates Inv\t-workers 1\t2495\t14", "M\tMCO.cfg\tpass\t-workers 2\t?\t?"));
        assertEquals(RecordedCount.of(178740), counted.entries().get(0).distinct());
        assertEquals(RecordedCount.NOT_APPLICABLE, counted.entries().get(0).depth());
        assertEquals(RecordedCount.of(14), counted.entries().get(1).depth());
        assertTrue(counted.entries().get(1).depthRequired());
        assertFalse(counted.entries().get(0).depthRequired());
        assertEquals(RecordedCount.NOT_RECORDED, counted.entries().get(2).distinct());
        assertFalse(counted.entries().get(2).oneWorker());
    }
}
