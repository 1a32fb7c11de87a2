package dev.fslock.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * unlink and rmdir on a read-only filesystem fail with EROFS even when nothing is there: an
 * abandoned acquisition that never made its entry must not report a failed cleanup, and what is
 * there is reported as the error it is. The read-only filesystem is a tmpfs mounted in a private
 * mount namespace ({@code unshare -m}) of a child process; this JVM reaches it through
 * {@code /proc/<child>/root}, so the host's mounts never change.
 */
class NioFileOpsReadOnlyTest {
    private final NioFileOps fs = NioFileOps.instance();

    @TempDir
    Path dir;

    private Process mounter;
    private Path readOnly;

    @BeforeEach
    void mountAReadOnlyTmpfs() throws Exception {
        assumeTrue(fs.accessUid().orElse(-1) == 0, "needs root to mount a tmpfs in a private mount namespace");
        Path mountPoint = Files.createDirectory(dir.resolve("ro"));
        Path ready = dir.resolve("ready");
        String script = "set -e; mount -t tmpfs tmpfs \"$1\"; mkdir \"$1/empty\"; touch \"$1/file\";"
                + " mount -o remount,ro \"$1\"; echo $$ > \"$2\"; exec cat";
        try {
            mounter = new ProcessBuilder("unshare", "-m", "sh", "-c", script, "sh", mountPoint.toString(), ready.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "unshare (util-linux) is needed for a private mount namespace: " + e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready) || Files.size(ready) == 0) {
            if (!mounter.isAlive()) {
                assumeTrue(false, "could not mount a read-only tmpfs in a private mount namespace: "
                        + new String(mounter.getInputStream().readAllBytes()).trim());
            }
            assertTrue(System.nanoTime() < deadline, "the mount never came");
            Thread.sleep(10);
        }
        readOnly = Path.of("/proc/" + mounter.pid() + "/root" + mountPoint);
        assertTrue(Files.isRegularFile(readOnly.resolve("file")), "the tmpfs is not reachable through /proc");
    }

    @AfterEach
    void unmount() throws InterruptedException {
        if (mounter != null) {
            mounter.destroy(); // the namespace, and its mount, go with the process
            mounter.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void nothingToRemoveIsNoErrorOnAReadOnlyFilesystem() throws IOException {
        assertFalse(fs.deleteFile(readOnly.resolve("absent")));
        assertEquals(RmdirResult.ABSENT, fs.deleteEmptyDirectory(readOnly.resolve("absent")));
    }

    @Test
    void somethingThatCannotBeRemovedIsAnError() {
        FileSystemException unlink = assertThrows(FileSystemException.class, () -> fs.deleteFile(readOnly.resolve("file")));
        assertTrue(String.valueOf(unlink.getReason()).contains("Read-only"), unlink.toString());
        FileSystemException rmdir = assertThrows(FileSystemException.class,
                () -> fs.deleteEmptyDirectory(readOnly.resolve("empty")));
        assertTrue(String.valueOf(rmdir.getReason()).contains("Read-only"), rmdir.toString());
        assertTrue(Files.isRegularFile(readOnly.resolve("file")));
        assertTrue(Files.isDirectory(readOnly.resolve("empty")));
    }
}
