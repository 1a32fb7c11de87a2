package dev.fslock.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reads JMH's JSON results (-rf json), and its JMH section is built from them. */
class JmhSectionTest {
    /**
     * A real JMH 1.37 result file: UncontendedBench.(createExclDelete|kernelLockOpenChannel), 3 × 100 ms,
     * no warm-up, one fork. The same run written as CSV said 40.535890 ± 216.162218 and
     * 13.132138 ± 66.066943 us/op.
     */
    private static final String REAL_RUN = "jmh-two-benchmarks-three-iterations.json";

    @TempDir
    Path dir;

    @Test
    void readsScoreAndErrorOfEachBenchmarkByItsShortName() throws IOException {
        Map<String, double[]> m = JmhSection.readJmh(copy(REAL_RUN, dir.resolve("jmh-disk.json")));
        assertEquals(List.of("createExclDelete", "kernelLockOpenChannel"), List.copyOf(m.keySet()));
        assertArrayEquals(new double[] {40.535890, 216.162218}, m.get("createExclDelete"), 1e-6);
        assertArrayEquals(new double[] {13.132138, 66.066943}, m.get("kernelLockOpenChannel"), 1e-6);
    }

    @Test
    void anErrorJmhCouldNotComputeIsNaN() throws IOException {
        // As JMH 1.37 writes a one-iteration run (trimmed to the fields the report reads).
        Path json = Files.writeString(dir.resolve("one.json"), """
                [
                    {
                        "benchmark" : "dev.fslock.bench.jmh.UncontendedBench.createExclDelete",
                        "params" : { "dir" : "/tmp/x" },
                        "primaryMetric" : {
                            "score" : 65.69237679351217,
                            "scoreError" : "NaN",
                            "scoreConfidence" : [ "NaN", "NaN" ],
                            "scoreUnit" : "us/op"
                        }
                    }
                ]
                """);
        double[] s = JmhSection.readJmh(json).get("createExclDelete");
        assertEquals(65.69237679351217, s[0]);
        assertTrue(Double.isNaN(s[1]), "error " + s[1]);
    }

    @Test
    void anAbsentFileIsNoResults() throws IOException {
        assertTrue(JmhSection.readJmh(dir.resolve("jmh-tmpfs.json")).isEmpty());
    }

    @Test
    void whatIsNotJmhsResultsIsRefusedWithItsReason() throws IOException {
        Path object = Files.writeString(dir.resolve("object.json"), "{\"benchmark\": \"a.b\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhSection.readJmh(object)).getMessage()
                .contains("not JMH's JSON results"));
        Path badScore = Files.writeString(dir.resolve("bad.json"),
                "[{\"benchmark\": \"a.b\", \"primaryMetric\": {\"score\": \"fast\", \"scoreError\": 1}}]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JmhSection.readJmh(badScore)).getMessage()
                .contains("not a JMH score: \"fast\""));
    }

    @Test
    void theReportsJmhTableAndGoalComeFromJmhDiskJson() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        copy(REAL_RUN, results.resolve("jmh-disk.json"));
        Path doc = dir.resolve("docs/benchmarks.md");
        Files.createDirectories(doc.getParent());
        Report.main(new String[] {results.toString(), doc.toString(), dir.resolve("docs/benchmarks").toString(),
                dir.resolve("no-analysis.md").toString()});
        String md = Files.readString(doc);
        assertTrue(md.contains("| create-exclusive + delete (cheapest lock file) | 40.5 | 216 | 3.1x |  | 1.0x |\n"), md);
        assertTrue(md.contains("| FileChannel.lock on an open channel (the floor) | 13.1 | 66.1 | 1.0x |  | 0.3x |\n"), md);
    }

    private static Path copy(String resource, Path to) throws IOException {
        try (InputStream in = JmhSectionTest.class.getResourceAsStream(resource)) {
            Files.copy(in, to);
        }
        return to;
    }
}
