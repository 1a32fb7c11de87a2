package dev.fslock.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Model-checks every row of the TLC manifest and compares TLC's result with the expected one: our
 * protocol's models must pass, the seed's protocols must be found broken.
 *
 * <pre>
 *   mvn test -Dtest=SpecModelsTest                                  # spec/manifest.tsv
 *   mvn test -Dtest=SpecModelsTest -Pextended                       # spec/manifest-extended.tsv
 *   mvn test -Dtest=SpecModelsTest -Dfslock.tlc.only=MCSeedRenameSteal,MCFsLock
 *   spec/tlc [MODEL...]                                             # the same, shorter
 * </pre>
 *
 * One dynamic test per row, run one at a time (TLC itself uses the cores). Each prints states
 * generated, distinct states, depth and wall time, and appends them to {@code target/tlc-report.tsv};
 * TLC's full output is in {@code target/tlc/MODEL.out}. A row passes only if TLC's result is the
 * expected one and its distinct states and depth are those the row records ({@link CountCheck}).
 */
class SpecModelsTest {

    static final Path REPORT = Tlc.moduleDir().resolve("target").resolve("tlc-report.tsv");

    /** The manifest named by -Dfslock.tlc.manifest (the POM sets it; -Pextended picks the larger one). */
    static Manifest manifest() {
        String name = System.getProperty("fslock.tlc.manifest", "spec/manifest.tsv");
        Path file = Path.of(name);
        return Manifest.read(file.isAbsolute() ? file : Tlc.projectDir().resolve(file));
    }

    @BeforeAll
    static void startReport() throws IOException {
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "model\tmodule\texpected\tverdict\tstates_generated\tdistinct_states\tdepth"
                + "\twall_seconds\n", StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> models() {
        Manifest manifest = manifest();
        return manifest.select(System.getProperty("fslock.tlc.only")).stream()
                .map(entry -> DynamicTest.dynamicTest(entry.name() + " (" + entry.expected() + ")",
                        () -> check(manifest, entry)));
    }

    private static void check(Manifest manifest, Manifest.Entry entry) throws IOException {
        Path config = Tlc.specDir().resolve(entry.config());
        assertTrue(Files.isRegularFile(config), "no config file " + config);
        Tlc.Run run = Tlc.run(entry);
        TlcOutput out = run.output();
        TlcOutput.Verdict verdict = out.judge(entry.expected(), Tlc.checkedProperties(config));
        TlcOutput.Verdict counts = CountCheck.check(Tlc.projectDir().relativize(manifest.file()), entry, out);
        String status = !verdict.ok() ? "FAILED" : counts.ok() ? "OK" : "COUNT CHANGED";
        String line = String.format(Locale.ROOT, "%-28s %-34s states %12s  distinct %11s  depth %4s  %7.1f s  %s",
                entry.name(), entry.expected(), number(out.statesGenerated()), number(out.distinctStates()),
                number(out.depth()), run.wallTime().toMillis() / 1000.0, status);
        System.out.println("[tlc] " + line);
        Files.writeString(REPORT, String.join("\t", entry.name(), entry.module(), entry.expected().toString(),
                        status.equals("OK") ? "ok" : status, number(out.statesGenerated()),
                        number(out.distinctStates()), number(out.depth()),
                        String.format(Locale.ROOT, "%.1f", run.wallTime().toMillis() / 1000.0)) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        if (!verdict.ok()) {
            fail(entry.name() + " (" + entry.module() + ", spec/" + entry.config() + ", manifest line "
                    + entry.line() + "): " + verdict.message() + "\nTLC output: " + run.log());
        }
        if (!counts.ok()) {
            fail(entry.name() + " (" + entry.module() + ", spec/" + entry.config() + "): " + counts.message()
                    + "\nTLC output: " + run.log());
        }
        if (!counts.message().isEmpty()) {
            System.out.println("[tlc] " + entry.name() + ": " + counts.message());
        }
    }

    private static String number(OptionalLong n) {
        return n.isPresent() ? Long.toString(n.getAsLong()) : "-";
    }

    private static String number(OptionalInt n) {
        return n.isPresent() ? Integer.toString(n.getAsInt()) : "-";
    }
}
