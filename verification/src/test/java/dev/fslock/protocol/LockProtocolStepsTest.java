package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.fs.EntryFile;
import dev.fslock.fs.FileOps;
import dev.fslock.process.Liveness;
import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.RecordingHandler;
import dev.fslock.testing.TestEnvironments;
import dev.fslock.wait.Clock;
import dev.fslock.wait.LockWaiter;
import dev.fslock.wait.Patience;
import dev.fslock.wait.WaitQueue;
import dev.fslock.wait.WaitStrategy;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol's spec steps, in the spec's order (spec/FsLock.tla; the simulation's trace
 * validation checks them on random schedules, this test on the paths that do not wait, one by
 * one): an acquisition of a free lock and its release, a release whose entry was broken, the queue
 * left once the lock is taken, the fence failing, the entry swept before the rename (DropLock), a P
 * that is not a directory, an interrupt, the co-owners' steps; and for each, that the acquisition's
 * own entry is closed (its kernel lock dropped) when nothing is held any more, and that nothing is
 * left behind. A wait is looked at only from outside: how it starts and ends, and which holders'
 * entries the waiter was asked to watch.
 */
class LockProtocolStepsTest {
    private static final Path DIR = Path.of("/locks");
    private static final Path LOCK = DIR.resolve("X");
    private static final LockLayout LAYOUT = new LockLayout(LOCK);
    private static final long PROBE_PERIOD = TimeUnit.MILLISECONDS.toNanos(20);
    /** The frozen clock's time in microseconds: the floor of every token. */
    private static final long CLOCK_MICROS = TestEnvironments.FROZEN_CLOCK.currentTimeMillis() * 1000;

    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final List<OwnerId> owners = Collections.synchronizedList(new ArrayList<>());
    /** Closes of acquisitions' entries, by entry file name. */
    private final List<String> closed = Collections.synchronizedList(new ArrayList<>());
    private final StepObserver recorder = (owner, action, detail) -> {
        steps.add(action + (detail.isEmpty() ? "" : " " + detail));
        if (action == SpecAction.Start) {
            owners.add(owner);
        }
    };
    private MemoryFileOps fs;
    private FakeLiveness liveness;

    @BeforeEach
    void setUp() {
        fs = new MemoryFileOps().withEntryLocks();
        fs.mkdirs(DIR);
        liveness = new FakeLiveness();
    }

    /** The in-memory filesystem, whose entries tell {@link #closed} when they are closed. */
    private FileOps closeRecording() {
        return (FileOps) Proxy.newProxyInstance(FileOps.class.getClassLoader(), new Class<?>[] {FileOps.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(fs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof EntryFile entry) {
                        String name = ((Path) args[0]).getFileName().toString();
                        return new EntryFile() {
                            @Override
                            public void write(byte[] content) throws IOException {
                                entry.write(content);
                            }

                            @Override
                            public boolean lock() throws IOException {
                                return entry.lock();
                            }

                            @Override
                            public void close() throws IOException {
                                closed.add(name);
                                entry.close();
                            }
                        };
                    }
                    return result;
                });
    }

    private LockProtocol protocol(Clock clock, WaitStrategy waits) {
        Environment env = TestEnvironments.inMemory().fs(closeRecording()).liveness(liveness).clock(clock).waits(waits)
                .observer(recorder).build();
        return new LockProtocol(LAYOUT, env, PROBE_PERIOD, false);
    }

    /** An owner of another process (pid, start "k" + pid), in P with an empty entry, judged {@code verdict}. */
    private OwnerId holderInLock(int pid, String nonce, Liveness verdict) throws IOException {
        OwnerId owner = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, pid, "k" + pid), nonce);
        liveness.set(owner.process(), verdict);
        fs.mkdirs(LOCK);
        fs.put(LAYOUT.entry(owner), new byte[0]);
        return owner;
    }

    private LockProtocol protocol() {
        return protocol(TestEnvironments.FROZEN_CLOCK, TestEnvironments.immediateWaits());
    }

    private List<Path> sortedPaths() {
        return fs.withoutHook(fs::paths).stream().sorted().toList();
    }

    private OwnerId me() {
        return owners.get(owners.size() - 1);
    }

    private static String temp(OwnerId me) {
        return LAYOUT.tempDir(me).getFileName().toString();
    }


    @Test
    void aSingleTryOnAFreeLockAndItsReleaseAreTheSpecsSteps() throws Exception {
        LockProtocol protocol = protocol();
        LockProtocol.Acquired held = protocol.acquire("label", Patience.once()).orElseThrow();
        OwnerId me = me();
        assertSame(me, held.owner());
        assertEquals(CLOCK_MICROS, held.token(), "no fence yet: the clock's microseconds");
        String token = Long.toString(held.token());
        assertEquals(List.of("Start", "MkTemp " + temp(me), "CreateEntry " + me.entryName(), "WriteEntry " + me.entryName(),
                "QueueBypass " + LockProtocol.SINGLE_TRY, "RenameToLock ok", "CheckEntry present", "ReadFence 0",
                "CreateFenceTmp " + token, "RenameFence " + token, "VerifyHeld present"), steps);
        assertTrue(protocol.isHeldBy(me));
        assertEquals(List.of(), closed, "the entry stays open (and locked) while the lock is held");

        steps.clear();
        assertTrue(protocol.release(held), "our entry was there");
        assertEquals(List.of("LeaveCS", "ReleaseUnlink " + me.entryName(), "ReleaseRmdir REMOVED"), steps);
        assertEquals(List.of(me.entryName()), closed, "the entry is closed once unlinked");
        assertFalse(protocol.isHeldBy(me));
        assertEquals(List.of(Path.of("/"), DIR, LAYOUT.fence()), sortedPaths(), "only the fence stays");

        steps.clear();
        LockProtocol.Acquired next = protocol.acquire("label", Patience.once()).orElseThrow();
        assertEquals(CLOCK_MICROS + 1, next.token(), "one above the fence");
        assertTrue(steps.contains("ReadFence " + CLOCK_MICROS), steps.toString());
        protocol.release(next);
    }

    @Test
    void aReleaseWhoseEntryWasBrokenSaysSoAndStillClosesIt() throws Exception {
        LockProtocol protocol = protocol();
        LockProtocol.Acquired held = protocol.acquire("label", Patience.once()).orElseThrow();
        OwnerId me = me();
        fs.deleteFile(LAYOUT.entry(me)); // fslock break --force
        steps.clear();
        assertFalse(protocol.release(held), "compromised: the entry was already gone");
        assertEquals(List.of("LeaveCS", "ReleaseUnlink " + me.entryName() + " ENOENT", "ReleaseRmdir REMOVED"), steps);
        assertEquals(List.of(me.entryName()), closed);
    }

    /** A queue whose head place this test sees closed. */
    private static final class HeadQueue implements WaitQueue {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Place tryJoin() {
            events.add("tryJoin");
            return head();
        }

        @Override
        public Place join(long timeoutNanos) {
            events.add("join");
            return head();
        }

        private Place head() {
            return headLeavingTo(events);
        }
    }

    /** The head's place, which says "left" in {@code events} when it is closed. */
    private static WaitQueue.Place headLeavingTo(List<String> events) {
        return new WaitQueue.Place() {
            @Override
            public boolean isHead() {
                return true;
            }

            @Override
            public boolean isUnavailable() {
                return false;
            }

            @Override
            public void close() {
                events.add("left");
            }
        };
    }

    /** A clock that moves only when a waiter waits: as far as it asked to wait (simulated time). */
    private static final class WaitingClock implements Clock {
        final AtomicLong now = new AtomicLong();

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public long currentTimeMillis() {
            return TestEnvironments.FROZEN_CLOCK.currentTimeMillis();
        }
    }

    /** Waiters that record what they were asked and return at once, having moved the clock on as far as asked. */
    private static final class RecordingWaits implements WaitStrategy {
        final WaitingClock clock = new WaitingClock();
        WaitQueue queue;
        final Set<Path> watchedHolders = Collections.synchronizedSet(new LinkedHashSet<>());
        final List<String> waiters = Collections.synchronizedList(new ArrayList<>());
        final List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        volatile boolean kernelWakes; // what wokenByKernel says for a non-empty list of holders

        RecordingWaits(WaitQueue queue) {
            this.queue = queue;
        }

        /** Waiters whose queue is made for their clock. */
        static RecordingWaits queueing(Function<WaitingClock, WaitQueue> queue) {
            RecordingWaits waits = new RecordingWaits(WaitQueue.UNAVAILABLE);
            waits.queue = queue.apply(waits.clock);
            return waits;
        }

        @Override
        public LockWaiter watchLock(Path lock) {
            waiters.add("watch " + lock);
            return new LockWaiter() {
                @Override
                public long mark() {
                    return 0;
                }

                @Override
                public void await(long mark, long nanos) {
                    waits.add(nanos);
                    clock.now.addAndGet(Math.max(1, nanos));
                }

                @Override
                public void watchHolders(List<Path> entryFiles) {
                    watchedHolders.addAll(entryFiles);
                }

                @Override
                public boolean wokenByKernel(List<Path> entryFiles) {
                    return kernelWakes && !entryFiles.isEmpty();
                }

                @Override
                public void close() {
                    waiters.add("closed");
                }
            };
        }

        @Override
        public WaitQueue queue(Path queueFile) {
            return queue;
        }
    }

    /**
     * A queue whose first look ({@code tryJoin}) finds {@code first}, and whose waits find {@code then},
     * after sleeping their whole timeout on {@code clock} if that is not the head; records its waits' timeouts.
     */
    private static final class ScriptedQueue implements WaitQueue {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        private final WaitQueue.Place first;
        private final boolean thenHead;
        private final WaitingClock clock;

        ScriptedQueue(WaitQueue.Place first, boolean thenHead, WaitingClock clock) {
            this.first = first;
            this.thenHead = thenHead;
            this.clock = clock;
        }

        @Override
        public Place tryJoin() {
            events.add("tryJoin");
            return first;
        }

        @Override
        public Place join(long timeoutNanos) {
            events.add("join " + timeoutNanos);
            if (!thenHead) {
                clock.now.addAndGet(timeoutNanos);
                return Place.timedOut();
            }
            return headLeavingTo(events);
        }
    }

    @Test
    void theHeadOfTheQueueLeavesItOnceItHoldsTheLock() throws Exception {
        HeadQueue queue = new HeadQueue();
        LockProtocol protocol = protocol(TestEnvironments.FROZEN_CLOCK, new RecordingWaits(queue));
        LockProtocol.Acquired held = protocol.acquire("label", Patience.atMost(Duration.ofSeconds(60))).orElseThrow();
        OwnerId me = me();
        assertEquals(List.of("tryJoin", "left"), queue.events, "the next waiter becomes head when we hold the lock");
        assertEquals(List.of("Start", "MkTemp " + temp(me), "CreateEntry " + me.entryName(), "WriteEntry " + me.entryName(),
                "QueueJoin free", "RenameToLock ok", "QueueLeave", "CheckEntry present"), steps.subList(0, 8));
        protocol.release(held);
    }

    @Test
    void aFreeLockWithoutAQueueIsTakenWithoutOne() throws Exception {
        RecordingWaits waits = new RecordingWaits(WaitQueue.UNAVAILABLE);
        LockProtocol protocol = protocol(TestEnvironments.FROZEN_CLOCK, waits);
        LockProtocol.Acquired held = protocol.acquire("label", Patience.atMost(Duration.ofSeconds(60))).orElseThrow();
        assertEquals(List.of("QueueBypass " + LockProtocol.NO_QUEUE, "RenameToLock ok", "CheckEntry present"),
                steps.subList(4, 7));
        assertEquals(List.of(), waits.waiters, "nothing to wait for: no watch");
        protocol.release(held);
    }

    @Test
    void aWaitThatTimesOutAbandonsEverythingAndWatchesOnlyOtherProcessesHolders() throws Exception {
        OwnerId other = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, 77, "k77"), "o1");
        OwnerId ourThread = new OwnerId(TestEnvironments.SELF, "t1"); // a holder thread of this very process
        liveness.set(other.process(), Liveness.ALIVE);
        fs.mkdirs(LOCK);
        fs.put(LAYOUT.entry(other), new byte[0]);
        fs.put(LAYOUT.entry(ourThread), new byte[0]);
        RecordingWaits waits = new RecordingWaits(WaitQueue.UNAVAILABLE);
        LockProtocol protocol = protocol(waits.clock, waits);

        assertEquals(Optional.empty(), protocol.acquire("label", Patience.atMost(Duration.ofSeconds(1))));

        OwnerId me = me();
        assertEquals(List.of("Start", "MkTemp " + temp(me), "CreateEntry " + me.entryName(), "WriteEntry " + me.entryName(),
                "QueueBypass " + LockProtocol.NO_QUEUE, "RenameToLock ENOTEMPTY"), steps.subList(0, 6));
        assertTrue(steps.get(6).startsWith("ReadLockDir "), steps.toString());
        assertEquals(List.of("AbandonStart", "AbandonUnlink " + me.entryName(), "AbandonRmdir " + temp(me)),
                steps.subList(steps.size() - 3, steps.size()));
        assertEquals(Set.of(LAYOUT.entry(other)), waits.watchedHolders,
                "our own process's entry must never be watched (a second descriptor drops its lock): " + steps);
        assertEquals(List.of("watch " + LOCK, "closed", "watch " + LOCK, "closed"), waits.waiters,
                "a watch for the first look, closed before the queue (which turns out unusable); then one to the end");
        assertEquals(List.of(me.entryName()), closed, "our entry closed when we gave up");
        assertEquals(List.of(Path.of("/"), DIR, LOCK, LAYOUT.entry(ourThread), LAYOUT.entry(other)),
                sortedPaths(), "the holders untouched, nothing of ours left");
    }

    @Test
    void aGiveUpWhoseCleanupFailsStillClosesTheEntry() throws Exception {
        OwnerId other = holderInLock(77, "o1", Liveness.ALIVE);
        LockProtocol protocol = protocol();
        fs.setHook((op, path) -> {
            if (op.equals("unlink") && path.equals(LAYOUT.tempEntry(me()))) {
                throw new IOException("the filesystem failed under us");
            }
        });
        List<LogRecord> log = new ArrayList<>();
        assertEquals(Optional.empty(), logged(LockProtocol.class.getName(), log, () -> protocol.acquire("label", Patience.once())));
        OwnerId me = me();
        assertEquals("AbandonStart", steps.get(steps.size() - 1), "no AbandonUnlink: it failed");
        assertTrue(log.stream().anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("could not remove "
                + LAYOUT.tempDir(me))), "the leftover is reported");
        assertEquals(List.of(me.entryName()), closed, "the entry (and its kernel lock) is let go anyway");
        assertTrue(fs.paths().contains(LAYOUT.tempEntry(me)), "the leftover stays, named after us, for a sweep");
    }

    @Test
    void aFenceThatCannotBeMovedReleasesTheLockBeforeTheError() throws Exception {
        IOException failure = new IOException("rename failed");
        fs.setHook((op, path) -> {
            if (op.equals("rename") && path.equals(LAYOUT.fenceTemp(me()))) {
                throw failure;
            }
        });
        LockProtocol protocol = protocol();
        IOException e = assertThrows(IOException.class, () -> protocol.acquire("label", Patience.once()));
        assertSame(failure, e);
        OwnerId me = me();
        String token = Long.toString(CLOCK_MICROS);
        assertEquals(List.of("RenameToLock ok", "CheckEntry present", "ReadFence 0", "CreateFenceTmp " + token,
                "FenceFailed " + e, "AbortFenceUnlink " + LAYOUT.fenceTemp(me).getFileName(),
                "ReleaseUnlink " + me.entryName(), "ReleaseRmdir REMOVED"), steps.subList(5, steps.size()));
        assertEquals(List.of(me.entryName()), closed);
        assertEquals(List.of(Path.of("/"), DIR), sortedPaths(), "nothing held, nothing left");
    }

    @Test
    void anEntrySweptFromTheTempDirectoryBeforeTheRenameDropsTheLock() throws Exception {
        LockProtocol protocol = protocol();
        fs.setHook((op, path) -> {
            if (op.equals("rename") && path.equals(LAYOUT.tempDir(me()))) {
                // another process's sweep, misled by a wrong verdict, removes our entry from T
                fs.withoutHook(() -> fs.deleteFile(LAYOUT.tempEntry(me())));
            }
        });
        FileSystemException e = assertThrows(FileSystemException.class, () -> protocol.acquire("label", Patience.once()));
        assertTrue(e.getMessage().contains("removed from our temporary directory"), e.getMessage());
        OwnerId me = me();
        assertEquals(List.of("RenameToLock ok", "CheckEntry ENOENT", "DropLock REMOVED"), steps.subList(5, steps.size()));
        assertEquals(List.of(me.entryName()), closed);
        assertEquals(List.of(Path.of("/"), DIR), sortedPaths(), "the empty P we renamed there is gone");
    }

    @Test
    void aLockPathThatIsAFileIsAnErrorAtOnce() throws Exception {
        fs.put(LOCK, "not a lock".getBytes());
        LockProtocol protocol = protocol();
        IOException e = assertThrows(IOException.class, () -> protocol.acquire("label", Patience.once()));
        assertTrue(steps.contains("ReadLockDir not a directory"), steps.toString());
        assertTrue(e.getMessage().contains(LOCK.toString()), e.getMessage());
        assertEquals(List.of(me().entryName()), closed);
        assertEquals(List.of(Path.of("/"), DIR, LOCK), sortedPaths(), "the file left alone, nothing of ours left");
    }

    @Test
    void anInterruptedFilesystemCallIsAnInterruptWithItsCause() throws Exception {
        LockProtocol protocol = protocol();
        ClosedByInterruptException cause = new ClosedByInterruptException();
        fs.setHook((op, path) -> {
            if (op.equals("rename") && path.equals(LAYOUT.tempDir(me()))) {
                Thread.currentThread().interrupt(); // as an interrupted channel leaves it
                throw cause;
            }
        });
        InterruptedException e = assertThrows(InterruptedException.class, () -> protocol.acquire("label", Patience.once()));
        assertSame(cause, e.getCause());
        assertFalse(Thread.interrupted(), "the exception reports the interrupt: the flag is cleared");
        assertEquals(List.of(Path.of("/"), DIR), sortedPaths(), "nothing left");
    }

    @Test
    void coOwnersAreAddedToTheHoldersLockAndRemoved() throws Exception {
        LockProtocol protocol = protocol();
        LockProtocol.Acquired held = protocol.acquire("label", Patience.once()).orElseThrow();
        OwnerId me = me();
        steps.clear();
        OwnerId co = protocol.addCoOwner(me, TestEnvironments.withPid(TestEnvironments.SELF, 99, "k99"));
        assertEquals(99, co.process().pid());
        assertTrue(protocol.isHeldBy(co));
        protocol.removeCoOwner(me, co);
        assertFalse(protocol.isHeldBy(co));
        protocol.removeCoOwner(me, co);
        assertEquals(List.of("AddCoOwner " + co.entryName(), "RemoveCoOwner " + co.entryName(),
                "RemoveCoOwner " + co.entryName() + " ENOENT"), steps);
        protocol.release(held);
    }

    @Test
    void theProbePeriodIsAtLeastTheFirstWait() {
        Environment env = TestEnvironments.inMemory().fs(fs).build();
        assertThrows(IllegalArgumentException.class, () -> new LockProtocol(LAYOUT, env, 199_999, false));
        assertEquals(LAYOUT, new LockProtocol(LAYOUT, env, 200_000, false).layout(), "0.2 ms is allowed");
    }

    @Test
    void aHeadWhoseHoldersTheKernelWatchesLooksOnlyEveryTenProbePeriods() throws Exception {
        OwnerId other = holderInLock(77, "o1", Liveness.ALIVE);
        for (boolean watched : new boolean[] {false, true}) {
            RecordingWaits waits = new RecordingWaits(new HeadQueue());
            waits.kernelWakes = watched;
            LockProtocol protocol = protocol(waits.clock, waits);
            assertEquals(Optional.empty(), protocol.acquire("label", Patience.atMost(Duration.ofSeconds(1))));
            long longest = waits.waits.stream().mapToLong(Long::longValue).max().orElseThrow();
            if (watched) {
                // Its release or death wakes us: a look in between could only find it alive.
                assertEquals(10 * PROBE_PERIOD, longest, waits.waits.toString());
                assertTrue(waits.waits.size() <= 7, "about one look per 200 ms in a second: " + waits.waits);
            } else {
                assertTrue(longest <= PROBE_PERIOD, "the backoff, capped at the probe period: " + waits.waits);
                assertTrue(waits.waits.size() >= 50, "a look at least every probe period: " + waits.waits);
            }
        }
    }

    @Test
    void aWaiterBehindOthersJoinsTheQueueBeforeItEverRenames() throws Exception {
        RecordingWaits waits = RecordingWaits.queueing(clock -> new ScriptedQueue(WaitQueue.Place.timedOut(), true, clock));
        ScriptedQueue queue = (ScriptedQueue) waits.queue;
        LockProtocol protocol = protocol(waits.clock, waits);
        LockProtocol.Acquired held = protocol.acquire("label", Patience.atMost(Duration.ofSeconds(60))).orElseThrow();
        assertEquals(List.of("QueueBehind taken", "QueueJoin"), steps.subList(4, 6), "no rename before it is the head");
        assertTrue(steps.indexOf("RenameToLock ok") > 5, steps.toString());
        assertTrue(steps.indexOf("QueueLeave") > steps.indexOf("RenameToLock ok"), steps.toString());
        assertEquals(List.of("tryJoin", "join " + 10 * PROBE_PERIOD, "left"), queue.events,
                "a wait in the queue lasts at most 10 probe periods");
        assertEquals(List.of(), waits.waiters, "asleep in the queue, then a head whose rename succeeds: no directory watch");
        protocol.release(held);
    }

    @Test
    void aWaiterWhoseTurnDoesNotComeBypassesTheQueue() throws Exception {
        OwnerId other = holderInLock(77, "o1", Liveness.ALIVE);
        RecordingWaits waits = RecordingWaits.queueing(clock -> new ScriptedQueue(WaitQueue.Place.unavailable(), false, clock));
        ScriptedQueue queue = (ScriptedQueue) waits.queue;
        LockProtocol protocol = protocol(waits.clock, waits);
        List<LogRecord> trace = new ArrayList<>();
        Optional<LockProtocol.Acquired> none = traced(trace, () -> protocol.acquire("label", Patience.atMost(Duration.ofMillis(500))));
        assertEquals(Optional.empty(), none);
        assertTrue(steps.contains("QueueBypass timeout"), steps.toString());
        assertTrue(queue.events.contains("join " + 10 * PROBE_PERIOD), queue.events.toString());
        assertTrue(queue.events.stream().allMatch(e -> e.equals("tryJoin") || e.startsWith("join ")), "never head: " + queue.events);
        assertTrue(trace.stream().anyMatch(r -> r.getMessage().endsWith(" queue-woke timeout")), "the trace says why it woke");
        long joins = queue.events.stream().filter(e -> e.startsWith("join ")).count();
        assertEquals(joins + 1, waits.waiters.stream().filter(w -> w.equals("closed")).count(),
                "asleep in the queue without a directory watch: each look's watch is closed before the join"
                        + " (and the last one when it gives up): " + waits.waiters);
    }

    @Test
    void aWaitingHeadSweepsDeadLeftoversAtMostOncePer50ProbePeriods() throws Exception {
        OwnerId other = holderInLock(77, "o1", Liveness.ALIVE);
        RecordingWaits waits = new RecordingWaits(new HeadQueue());
        long start = 5_000;
        waits.clock.now.set(start);
        LockProtocol protocol = protocol(waits.clock, waits);

        OwnerId dead1 = leftoverOfADeadOwner(81);
        assertEquals(Optional.empty(), protocol.acquire("label", Patience.atMost(Duration.ofMillis(100))));
        assertFalse(fs.paths().contains(LAYOUT.tempDir(dead1)), "swept before the first wait");

        OwnerId dead2 = leftoverOfADeadOwner(82);
        waits.clock.now.set(start + 50 * PROBE_PERIOD - 1);
        assertEquals(Optional.empty(), protocol.acquire("label", Patience.atMost(Duration.ofMillis(100))));
        assertTrue(fs.paths().contains(LAYOUT.tempDir(dead2)), "swept again within 50 probe periods");

        waits.clock.now.set(start + 50 * PROBE_PERIOD);
        assertEquals(Optional.empty(), protocol.acquire("label", Patience.atMost(Duration.ofMillis(100))));
        assertFalse(fs.paths().contains(LAYOUT.tempDir(dead2)), "not swept 50 probe periods later");
    }

    private OwnerId leftoverOfADeadOwner(long pid) {
        OwnerId dead = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, pid, "k" + pid), "d" + pid);
        liveness.set(dead.process(), Liveness.DEAD);
        fs.mkdirs(LAYOUT.tempDir(dead));
        fs.put(LAYOUT.tempEntry(dead), new byte[0]);
        return dead;
    }

    @Test
    void theTraceHasEveryStepWithItsDetail() throws Exception {
        LockProtocol protocol = protocol();
        List<LogRecord> trace = new ArrayList<>();
        LockProtocol.Acquired held = traced(trace, () -> protocol.acquire("label", Patience.once()).orElseThrow());
        OwnerId me = me();
        List<String> traced = trace.stream().map(LogRecord::getMessage)
                .filter(m -> m.contains(" " + me.nonce() + " ")).map(m -> m.substring(m.indexOf(" " + me.nonce() + " ")
                        + me.nonce().length() + 2).stripTrailing()).toList();
        assertEquals(steps, traced, "each step, with its detail, at TRACE on dev.fslock.trace");
        protocol.release(held);
    }

    @Test
    void aGiveUpAfterBreakingADeadHolderStillLogsTheBreakBeforeItReturns() throws Exception {
        OwnerId dead = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, 66, "k66"), "d1");
        OwnerId alive = new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, 77, "k77"), "o1");
        liveness.set(dead.process(), Liveness.DEAD).set(alive.process(), Liveness.ALIVE);
        fs.mkdirs(LOCK);
        fs.put(LAYOUT.entry(dead), new byte[0]);
        fs.put(LAYOUT.entry(alive), new byte[0]);
        LockProtocol protocol = protocol();
        List<LogRecord> breaks = Collections.synchronizedList(new ArrayList<>());
        List<LogRecord> trace = new ArrayList<>();
        assertEquals(Optional.empty(), traced(trace, () -> logged("dev.fslock.breaks", breaks,
                () -> protocol.acquire("label", Patience.once()))));
        assertTrue(steps.contains("BreakEntry " + dead.entryName()), steps.toString());
        assertTrue(trace.stream().anyMatch(r -> r.getMessage().endsWith(" BreakEntry " + dead.entryName())),
                "the judge-and-break steps are traced too");
        assertEquals(1, breaks.size(), "the auditors' record of the removal: " + breaks);
        assertTrue(breaks.get(0).getMessage().contains("removed the entry " + dead.entryName()), breaks.get(0).getMessage());
    }

    @Test
    void aHolderThatBrokeADeadOneLogsTheBreakBeforeItReleases() throws Exception {
        OwnerId dead = holderInLock(66, "d1", Liveness.DEAD);
        LockProtocol protocol = protocol();
        List<LogRecord> breaks = Collections.synchronizedList(new ArrayList<>());
        logged("dev.fslock.breaks", breaks, () -> protocol.release(protocol.acquire("label", Patience.once()).orElseThrow()));
        assertEquals(1, breaks.size(), "published (in a thread of its own) before the release: " + breaks);
        assertTrue(breaks.get(0).getMessage().contains("removed the entry " + dead.entryName()), breaks.get(0).getMessage());
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws Exception;
    }

    /** Runs {@code body} with the trace logger on, collecting its records into {@code records}. */
    private static <T> T traced(List<LogRecord> records, Body<T> body) throws Exception {
        return logged("dev.fslock.trace", records, body);
    }

    /** Runs {@code body} with logger {@code name} on at every level, collecting its records into {@code records}. */
    private static <T> T logged(String name, List<LogRecord> records, Body<T> body) throws Exception {
        Logger logger = Logger.getLogger(name);
        Handler handler = new RecordingHandler(records);
        handler.setLevel(Level.ALL);
        Level before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            return body.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
    }
}
