package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.FsLock;
import dev.fslock.LockHandle;
import dev.fslock.fs.EntryLockState;
import dev.fslock.fs.EntryLockWatch;
import dev.fslock.fs.NioFileOps;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EntryLockWatch} against a real holder in another JVM ({@link HoldingWorker}): the watch
 * blocks in the kernel on a shared lock of the holder's entry and ends FREE when the holder
 * releases or is killed; while it blocks, this JVM's probe of the entry still says HELD (the JDK
 * would refuse a second lock from this JVM, and a second descriptor's close would drop the
 * watch's); a cancelled watch tells nothing and leaves the holder's lock alone; this JVM's own
 * entries are never watched.
 */
class EntryLockWatchTest {
    @TempDir Path dir;
    @TempDir Path output;

    private Process holder;
    private BufferedReader holderOut;
    private PrintWriter holderIn;
    private Path entry;
    private final List<EntryLockWatch.End> ends = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHolder() throws Exception {
        Path lockPath = dir.resolve("x.lock");
        holder = new ProcessBuilder(Processes.java(HoldingWorker.class, lockPath.toString()))
                .redirectError(output.resolve("holder.err").toFile()).start();
        holderOut = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        holderIn = new PrintWriter(holder.getOutputStream(), true, StandardCharsets.UTF_8);
        String held = holderOut.readLine();
        assertTrue(held != null && held.startsWith("HELD "), "holder: " + held + Processes.read(output.resolve("holder.err")));
        entry = lockPath.resolve(held.substring(5));
    }

    @AfterEach
    void stopHolder() throws Exception {
        holder.destroyForcibly();
        holder.waitFor(60, TimeUnit.SECONDS);
    }

    private EntryLockWatch.Subscription watch() {
        return EntryLockWatch.subscribe(entry, ends::add).orElseThrow(() -> new AssertionError("not watched: " + ends));
    }

    @Test
    void endsFreeWhenTheHolderReleasesAndTheProbeSaysHeldMeanwhile() throws Exception {
        try (EntryLockWatch.Subscription ignored = watch()) {
            awaitBlockedInKernel();
            assertEquals(EntryLockState.HELD, NioFileOps.instance().entryLock(entry), "probe while a watch blocks");
            assertEquals(List.of(), ends, "ended while the holder holds");

            holderIn.println("release");
            assertEquals("RELEASED", holderOut.readLine());
            Processes.await("the watch ends", () -> !ends.isEmpty());
            assertEquals(List.of(EntryLockWatch.End.FREE), ends);
            Processes.await("the watch is gone", () -> EntryLockWatch.active() == 0);
        }
    }

    @Test
    void endsFreeWhenTheHolderIsKilled() throws Exception {
        try (EntryLockWatch.Subscription ignored = watch()) {
            awaitBlockedInKernel();
            Processes.signal(holder.pid(), "KILL");
            Processes.await("the watch ends", () -> !ends.isEmpty());
            assertEquals(List.of(EntryLockWatch.End.FREE), ends);
            assertEquals(EntryLockState.FREE, NioFileOps.instance().entryLock(entry), "the dead holder's entry, probed");
        }
    }

    @Test
    void aCancelledWatchTellsNothingAndTheHolderKeepsItsLock() throws Exception {
        EntryLockWatch.Subscription first = watch();
        EntryLockWatch.Subscription second = watch(); // joins the first: one descriptor per entry in this JVM
        awaitBlockedInKernel();
        assertEquals(1, EntryLockWatch.active());
        first.close();
        assertEquals(1, EntryLockWatch.active(), "cancelled although a subscriber remains");
        second.close();
        Processes.await("the watch is gone", () -> EntryLockWatch.active() == 0);
        assertEquals(List.of(), ends, "a cancelled watch told its subscribers");
        assertEquals(EntryLockState.HELD, NioFileOps.instance().entryLock(entry), "the holder lost its lock");
    }

    @Test
    void thisJvmsOwnEntriesAreNeverWatched() throws Exception {
        FsLock own = FsLock.open(dir.resolve("own.lock"));
        try (LockHandle held = own.acquire(java.time.Duration.ofSeconds(60))) {
            Optional<EntryLockWatch.Subscription> watched =
                    EntryLockWatch.subscribe(dir.resolve("own.lock").resolve(held.entryName()), ends::add);
            assertTrue(watched.isEmpty(), "watched an entry this JVM holds");
            assertEquals(List.of(), ends);
        }
    }

    /** The kernel lists our pending shared lock on the holder's entry (/proc/locks, "->"). */
    private static void awaitBlockedInKernel() throws InterruptedException {
        String me = Long.toString(ProcessHandle.current().pid());
        Processes.await("this JVM waits in the kernel for a shared lock", () -> Processes.readQuietly(Path.of("/proc/locks"))
                .map(locks -> locks.lines().anyMatch(l -> l.contains("->") && l.contains(" READ ")
                        && List.of(l.trim().split("\\s+")).contains(me)))
                .orElse(false));
    }
}
