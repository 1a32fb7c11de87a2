package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.process.Liveness;
import dev.fslock.testing.FakeLiveness;
import dev.fslock.testing.MemoryFileOps;
import dev.fslock.testing.TestEnvironments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * fslock break is the waiters' judge-and-break core under a policy: it reports the spec steps a
 * waiter reports (ReadLockDir, ProbeOwner, BreakEntry, RmdirLock, the sweep), in the spec's order,
 * under an owner of its own; with --force, the removals of UNKNOWN owners' files (outside the spec)
 * go to {@link StepObserver#forced}, never to {@link StepObserver#step}.
 */
class BreakCoreTest {
    private static final Path DIR = Path.of("/locks");
    private static final LockLayout LAYOUT = new LockLayout(DIR.resolve("X"));
    private static final OwnerId DEAD = owner(11, "d1");
    private static final OwnerId UNKNOWN = new OwnerId(TestEnvironments.withHost(TestEnvironments.SELF,
            "elsewhere.example"), "u1");
    private static final OwnerId ALIVE = owner(12, "a1");
    private static final OwnerId DEAD_LEFTOVERS = owner(13, "l1");

    private final List<String> steps = new ArrayList<>();
    private final List<String> forced = new ArrayList<>();
    private final StepObserver recorder = new StepObserver() {
        @Override
        public void step(OwnerId owner, SpecAction action, String detail) {
            steps.add(owner.process().pid() + " " + action + " " + detail);
        }

        @Override
        public void forced(OwnerId owner, SpecAction action, String detail) {
            forced.add(owner.process().pid() + " " + action + " " + detail);
        }
    };
    private MemoryFileOps fs;
    private Environment env;
    private long self;

    private static OwnerId owner(long pid, String nonce) {
        return new OwnerId(TestEnvironments.withPid(TestEnvironments.SELF, pid, "k" + pid), nonce);
    }

    @BeforeEach
    void setUp() {
        fs = new MemoryFileOps();
        fs.mkdirs(DIR);
        FakeLiveness liveness = new FakeLiveness().set(DEAD.process(), Liveness.DEAD)
                .set(ALIVE.process(), Liveness.ALIVE).set(DEAD_LEFTOVERS.process(), Liveness.DEAD);
        env = TestEnvironments.inMemory().fs(fs).liveness(liveness).observer(recorder).build();
        self = env.self().pid();
    }

    private void putEntries(OwnerId... owners) {
        for (OwnerId o : owners) {
            fs.put(LAYOUT.entry(o), new byte[0]);
        }
    }

    private void putLeftovers(OwnerId o) {
        fs.mkdirs(LAYOUT.tempDir(o));
        fs.put(LAYOUT.tempEntry(o), new byte[0]);
        fs.put(LAYOUT.fenceTemp(o), new byte[0]);
    }

    private List<String> listed(Path dir) throws Exception {
        return fs.list(dir);
    }

    @Test
    void breakWithoutForceIsTheWaitersSequenceOfSpecSteps() throws Exception {
        putEntries(DEAD, UNKNOWN);
        putLeftovers(DEAD_LEFTOVERS);
        putLeftovers(UNKNOWN);
        List<String> inP = listed(LAYOUT.lock());
        List<String> leftoverOwners = leftoverOwners();

        List<LockBreaker.Action> actions = new LockBreaker(LAYOUT, env).breakLock(false);

        List<String> expected = new ArrayList<>();
        expected.add(self + " ReadLockDir " + String.join(",", inP));
        for (String name : inP) {
            boolean dead = name.equals(DEAD.entryName());
            expected.add(self + " ProbeOwner " + name + (dead ? " DEAD" : " UNKNOWN"));
            if (dead) {
                expected.add(self + " BreakEntry " + name);
            }
        }
        expected.add(self + " RmdirLock NOT_EMPTY"); // the UNKNOWN owner's entry stays
        expected.add(self + " ScanTemps " + String.join(",", leftoverOwners));
        for (String owner : leftoverOwners) {
            boolean dead = owner.equals(DEAD_LEFTOVERS.entryName());
            expected.add(self + " SweepProbe " + owner + (dead ? " DEAD" : " UNKNOWN"));
            if (dead) {
                expected.addAll(List.of(self + " SweepEntry " + owner, self + " SweepTemp REMOVED",
                        self + " SweepFence " + owner));
            }
        }
        assertEquals(expected, steps);
        assertEquals(List.of(), forced);
        assertEquals(List.of(UNKNOWN.entryName()), fs.list(LAYOUT.lock()));
        // the DEAD entry, and the DEAD owner's temp dir and fence temp
        assertEquals(3, actions.stream().filter(LockBreaker.Action::removed).count(), actions.toString());
    }

    @Test
    void forceReportsTheRemovalsOfUnknownOwnersApart() throws Exception {
        putEntries(DEAD, UNKNOWN);
        putLeftovers(UNKNOWN);

        new LockBreaker(LAYOUT, env).breakLock(true);

        assertEquals(List.of(self + " BreakEntry " + UNKNOWN.entryName(),
                        self + " SweepEntry " + UNKNOWN.entryName(), self + " SweepTemp REMOVED",
                        self + " SweepFence " + UNKNOWN.entryName()), forced);
        assertTrue(steps.contains(self + " BreakEntry " + DEAD.entryName()), steps.toString());
        assertTrue(steps.contains(self + " RmdirLock REMOVED"), "a DEAD owner was broken: a spec step " + steps);
        assertFalse(steps.stream().anyMatch(s -> s.contains("BreakEntry " + UNKNOWN.entryName())), steps.toString());
        assertTrue(steps.contains(self + " SweepProbe " + UNKNOWN.entryName() + " UNKNOWN"), steps.toString());
        assertEquals(List.of(), fs.list(DIR).stream().filter(n -> !n.equals("X.fence")).toList());
    }

    @Test
    void anRmdirAfterForcedRemovalsOnlyIsForcedToo() throws Exception {
        putEntries(UNKNOWN);

        new LockBreaker(LAYOUT, env).breakLock(true);

        assertEquals(List.of(self + " BreakEntry " + UNKNOWN.entryName(), self + " RmdirLock REMOVED"), forced);
        assertEquals(List.of(self + " ReadLockDir " + UNKNOWN.entryName(),
                self + " ProbeOwner " + UNKNOWN.entryName() + " UNKNOWN", self + " ScanTemps "), steps);
    }

    @Test
    void aLiveOwnersEntryIsKeptEvenWithForceAndNoRmdirIsTried() throws Exception {
        putEntries(ALIVE);

        List<LockBreaker.Action> actions = new LockBreaker(LAYOUT, env).breakLock(true);

        assertEquals(List.of(self + " ReadLockDir " + ALIVE.entryName(),
                self + " ProbeOwner " + ALIVE.entryName() + " ALIVE", self + " ScanTemps "), steps);
        assertEquals(List.of(), forced);
        assertEquals(List.of(ALIVE.entryName()), fs.list(LAYOUT.lock()));
        assertEquals("owner is alive", actions.get(0).why());
    }

    @Test
    void aWaiterBreaksWithTheSameStepsUnderItsAcquisitionsOwner() throws Exception {
        putEntries(DEAD);
        LockProtocol protocol = new LockProtocol(LAYOUT, env, 20_000_000, false);

        LockProtocol.Acquired held = protocol.acquire("", dev.fslock.wait.Patience.once()).orElseThrow();

        String me = held.owner().entryName();
        int read = steps.indexOf(self + " ReadLockDir " + DEAD.entryName());
        assertTrue(read > 0, steps.toString());
        assertEquals(List.of(self + " ProbeOwner " + DEAD.entryName() + " DEAD", self + " BreakEntry " + DEAD.entryName(),
                self + " RmdirLock REMOVED", self + " RenameToLock ok"), steps.subList(read + 1, read + 5));
        assertEquals(List.of(me), fs.list(LAYOUT.lock()));
        protocol.release(held);
    }

    @Test
    void statusJudgesEachLeftoverOwnerOnceAndListsEveryFile() throws Exception {
        putLeftovers(DEAD_LEFTOVERS);
        putLeftovers(ALIVE);
        BreakCore core = BreakCore.of(LAYOUT, env);

        List<BreakCore.LeftoverFound> found = core.leftovers();

        assertEquals(List.of(), steps, "a read-only look is no spec action");
        assertEquals(fs.list(DIR).stream().filter(n -> LAYOUT.leftover(n).isPresent()).toList(),
                found.stream().map(f -> f.file().fileName()).toList(), "every file, in listing order");
        for (BreakCore.LeftoverFound f : found) {
            assertEquals(f.file().owner().equals(ALIVE) ? Liveness.ALIVE : Liveness.DEAD, f.liveness());
            assertEquals(BreakCore.Removal.KEPT, f.removal());
        }
        assertEquals(4, fs.list(DIR).stream().filter(n -> LAYOUT.leftover(n).isPresent()).count(), "nothing removed");
    }

    /** The owners of this lock's leftovers in the parent directory, in order of first appearance. */
    private List<String> leftoverOwners() throws Exception {
        List<String> owners = new ArrayList<>();
        for (String name : fs.list(DIR)) {
            LAYOUT.leftover(name).map(l -> l.owner().entryName()).filter(o -> !owners.contains(o)).ifPresent(owners::add);
        }
        return owners;
    }
}
