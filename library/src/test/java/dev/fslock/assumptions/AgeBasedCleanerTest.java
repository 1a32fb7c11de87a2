package dev.fslock.assumptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real systemd-tmpfiles, as it cleans /tmp (10 days) and /var/tmp (30 days), run against a
 * lock that has been held for longer than that: the holder's entry carries the sticky bit, which
 * tmpfiles takes as "never remove", so the entry and the lock directory stay, and the holder is
 * never compromised. The cleaner does remove the fence link; tokens still grow (the clock floor).
 * A file fslock did not make, aged the same way, is removed: proof that the cleaner really ran.
 */
class AgeBasedCleanerTest {
    private static final Path TMPFILES = Path.of("/usr/bin/systemd-tmpfiles");

    @TempDir Path dir;

    @Test
    void aLockHeldForWeeksSurvivesSystemdTmpfiles() throws Exception {
        assumeTrue(Files.isExecutable(TMPFILES), "systemd-tmpfiles is not installed (" + TMPFILES + ")");
        Path lockPath = dir.resolve("daemon.lock");
        FsLock lock = FsLock.open(lockPath);
        Path bystander = Files.writeString(dir.resolve("report.txt"), "not fslock's");
        long first;
        try (LockHandle held = lock.acquire(Duration.ofSeconds(10))) {
            first = held.fencingToken();
            List<Path> everything = everything();
            ageBy40Days(everything);

            clean();

            assertFalse(Files.exists(bystander), "the cleaner ran: it removed the aged file fslock did not make");
            assertTrue(Files.exists(lockPath.resolve(held.entryName())), "the holder's entry was removed");
            assertTrue(held.isValid());
        } // release: LockCompromisedException if the entry had gone
        assertFalse(Files.exists(lockPath), "released");
        try (LockHandle again = lock.acquire(Duration.ofSeconds(10))) {
            assertTrue(again.fencingToken() > first, "tokens grow even though the cleaner removed the fence link");
        }
    }

    private List<Path> everything() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.remove(dir);
            return all;
        }
    }

    /** touch -h: mtime of links themselves too (Java's setLastModifiedTime follows links). */
    private static void ageBy40Days(List<Path> paths) throws Exception {
        List<String> argv = new ArrayList<>(List.of("touch", "-h", "-d", "40 days ago"));
        paths.forEach(p -> argv.add(p.toString()));
        assertEquals(0, run(argv));
    }

    private void clean() throws Exception {
        // As /usr/lib/tmpfiles.d/tmp.conf cleans /tmp, judged by mtime only (touch cannot set ctime back).
        Path conf = Files.writeString(Files.createTempFile("fslock-tmpfiles", ".conf"), "d " + dir + " - - - m:10d\n");
        try {
            assertEquals(0, run(List.of(TMPFILES.toString(), "--clean", conf.toString())));
        } finally {
            Files.delete(conf);
        }
    }

    private static int run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 60 s: " + argv);
        }
        return p.exitValue();
    }
}
