package dev.fslock.jcstress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Judges a jcstress run, which itself exits 0 whatever it saw. Reads the run's result blob
 * ({@code jcstress-results-*.bin.gz}, the one in the directory given) with jcstress's own reader
 * and grader, and fails (exit 1) if:
 * <ul>
 *   <li>no test in this jar matches the selection (jcstress's {@code -t} regexp): nothing ran;
 *   <li>a selected test has no result, no samples, or a status other than NORMAL (error, timeout);
 *   <li>any FORBIDDEN (or unlisted) outcome was observed, even once;
 *   <li>a test marked {@link MustObserve} never showed an outcome matching it: a run too weak to
 *       reach the race it is there for.
 * </ul>
 * Prints every observed outcome of every test, and closes with "N passed, N failed".
 *
 * <p>Usage: {@code java -cp jcstress.jar dev.fslock.jcstress.ResultChecker RUN_DIR TEST_REGEXP}
 */
public final class ResultChecker {

    private ResultChecker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ResultChecker RUN_DIR TEST_REGEXP");
            System.exit(2);
        }
        List<String> failures = check(Path.of(args[0]), Pattern.compile(args[1]));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    static List<String> check(Path runDir, Pattern selection) throws IOException, ClassNotFoundException {
        List<String> failures = new ArrayList<>();
        List<String> selected = TestList.tests().stream().filter(t -> selection.matcher(t).find()).sorted().toList();
        if (selected.isEmpty()) {
            failures.add("no test matches '" + selection + "': jcstress ran nothing");
        }
        Map<String, List<TestResult>> byTest = new TreeMap<>();
        Path blob = resultBlob(runDir, failures);
        if (blob != null) {
            InProcessCollector collector = new InProcessCollector();
            DiskReadCollector reader = new DiskReadCollector(blob.toString(), collector);
            try {
                reader.dump();
            } finally {
                reader.close();
            }
            for (TestResult result : collector.getTestResults()) {
                byTest.computeIfAbsent(result.getName(), k -> new ArrayList<>()).add(result);
            }
        }
        int passed = 0;
        int failed = 0;
        for (String test : selected) {
            List<String> problems = checkTest(test, byTest.getOrDefault(test, List.of()));
            if (problems.isEmpty()) {
                passed++;
            } else {
                failed++;
                problems.forEach(p -> failures.add(simpleName(test) + ": " + p));
            }
        }
        System.out.println();
        failures.forEach(f -> System.out.println("FAILED " + f));
        System.out.println("jcstress checker: " + passed + " passed, " + (failed + (selected.isEmpty() ? 1 : 0)) + " failed");
        return failures;
    }

    private static List<String> checkTest(String test, List<TestResult> results) throws ClassNotFoundException {
        List<String> problems = new ArrayList<>();
        System.out.println();
        System.out.println(test);
        if (results.isEmpty()) {
            problems.add("did not run");
            System.out.println("  (no result)");
            return problems;
        }
        Map<String, GradingResult> observed = new TreeMap<>(); // outcome -> expectation, count summed over forks
        long samples = 0;
        for (TestResult result : results) {
            if (result.status() != Status.NORMAL) {
                problems.add("status " + result.status() + " " + result.getMessages());
            }
            samples += result.getTotalCount();
            for (GradingResult g : TestGrading.grade(result).gradingResults.values()) {
                GradingResult sum = observed.get(g.id);
                observed.put(g.id, new GradingResult(g.id, g.expect, g.count + (sum == null ? 0 : sum.count), g.description));
            }
        }
        System.out.printf("  %-14s %14s %7s  %-22s  %s%n", "RESULT", "SAMPLES", "FREQ", "EXPECT", "DESCRIPTION");
        for (GradingResult g : observed.values()) {
            System.out.printf("  %-14s %,14d %6.2f%%  %-22s  %s%n", g.id, g.count, 100.0 * g.count / Math.max(1, samples),
                    g.expect, g.description);
            if (g.count > 0 && (g.expect == Expect.FORBIDDEN || g.expect == Expect.UNKNOWN)) {
                problems.add(g.expect + " outcome [" + g.id + "] observed " + g.count + " times: " + g.description);
            }
        }
        if (samples == 0) {
            problems.add("ran no samples");
        }
        MustObserve must = Class.forName(test).getAnnotation(MustObserve.class);
        if (must != null) {
            Pattern wanted = Pattern.compile(must.value());
            boolean seen = observed.values().stream().anyMatch(g -> g.count > 0 && wanted.matcher(g.id).matches());
            if (!seen) {
                problems.add("outcome [" + must.value() + "] never observed: the run did not reach the race this test is for");
            }
        }
        return problems;
    }

    private static Path resultBlob(Path runDir, List<String> failures) throws IOException {
        List<Path> blobs;
        try (Stream<Path> files = Files.list(runDir)) {
            blobs = files.filter(p -> p.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz")).toList();
        }
        if (blobs.size() != 1) {
            failures.add("expected one jcstress-results-*.bin.gz in " + runDir + ", found " + blobs.size());
            return null;
        }
        return blobs.get(0);
    }

    private static String simpleName(String test) {
        return test.substring(test.lastIndexOf('.') + 1);
    }
}
