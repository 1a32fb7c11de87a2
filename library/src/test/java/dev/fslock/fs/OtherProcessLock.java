package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Another process (python's {@code fcntl.lockf}, the POSIX lock the JDK's FileChannel locks take)
 * that holds the exclusive lock of a file until closed; and the descriptors this process has open
 * on a file. Skipped with the reason where python3 or /proc/self/fd is missing. Public for the
 * tests of the waits (dev.fslock.wait), which watch such entries.
 */
public final class OtherProcessLock implements AutoCloseable {
    private final Process process;

    private OtherProcessLock(Process process) {
        this.process = process;
    }

    /** Returns once another process holds the exclusive lock of {@code file} (which must exist). */
    public static OtherProcessLock hold(Path file) throws Exception {
        Path ready = file.resolveSibling(file.getFileName() + ".ready");
        Files.deleteIfExists(ready);
        String script = "import fcntl,sys\n"
                + "f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                + "open(sys.argv[2],'w').close()\n"
                + "sys.stdin.read()\n";
        Process holder;
        try {
            holder = new ProcessBuilder(python(), "-c", script, file.toString(), ready.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is needed to hold a POSIX lock from another process: " + e);
            throw e;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready)) {
            assertTrue(holder.isAlive(), "the lock holder exited early");
            assertTrue(System.nanoTime() < deadline, "the lock holder never took its lock");
            Thread.sleep(10);
        }
        Files.delete(ready);
        return new OtherProcessLock(holder);
    }

    /** Lets go: the other process exits, which drops its lock. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the lock holder did not exit");
    }

    /** 1 if another process gets the exclusive lock of {@code file} at once (and drops it), 0 if it is held. */
    public static int tryExclusive(Path file) throws Exception {
        return tryLock(file, "r+", "LOCK_EX");
    }

    /** 1 if another process gets a shared lock of {@code file} at once (and drops it), 0 if an exclusive one is held. */
    public static int tryShared(Path file) throws Exception {
        return tryLock(file, "r", "LOCK_SH");
    }

    private static int tryLock(Path file, String openMode, String kind) throws Exception {
        String script = "import fcntl,sys\n"
                + "f=open(sys.argv[1],'" + openMode + "')\n"
                + "try:\n    fcntl.lockf(f, fcntl." + kind + " | fcntl.LOCK_NB)\nexcept OSError:\n    sys.exit(10)\n"
                + "sys.exit(11)\n";
        Process p;
        try {
            p = new ProcessBuilder(python(), "-c", script, file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is needed to try a POSIX lock from another process: " + e);
            return -1;
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        int code = p.exitValue();
        assertTrue(code == 10 || code == 11, "python3 failed: " + new String(p.getInputStream().readAllBytes()));
        return code - 10;
    }

    /** How many of this process's descriptors are open on {@code file}. */
    public static long descriptorsOf(Path file) {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "no /proc/self/fd to count descriptors");
        try (Stream<Path> open = Files.list(fds)) {
            Path real = file.toRealPath();
            return open.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                    return false; // closed meanwhile (the listing's own descriptor)
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system's python3 if there is one (a version manager's shim takes seconds to start). */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
