package dev.fslock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.fslock.testing.LockVariant;
import dev.fslock.testing.SimulatedProcesses;
import dev.fslock.testing.seed.SeedRenameStealLock;
import java.io.IOException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
    Question: FsLock_02_TwoBreakers, with the seed's pull request instead of fslock. Does
    jcstress see its bug? (It must: this is the test's proof that the race is reached.)

    The seed's lock is a file P = {pid, createdAt}. Both processes find it held by a dead owner;
    each renames P away ("only one contender wins the rename") and creates P anew. But the
    second rename can move the first process's brand-new P: both then hold the lock. Here that
    outcome is ACCEPTABLE_INTERESTING, and ResultChecker fails the run unless it was seen
    (@MustObserve). A process whose new P is stolen between its create and its write sees an I/O
    error: the same bug, also interesting.

    How to run this test:
       $ java -jar jcstress/target/jcstress.jar -t FsLock_06_SeedRenameStealTwoBreakers

    Observed outcomes, mode "default" (-sc false, 2 CPUs), ext4, Linux 6.18, JDK 17:

      RESULT                SAMPLES    FREQ  EXPECT                  DESCRIPTION
      -1, 1, 1                    3   0.04%  Interesting             A process's fresh lock file was renamed away before it wrote it (the seed's bug, seen as an error).
      0, 1, 1                 3,711  49.18%  Acceptable              One process holds the lock, the other found it busy.
      1, -1, 1                    1   0.01%  Interesting             A process's fresh lock file was renamed away before it wrote it (the seed's bug, seen as an error).
      1, 0, 1                 3,410  45.19%  Acceptable              One process holds the lock, the other found it busy.
      1, 1, 1                   421   5.58%  Interesting             Both hold the lock: one renamed away the other's fresh lock file (the seed's bug).
 */
@JCStressTest
@MustObserve("1, 1, .*")
@Outcome(id = "1, 1, .*", expect = ACCEPTABLE_INTERESTING, desc = "Both hold the lock: one renamed away the other's fresh lock file (the seed's bug).")
@Outcome(id = {"-1, .*", ".*, -1, .*"}, expect = ACCEPTABLE_INTERESTING, desc = "A process's fresh lock file was renamed away before it wrote it (the seed's bug, seen as an error).")
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "One process holds the lock, the other found it busy.")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "Neither got it within its two tries (the seed would wait and retry).")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a winner whose lock file is not at P.")
@State
public class FsLock_06_SeedRenameStealTwoBreakers {
    private final Rig rig = new Rig();
    private final LockVariant seed1;
    private final LockVariant seed2;

    public FsLock_06_SeedRenameStealTwoBreakers() {
        LockVariant dead = new SeedRenameStealLock(rig.lock, rig.environment(9));
        try {
            if (!dead.tryAcquire()) {
                throw new IllegalStateException("cannot set up a stale seed lock at " + rig.lock);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up a stale seed lock at " + rig.lock, e);
        }
        rig.processes.kill(SimulatedProcesses.identity(Rig.HOST, 9));
        seed1 = new SeedRenameStealLock(rig.lock, rig.environment(1));
        seed2 = new SeedRenameStealLock(rig.lock, rig.environment(2));
    }

    private static int tryAcquire(LockVariant seed) {
        try {
            return seed.tryAcquire() ? 1 : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    @Actor
    public void process1(III_Result r) {
        r.r1 = tryAcquire(seed1);
    }

    @Actor
    public void process2(III_Result r) {
        r.r2 = tryAcquire(seed2);
    }

    /** r3: how many of the two find their own content at P (at most one can). */
    @Arbiter
    public void arbiter(III_Result r) {
        try {
            r.r3 = (seed1.recordPresent() ? 1 : 0) + (seed2.recordPresent() ? 1 : 0);
        } catch (Exception e) {
            r.r3 = -1;
        }
        rig.dispose();
    }
}
