package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Real processes for the tests: JVMs on the test classpath (the fslock CLI, workers), the results
 * of a finished one, and polling for a condition with a generous deadline (never sleeping as a way
 * to synchronize).
 */
final class Processes {
    private Processes() {}

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASSPATH = System.getProperty("java.class.path");
    private static final AtomicLong COUNTER = new AtomicLong();

    /** Generous: a loaded 2-core machine can be slow, and only a hang should ever reach it. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    /** {@code java <lean flags> -cp <test classpath> main args...}. */
    static List<String> java(Class<?> main, String... args) {
        List<String> argv = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-XX:-UsePerfData", "-cp", CLASSPATH, main.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** The fslock command, as ./fslock runs it (same main class, same flags). */
    static List<String> fslock(String... args) {
        return java(Main.class, args);
    }

    /** What a finished process said and how it ended. */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /** A started process whose stdout and stderr go to files in {@code dir}. */
    record Started(Process process, Path out, Path err) {
        long pid() {
            return process.pid();
        }

        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("still running after " + DEADLINE + ": " + process.info().commandLine().orElse("?") + "\n"
                        + read(out) + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        }

        String stderr() throws IOException {
            return read(err);
        }
    }

    static Started start(Path dir, List<String> argv) throws IOException {
        return start(dir, new ProcessBuilder(argv));
    }

    /** Starts {@code builder} (its command, working directory and environment) with stdout and stderr in {@code dir}. */
    static Started start(Path dir, ProcessBuilder builder) throws IOException {
        long n = COUNTER.incrementAndGet();
        Path out = dir.resolve("p" + n + ".out");
        Path err = dir.resolve("p" + n + ".err");
        Process p = builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(p, out, err);
    }

    static Result run(Path dir, List<String> argv) throws IOException, InterruptedException {
        return start(dir, argv).await();
    }

    /** Runs {@code argv} in the working directory {@code cwd}. */
    static Result runIn(Path cwd, Path dir, List<String> argv) throws IOException, InterruptedException {
        return start(dir, new ProcessBuilder(argv).directory(cwd.toFile())).await();
    }

    /** Polls {@code condition} every few milliseconds until it holds; fails after {@link #DEADLINE}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up after " + DEADLINE + " waiting until " + what);
            }
            Thread.sleep(5); // polling interval, not synchronization: the condition decides
        }
    }

    /** Whether /proc/locks shows {@code pid} holding ({@code pending} false) or awaiting a write lock on {@code file}. */
    static boolean queueLocks(Path file, long pid, boolean pending) {
        long inode;
        try {
            inode = (Long) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return false; // not made yet
        }
        String id = ":" + inode;
        return Processes.readQuietly(Path.of("/proc/locks")).map(locks -> locks.lines().anyMatch(l -> {
            List<String> f = List.of(l.trim().split("\\s+"));
            boolean waiting = f.contains("->");
            return waiting == pending && f.contains("WRITE") && f.contains(Long.toString(pid))
                    && f.stream().anyMatch(x -> x.endsWith(id) && x.chars().filter(c -> c == ':').count() == 2);
        })).orElse(false);
    }

    /** Sends signal {@code name} (INT, HUP, ...) to {@code pid} with the shell's kill. */
    static void signal(long pid, String name) throws IOException, InterruptedException {
        int status = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$1\" \"$2\"", "kill", name, Long.toString(pid))
                .inheritIO().start().waitFor();
        if (status != 0) {
            fail("kill -s " + name + " " + pid + " failed with " + status);
        }
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        Optional<String> stat = readQuietly(Path.of("/proc/" + pid + "/stat"));
        return stat.map(s -> s.substring(s.lastIndexOf(')') + 2).startsWith("Z")).orElse(false);
    }

    static Optional<String> readQuietly(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The names in a directory, sorted; empty if it is absent. */
    static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The pid field of an owner entry name (o1_HOST_BOOT_PIDNS_PID_START_NONCE). */
    static long pidOf(String entryName) {
        return Long.parseLong(entryName.split("_")[4]);
    }
}
