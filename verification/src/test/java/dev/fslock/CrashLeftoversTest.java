package dev.fslock;

import static dev.fslock.testing.TestEnvironments.exitedPid;
import static dev.fslock.testing.TestEnvironments.onThisHost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.LockBed;
import dev.fslock.testing.OtherThread;
import dev.fslock.testing.TestEnvironments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What crashes leave behind, crafted by hand on the real filesystem and judged by the real /proc:
 * entries of dead owners are broken, entries of live or unjudgeable owners never are; leftover
 * temp files of dead owners are swept, those of live owners kept.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrashLeftoversTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30); // only reached if a dead owner is not broken
    private static final Duration SHORT = Duration.ofMillis(100); // for owners that must not be broken

    @TempDir Path dir;
    LockBed bed;
    Path lockPath;

    @BeforeAll
    static void needsProc() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
    }

    @BeforeEach
    void setUp() {
        bed = LockBed.Backend.REAL_FILESYSTEM.create(dir);
        lockPath = dir.resolve("X");
    }

    private static OwnerId owner(ProcessIdentity process) {
        return new OwnerId(process, "c" + Long.toString(System.nanoTime() & 0xffffff, 36));
    }

    /** Acquires, checks the crafted entry is gone and ours is the only one, releases. */
    private void assertBrokenOnAcquire(OwnerId crashed) throws Exception {
        bed.putEntry("X", crashed);
        FsLock lock = FsLock.open(lockPath);
        assertEquals(Liveness.DEAD, lock.status().holders().get(0).liveness());

        try (LockHandle held = lock.acquire(PATIENCE)) {
            assertEquals(List.of(held.entryName()), bed.entries("X"));
        }
        assertEquals(List.of("X.fence"), bed.names());
    }

    /** A short acquire times out; the crafted entry stays. @return the timeout message */
    private String assertNeverBroken(OwnerId holder, Liveness expected) throws Exception {
        bed.putEntry("X", holder);
        FsLock lock = FsLock.open(lockPath);

        LockTimeoutException e = assertThrows(LockTimeoutException.class,
                () -> OtherThread.call(() -> lock.acquire(SHORT)));

        assertEquals(expected, e.status().holders().get(0).liveness());
        assertTrue(e.getMessage().contains(expected.name()), e.getMessage());
        assertEquals(List.of(holder.entryName()), bed.entries("X"), "never broken");
        assertEquals(List.of("X"), bed.names().stream().filter(n -> !n.equals("X.queue")).toList(), // the queue file may stay
                "the timed-out attempt left nothing");
        assertTrue(lock.tryAcquire().isEmpty());
        return e.getMessage();
    }

    @Test
    void entryOfAnExitedProcessIsBrokenOnAcquire() throws Exception {
        assertBrokenOnAcquire(owner(onThisHost(exitedPid(), "k1")));
    }

    @Test
    void entryOfAPidThatDoesNotExistIsBrokenOnAcquire() throws Exception {
        long pidMax = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).trim());
        assertBrokenOnAcquire(owner(onThisHost(pidMax + 1, "k1")));
    }

    @Test
    void entryWithOurPidButAnotherStartTimeIsAReusedPidAndBroken() throws Exception {
        ProcessIdentity self = ProcessIdentity.current();
        assertFalse(self.startTime().equals("k1"));

        assertBrokenOnAcquire(owner(onThisHost(self.pid(), "k1")));
    }

    @Test
    void entryWithALiveChildsPidButAnotherStartTimeIsAReusedPidAndBroken() throws Exception {
        Process child = liveChild();
        try {
            assertBrokenOnAcquire(owner(onThisHost(child.pid(), "k1")));
            assertTrue(child.isAlive(), "breaking an entry touches no process");
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    @Test
    void entryOfThisLiveProcessIsNeverBroken() throws Exception {
        String message = assertNeverBroken(owner(ProcessIdentity.current()), Liveness.ALIVE);

        assertTrue(message.contains("It is alive"), message);
    }

    @Test
    void entryFromAnotherHostIsUnknownAndNeverBroken() throws Exception {
        OwnerId remote = owner(TestEnvironments.withHost(ProcessIdentity.current(), "elsewhere.example"));

        String message = assertNeverBroken(remote, Liveness.UNKNOWN);

        assertTrue(message.contains("pid " + remote.process().pid() + " on elsewhere.example"), message);
        assertTrue(message.contains("fslock break --force " + lockPath), message);
        List<BreakAction> actions = FsLock.open(lockPath).breakLock(false);
        assertEquals(List.of(remote.entryName()), bed.entries("X"), "break without --force keeps it");
        assertFalse(actions.get(0).removed());
    }

    @Test
    void forcedBreakRemovesAnUnknownOwnersEntry() throws Exception {
        OwnerId remote = owner(TestEnvironments.withHost(ProcessIdentity.current(), "elsewhere.example"));
        bed.putEntry("X", remote);

        FsLock.open(lockPath).breakLock(true);

        assertEquals(List.of(), bed.names());
        try (LockHandle held = FsLock.open(lockPath).acquire(PATIENCE)) {
            assertTrue(held.isValid());
        }
    }

    @Test
    void entryFromAnEarlierBootOfThisHostIsBroken() throws Exception {
        String otherBoot = "ffffffffffffffffffffffffffffffff";
        assumeTrue(!otherBoot.equals(ProcessIdentity.current().bootId()));

        assertBrokenOnAcquire(owner(TestEnvironments.withBootId(ProcessIdentity.current(), otherBoot)));
    }

    @Test
    void entryFromAnotherPidNamespaceIsUnknownAndNeverBroken() throws Exception {
        String message = assertNeverBroken(
                owner(TestEnvironments.withPidNamespace(ProcessIdentity.current(), "1")), Liveness.UNKNOWN);

        assertTrue(message.contains("fslock break --force"), message);
    }

    @Test
    void liveOwnerEntryStopsTheBreakingOfTheDeadOneBesideIt() throws Exception {
        // A lock run by "fslock run" has two entries; one dead co-owner does not free the lock.
        OwnerId dead = owner(onThisHost(exitedPid(), "k1"));
        OwnerId live = owner(ProcessIdentity.current());
        bed.putEntry("X", dead);
        bed.putEntry("X", live);

        assertTrue(OtherThread.call(() -> FsLock.open(lockPath).tryAcquire()).isEmpty());

        assertEquals(List.of(live.entryName()), bed.entries("X"), "the dead entry is broken, the live one kept");
    }

    // ---------------------------------------------------------------------------------------
    // Leftover temp dirs and fence temps beside the lock

    /** Crafts an acquirer's temp dir with its entry, and a fence temp, as a crash leaves them. */
    private void putLeftovers(OwnerId owner) throws Exception {
        Path temp = dir.resolve(".X.tmp." + owner.entryName());
        Files.createDirectory(temp);
        Files.writeString(temp.resolve(owner.entryName()), "fslock owner v1\n");
        Files.writeString(dir.resolve(".X.fence." + owner.entryName()), "7\n");
    }

    private List<String> leftoversOf(OwnerId owner) {
        return bed.names().stream().filter(n -> n.endsWith(owner.entryName())).toList();
    }

    @Test
    void leftoversOfDeadOwnersAreSweptWhenAnAcquisitionHasToWait() throws Exception {
        OwnerId holder = owner(ProcessIdentity.current());
        bed.putEntry("X", holder);
        OwnerId dead = owner(onThisHost(exitedPid(), "k1"));
        OwnerId live = owner(ProcessIdentity.current());
        OwnerId remote = owner(TestEnvironments.withHost(ProcessIdentity.current(), "elsewhere.example"));
        putLeftovers(dead);
        putLeftovers(live);
        putLeftovers(remote);

        assertTrue(OtherThread.call(() -> FsLock.open(lockPath).tryAcquire()).isEmpty());

        assertEquals(List.of(), leftoversOf(dead), "swept");
        assertEquals(2, leftoversOf(live).size(), "a live owner's are kept");
        assertEquals(2, leftoversOf(remote).size(), "an unknown owner's are kept");
        assertEquals(List.of(holder.entryName()), bed.entries("X"));
        assertEquals(List.of("fslock owner v1\n"), List.of(Files.readString(
                dir.resolve(".X.tmp." + live.entryName()).resolve(live.entryName()))));
    }

    @Test
    void breakLockSweepsLeftoversOfDeadOwnersOnly() throws Exception {
        OwnerId dead = owner(onThisHost(exitedPid(), "k1"));
        OwnerId live = owner(ProcessIdentity.current());
        putLeftovers(dead);
        putLeftovers(live);

        FsLock.open(lockPath).breakLock(false);

        assertEquals(List.of(), leftoversOf(dead));
        assertEquals(2, leftoversOf(live).size());
    }

    @Test
    void breakLockReportsTruthfullyWhatItRemoved() throws Exception {
        OwnerId dead = owner(onThisHost(exitedPid(), "k1"));
        OwnerId alsoDead = owner(onThisHost(exitedPid(), "k1"));
        putLeftovers(dead);
        Path stuffed = dir.resolve(".X.tmp." + alsoDead.entryName());
        Files.createDirectory(stuffed);
        Files.writeString(stuffed.resolve("not-an-entry"), "someone put this here"); // rmdir cannot remove it

        List<BreakAction> actions = FsLock.open(lockPath).breakLock(false);

        for (BreakAction action : actions) {
            assertEquals(!Files.exists(Path.of(action.path()), java.nio.file.LinkOption.NOFOLLOW_LINKS), action.removed(),
                    action.toString());
        }
        assertEquals(3, actions.size(), actions.toString());
        assertTrue(Files.exists(stuffed.resolve("not-an-entry")), "rmdir never removes what is inside");
    }

    @Test
    void leftoversOfAnotherLockInTheSameDirectoryAreNotTouched() throws Exception {
        OwnerId dead = owner(onThisHost(exitedPid(), "k1"));
        Path otherTemp = dir.resolve(".Y.tmp." + dead.entryName());
        Files.createDirectory(otherTemp);
        Files.writeString(dir.resolve(".Y.fence." + dead.entryName()), "3\n");

        FsLock.open(lockPath).breakLock(false);

        assertTrue(Files.isDirectory(otherTemp));
        assertTrue(Files.exists(dir.resolve(".Y.fence." + dead.entryName())));
    }

    /** A child that lives until destroyed (sleeps a minute at most). */
    private static Process liveChild() throws IOException {
        return new ProcessBuilder("sleep", "60").start();
    }
}
