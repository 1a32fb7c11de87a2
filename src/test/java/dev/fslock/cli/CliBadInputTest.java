package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real command (one JVM each): every case ends with one line on stderr that
 * says what is wrong, the documented exit status, the command not run, and nothing deleted or
 * changed in the lock's directory.
 */
class CliBadInputTest {
    @TempDir Path dir;    // where the locks are
    @TempDir Path output; // the processes' stdout and stderr
    Path marker;          // the command creates it: it must never run here
    String touch;

    @BeforeEach
    void setUp() {
        marker = output.resolve("command-ran");
        touch = "touch " + marker;
    }

    @Test
    void missingParentDirectory() throws Exception {
        String line = assertFailsCleanly(74, "run", dir.resolve("absent/x.lock").toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("does not exist"), line);
    }

    @Test
    void lockIsARegularFile() throws Exception {
        Files.writeString(dir.resolve("x.lock"), "12345\n"); // e.g. another tool's lock file
        String line = assertFailsCleanly(74, "run", dir.resolve("x.lock").toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("is a regular file, not an fslock lock directory"), line);
        assertTrue(line.contains("fslock break --force"), line);
    }

    @Test
    void lockIsASymbolicLink() throws Exception {
        Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("x.lock"), dir.resolve("elsewhere"));
        String line = assertFailsCleanly(74, "run", dir.resolve("x.lock").toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("is a symbolic link"), line);
    }

    @Test
    void permissionDenied() throws Exception {
        assumeFalse(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "root may write anywhere");
        Path locked = Files.createDirectory(dir.resolve("readonly"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            String line = assertFailsCleanly(77, "run", locked.resolve("x.lock").toString(), "--", "sh", "-c", touch);
            assertTrue(line.contains("permission denied"), line);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void unparseableEntryIsNeverBroken() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("x.lock"));
        Files.writeString(lock.resolve("held-by-some-script"), "pid 4242\n");
        String line = assertFailsCleanly(75, "run", "--timeout", "0.3", lock.toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("foreign entry held-by-some-script (UNKNOWN"), line);
        assertTrue(line.contains("fslock break --force"), line);
    }

    @Test
    void unknownOption() throws Exception {
        String line = assertFailsCleanly(64, "run", "--bogus", dir.resolve("x.lock").toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("Unknown option: '--bogus'"), line);
    }

    @Test
    void missingDoubleDash() throws Exception {
        String line = assertFailsCleanly(64, "run", dir.resolve("x.lock").toString(), "sh", "-c", touch);
        assertTrue(line.contains("missing '--' before the command"), line);
    }

    @Test
    void nothingAfterDoubleDash() throws Exception {
        String line = assertFailsCleanly(64, "run", dir.resolve("x.lock").toString(), "--");
        assertTrue(line.contains("no command after '--'"), line);
    }

    @Test
    void badDuration() throws Exception {
        String line = assertFailsCleanly(64, "run", "--timeout", "5x", dir.resolve("x.lock").toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("'5x' is not a duration"), line);
    }

    @Test
    void noWaitWithTimeout() throws Exception {
        String line = assertFailsCleanly(64, "run", "--no-wait", "--timeout", "1", dir.resolve("x.lock").toString(), "--",
                "sh", "-c", touch);
        assertTrue(line.contains("exclude each other"), line);
    }

    @Test
    void statusOfMissingDirectory() throws Exception {
        String line = assertFailsCleanly(74, "status", dir.resolve("absent/x.lock").toString());
        assertTrue(line.contains("does not exist"), line);
    }

    /** Runs fslock with {@code args}; asserts the status, one stderr line, no command, no change. @return the line */
    private String assertFailsCleanly(int status, String... args) throws Exception {
        Map<String, String> before = snapshot(dir);
        Processes.Result r = Processes.run(output, Processes.fslock(args));
        System.out.println("fslock " + String.join(" ", args) + "\n  -> " + r.status() + ": " + r.err().strip());
        assertEquals(status, r.status(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "one line on stderr expected: " + r);
        assertTrue(lines.get(0).startsWith("fslock: "), r::toString);
        assertFalse(lines.get(0).contains("Exception"), () -> "a stack trace or exception name: " + r);
        assertEquals("", r.out(), r::toString);
        assertFalse(Files.exists(marker), "the command ran");
        assertEquals(before, snapshot(dir), "the lock's directory changed");
        return lines.get(0);
    }

    /** Every path under {@code root}, with a file's content or a link's target. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(paths::add);
        }
        for (Path p : paths) {
            String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                    : Files.isDirectory(p) ? "dir" : Files.readString(p);
            all.put(root.relativize(p).toString(), what);
        }
        return all;
    }
}
