package dev.fslock.zookeeper;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker JVMs for the real-process tests (as cli's Processes does for the file lock): started on
 * the test class path with their output in files, awaited with a generous deadline, signalled with
 * the shell's kill. Nothing here sleeps to synchronize: tests poll for conditions.
 */
final class Jvms {
    private Jvms() {}

    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final AtomicLong COUNTER = new AtomicLong();

    record Started(Process process, Path out, Path err) {
        long pid() {
            return process.pid();
        }

        /** Waits for the exit (60 s at most); its status, with the output in the failure message. */
        int await() throws IOException, InterruptedException {
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("still running after " + DEADLINE + ": " + output());
            }
            return process.exitValue();
        }

        String output() throws IOException {
            return "\n--- stdout:\n" + read(out) + "--- stderr:\n" + read(err);
        }
    }

    /** {@code java -cp <test class path> main args...}, output in {@code dir}. */
    static Started start(Path dir, Class<?> main, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        long n = COUNTER.incrementAndGet();
        Path out = dir.resolve("jvm" + n + ".out");
        Path err = dir.resolve("jvm" + n + ".err");
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(p, out, err);
    }

    /** Sends signal {@code name} (STOP, CONT...) to {@code pid}. */
    static void signal(long pid, String name) throws IOException, InterruptedException {
        int status = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$1\" \"$2\"", "kill", name, Long.toString(pid))
                .inheritIO().start().waitFor();
        if (status != 0) {
            fail("kill -s " + name + " " + pid + " failed with " + status);
        }
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
