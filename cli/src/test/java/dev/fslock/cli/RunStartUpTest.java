package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code fslock run LOCK -- COMMAND} loads (docs/cli.md, "Start-up"): neither picocli's command
 * model ({@link RunFastPath} reads the usual command lines) nor java.util.logging
 * ({@link CliLoggerFinder}), whose set-up were a large part of its time. Read from the JVM's own
 * class-loading log, never from timings; a command line picocli must read still works.
 */
class RunStartUpTest {
    @TempDir Path dir;

    @Test
    void aPlainRunLoadsNeitherPicocliNorJavaUtilLogging() throws Exception {
        for (List<String> args : List.of(List.of("run", dir.resolve("x.lock").toString(), "--", "true"),
                List.of("run", "-n", "-v", "--label", "job", dir.resolve("x.lock").toString(), "--", "true"))) {
            List<String> loaded = classesLoadedBy(args);
            assertTrue(loaded.contains("dev.fslock.cli.RunCommand") && loaded.contains("dev.fslock.FsLock"),
                    "the class-loading log names the command's classes: " + loaded.size() + " classes");
            List<String> unwanted = loaded.stream().filter(c -> c.startsWith("java.util.logging.")
                    || (c.startsWith("picocli.") && !c.endsWith("Exception"))).collect(Collectors.toList());
            assertEquals(List.of(), unwanted, "loaded by fslock " + args);
        }
    }

    /**
     * Classes the JVM generates at run time (LambdaForm$MH, from invokedynamic string concatenation
     * and records' ObjectMethods equals/hashCode) cannot be in a JDK 17 class-data-sharing archive:
     * every fslock start pays for them. With the library and the command compiled with
     * -XDstringConcat=inline and ThreadHolds' key hashed by hand, a plain run makes 3 here (JDK 17,
     * without the launcher's archive); before, 75. The bound leaves room for a JDK update, not for
     * a return of either cause.
     */
    @Test
    void aPlainRunGeneratesFewLambdaForms() throws Exception {
        List<String> loaded = classesLoadedBy(List.of("run", dir.resolve("x.lock").toString(), "--", "true"));
        assertTrue(loaded.contains("dev.fslock.FsLockHandle"), "the class-loading log covers the acquisition");
        List<String> generated = loaded.stream().filter(c -> c.startsWith("java.lang.invoke.LambdaForm$MH"))
                .collect(Collectors.toList());
        assertTrue(generated.size() <= 10, generated.size() + " LambdaForm classes generated at run time: "
                + generated);
    }

    /**
     * JDK machinery a single uncontended acquisition does not need, which the library and the command
     * once set up in every run (docs/cli.md, "Start-up"): java.util.regex (patterns compiled in static
     * initializers), java.time.format (Instant.toString), RandomGenerator's factory and SecureRandom's
     * providers (the jitter generator and the nonce salt), and any stream evaluated to its end (its
     * terminal operation's classes: the JDK itself builds a stream or two while starting, never
     * runs them here). Before these were removed, a plain run loaded all of them.
     */
    @Test
    void aPlainRunLoadsNoRegexDateFormatterSecureRandomOrStreamTerminal() throws Exception {
        for (List<String> args : List.of(List.of("run", dir.resolve("x.lock").toString(), "--", "true"),
                List.of("run", "-n", "-v", "--label", "job", dir.resolve("x.lock").toString(), "--", "true"))) {
            List<String> loaded = classesLoadedByAQuickRun(args);
            assertTrue(loaded.contains("dev.fslock.FsLockHandle") && loaded.contains("dev.fslock.cli.CoOwnedCommand"),
                    "the class-loading log covers the acquisition and the command: " + loaded.size() + " classes");
            List<String> unwanted = loaded.stream().filter(RunStartUpTest::notForOneAcquisition).collect(Collectors.toList());
            assertEquals(List.of(), unwanted, "loaded by fslock " + args);
        }
    }

    private static boolean notForOneAcquisition(String c) {
        return c.startsWith("java.util.regex.")
                || (c.startsWith("java.time.format.") && !c.endsWith("Exception")) // a catch clause's class is loaded to verify it
                || c.startsWith("java.util.random.RandomGeneratorFactory") || c.startsWith("jdk.random.")
                || c.startsWith("java.security.SecureRandom") || c.startsWith("sun.security.provider.")
                || c.startsWith("java.util.stream.ReduceOps") || c.startsWith("java.util.stream.MatchOps")
                || c.startsWith("java.util.stream.ForEachOps") || c.startsWith("java.util.stream.FindOps")
                || c.startsWith("java.util.stream.Nodes");
    }

    /**
     * Every lambda and method reference costs its call site's linkage the first time it runs, also
     * when its class is in the launcher's archive (docs/cli.md, "Start-up"): a plain run links 3 of
     * fslock's own here (JDK 17, without the launcher's archive); it linked 48 before NioFileOps,
     * LocalProcess and the others on the way did without. The bound leaves room for a few, not for a
     * return to lambdas on every file operation.
     */
    @Test
    void aPlainRunLinksFewOfItsOwnLambdas() throws Exception {
        List<String> loaded = classesLoadedByAQuickRun(List.of("run", dir.resolve("x.lock").toString(), "--", "true"));
        assertTrue(loaded.contains("dev.fslock.cli.CoOwnedCommand"), "the class-loading log covers the command");
        List<String> lambdas = loaded.stream().filter(c -> c.startsWith("dev.fslock.") && c.contains("$$Lambda"))
                .collect(Collectors.toList());
        assertTrue(lambdas.size() <= 8, lambdas.size() + " lambdas of fslock linked: " + lambdas);
    }

    @Test
    void aCommandLineForPicocliStillRuns() throws Exception {
        // --wait=5: an attached value, which only picocli reads
        List<String> loaded = classesLoadedBy(List.of("run", "--wait=5", dir.resolve("x.lock").toString(), "--", "true"));
        assertTrue(loaded.contains("picocli.CommandLine"), "picocli read it");
    }

    /**
     * {@link #classesLoadedBy} of a run whose acquisition took less than a second. A slower one (a
     * loaded machine) has its wait reporter look at the lock (LockStatus, with its streams and
     * formatting), which a quick acquisition never does: such a run says nothing about the quick
     * path, and is run again, up to five times; then the test is skipped with the reason.
     */
    private List<String> classesLoadedByAQuickRun(List<String> args) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<String> loaded = classesLoadedBy(args);
            if (!loaded.contains("dev.fslock.LockStatus")) {
                return loaded;
            }
        }
        assumeTrue(false, "five runs in a row waited over a second for their lock (a loaded machine), so their wait"
                + " reporter looked at the lock: what a quick acquisition loads cannot be told from them");
        throw new AssertionError("unreachable");
    }

    /** Runs fslock with {@code args}, which must exit 0 silently, and returns the classes it loaded. */
    private List<String> classesLoadedBy(List<String> args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "classes", ".log");
        List<String> argv = new ArrayList<>(Processes.fslock(args.toArray(String[]::new)));
        argv.add(1, "-Xlog:class+load=info:file=" + log);
        Processes.Result r = Processes.run(dir, argv);
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out(), r::toString);
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] words = line.split(" ");
            if (words.length > 1) {
                classes.add(words[1]);
            }
        }
        return classes;
    }
}
