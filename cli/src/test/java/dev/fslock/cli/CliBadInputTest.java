package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        assertTrue(line.contains("is not a lock: it is a regular file, not an fslock lock directory"), line);
        assertTrue(line.contains("remove it yourself: rm " + dir.resolve("x.lock")), line);

        // break --force no longer removes what fslock did not make (it used to remove this file).
        String forced = assertFailsCleanly(74, "break", "--force", dir.resolve("x.lock").toString());
        assertTrue(forced.contains("fslock never removes what it did not make"), forced);
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

    /** An entry of fslock's shape that this version cannot read: an owner it cannot judge. A wait (75), never broken. */
    @Test
    void unreadableOwnerEntryIsWaitedForAndNeverBroken() throws Exception {
        Path lock = Files.createDirectory(dir.resolve("x.lock"));
        Files.writeString(lock.resolve("o9_written-by-a-later-fslock"), "pid 4242\n");
        String line = assertFailsCleanly(75, "run", "--timeout", "0.3", lock.toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("entry o9_written-by-a-later-fslock that this fslock cannot read (UNKNOWN"), line);
        assertTrue(line.contains("fslock break --force"), line);
    }

    /**
     * Issue 10: {@code run --no-wait /tmp -- true} suggested {@code fslock break --force /tmp}, and
     * {@code break --force} on a directory of files removed them. A directory holding anything but
     * owner entries is not a lock: every command refuses it at once (74) and removes nothing.
     */
    @Test
    void directoryOfOtherFilesIsRefusedByEveryCommandAndNothingIsRemoved() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Files.writeString(work.resolve("notes.txt"), "notes");
        Files.writeString(work.resolve("config.ini"), "[x]");
        Files.writeString(work.resolve("o1_looks-like-an-entry"), "?");

        for (List<String> args : List.of(List.of("run", "--no-wait", work.toString(), "--", "sh", "-c", touch),
                List.of("run", work.toString(), "--", "sh", "-c", touch), // without a timeout: must not wait forever
                List.of("break", work.toString()), List.of("break", "--force", work.toString()))) {
            String line = assertFailsCleanly(74, args.toArray(String[]::new));
            assertTrue(line.contains("is not a lock: it is a directory holding files fslock did not make"), line);
            assertTrue(line.contains("such as " + work.resolve("NAME.lock")), line);
            assertFalse(line.contains("break --force"), "suggests removing someone's files: " + line);
        }
        Processes.Result status = Processes.run(output, Processes.fslock("status", work.toString()));
        assertEquals(74, status.status(), status::toString); // reported on stdout, and not a lock
        assertTrue(status.out().startsWith("lock " + work + ": not a lock, last fencing token 0: a directory holding"
                + " files fslock did not make ("), status.out());
    }

    /** Issue 10: {@code mkdir emptydir.lock; fslock run emptydir.lock -- ...} ran, then removed the user's directory. */
    @Test
    void emptyDirectoryFslockDidNotMakeIsRefusedAndKept() throws Exception {
        Path users = Files.createDirectory(dir.resolve("emptydir.lock"));
        String line = assertFailsCleanly(74, "run", users.toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("it is an empty directory with no emptydir.lock.fence beside it"), line);
        assertFailsCleanly(74, "break", "--force", users.toString());
    }

    /**
     * Issue 10: {@code fslock break --force ""} in a directory holding notes.txt and config.ini
     * removed both, then the working directory itself; {@code run "" -- true} waited forever. A
     * path naming a directory instead of a lock is a usage error (64) before anything is touched.
     */
    @ParameterizedTest(name = "{0} \"{1}\"")
    @CsvSource({"run,''", "run,.", "run,..", "run,./", "run,sub/.", "run,sub/..", "run,/", "break,''", "break,.",
            "break,..", "break,sub/..", "status,''", "status,."})
    void pathThatNamesADirectoryIsAUsageErrorAndTouchesNothing(String command, String path) throws Exception {
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        Files.writeString(cwd.resolve("notes.txt"), "notes");
        Files.writeString(cwd.resolve("config.ini"), "[x]");
        Files.createDirectory(cwd.resolve("sub"));
        List<String> args = switch (command) {
            case "run" -> List.of("run", path, "--", "sh", "-c", touch);
            case "break" -> List.of("break", "--force", path);
            default -> List.of("status", path);
        };
        String line = assertFailsCleanlyIn(cwd, 64, args.toArray(String[]::new));
        assertTrue(line.contains("give the lock a name of its own"), line);
    }

    @Test
    void lockNameOfMoreThan240BytesIsAUsageError() throws Exception {
        String line = assertFailsCleanly(64, "run", dir.resolve("a".repeat(241)).toString(), "--", "sh", "-c", touch);
        assertTrue(line.contains("lock name too long: 241 bytes, at most 240"), line);
    }

    /** Issue 10: names longer than 75 bytes were refused; peers take up to 255. */
    @Test
    void lockNameOf240BytesWorks() throws Exception {
        String name = "\u00e9".repeat(100) + "a".repeat(40); // 240 bytes in UTF-8
        Processes.Result r = Processes.run(output, Processes.fslock("run", dir.resolve(name).toString(), "--", "true"));
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of(name + ".fence"), Processes.list(dir));
    }

    /** Issue 10: the wrapper's "fslock-wrapper: 42: exec: ...: not found" leaked its line number, without the prefix. */
    @Test
    void missingCommandSaysSoInOneLineAndTouchesNoLock() throws Exception {
        String line = assertFailsCleanly(127, "run", dir.resolve("x.lock").toString(), "--", "no-such-command-x", "arg");
        assertEquals("fslock: command not found: no-such-command-x (searched PATH)", line);
    }

    @Test
    void commandThatIsNotExecutableSaysSoInOneLine() throws Exception {
        Path script = Files.writeString(output.resolve("not-executable"), "#!/bin/sh\ntrue\n");
        String line = assertFailsCleanly(126, "run", dir.resolve("x.lock").toString(), "--", script.toString());
        assertEquals("fslock: " + script + ": permission denied: not executable", line);
    }

    /**
     * Issue 10: on a read-only filesystem, two java.util.logging lines (a failed cleanup of a temp
     * directory that was never created) came before the fslock line. Now one line, also with -v.
     * A read-only tmpfs in a private mount namespace (root and unshare needed).
     */
    @Test
    void readOnlyFilesystemIsOneLineAlsoWithVerbose() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "mounting needs root; not root here");
        Path mountPoint = Files.createDirectory(dir.resolve("ro"));
        for (String verbose : List.of("--timeout=5", "-v")) {
            List<String> argv = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs \"$0\" && mkdir"
                    + " \"$0/d\" && mount -o remount,ro \"$0\" && exec \"$@\"", mountPoint.toString()));
            argv.addAll(Processes.fslock("run", verbose, mountPoint.resolve("d/x.lock").toString(), "--", "sh", "-c", touch));
            Processes.Result r = Processes.run(output, argv);
            assumeTrue(!r.err().contains("unshare: "), "no private mount namespace here: " + r.err());
            assertEquals(74, r.status(), r::toString);
            assertEquals(List.of("fslock: lock " + mountPoint.resolve("d/x.lock") + ": Read-only file system"),
                    r.errLines(), r::toString);
        }
        assertFalse(Files.exists(marker), "the command ran");
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
        return assertFailsCleanlyIn(null, status, args);
    }

    /** As {@link #assertFailsCleanly}, in the working directory {@code cwd} (null: the test's). */
    private String assertFailsCleanlyIn(Path cwd, int status, String... args) throws Exception {
        Map<String, String> before = snapshot(dir);
        Processes.Result r = cwd == null ? Processes.run(output, Processes.fslock(args))
                : Processes.runIn(cwd, output, Processes.fslock(args));
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
            if (p.getFileName().toString().endsWith(".queue") && p.getParent().equals(root)) {
                continue; // NAME.queue: made by any fslock that waited, never removed (docs/protocol.md)
            }
            String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                    : Files.isDirectory(p) ? "dir" : Files.readString(p);
            all.put(root.relativize(p).toString(), what);
        }
        return all;
    }
}
