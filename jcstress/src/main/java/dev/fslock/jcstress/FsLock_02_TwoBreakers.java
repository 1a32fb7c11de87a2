package dev.fslock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.OwnerId;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
    Question: a lock is left by a dead owner, and two processes notice at once. Both break it,
    then acquire. Is there at most one holder?

    This is the seed's "thundering herd" (see FsLock_06_SeedRenameStealTwoBreakers, which runs
    the seed's rename steal through the same race). Simulated process 9 acquires the lock and is
    then judged DEAD; each actor makes one attempt, which probes it, unlinks its entry by name,
    removes P if empty and retries the rename. The arbiter checks that the dead entry is gone and
    that P holds exactly the winner's entry.

    How to run this test:
       $ java -jar jcstress/target/jcstress.jar -t FsLock_02_TwoBreakers

    Observed outcomes, mode "default" (-sc false, 2 CPUs), ext4, Linux 6.18, JDK 17:

      RESULT                SAMPLES    FREQ  EXPECT                  DESCRIPTION
      0, 1, 1, 0              1,037  51.67%  Acceptable              Process 2 broke the dead lock and holds it; process 1 found it busy.
      1, 0, 1, 0                970  48.33%  Acceptable              Process 1 broke the dead lock and holds it; process 2 found it busy.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "Process 1 broke the dead lock and holds it; process 2 found it busy.")
@Outcome(id = "0, 1, 1, 0", expect = ACCEPTABLE, desc = "Process 2 broke the dead lock and holds it; process 1 found it busy.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both hold the lock: mutual exclusion broken.")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "Neither got a lock whose owner is dead.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: an I/O error (-1), the dead entry still there, or not exactly the winner's entry in P.")
@State
public class FsLock_02_TwoBreakers {
    private final Rig rig = new Rig();
    private final OwnerId dead = rig.leaveStaleLock(9);
    private final LockProtocol p1 = rig.protocol(1);
    private final LockProtocol p2 = rig.protocol(2);
    private final OwnerId[] won = new OwnerId[2];

    @Actor
    public void process1(IIII_Result r) {
        r.r1 = Rig.tryAcquire(p1, won, 0);
    }

    @Actor
    public void process2(IIII_Result r) {
        r.r2 = Rig.tryAcquire(p2, won, 1);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        OwnerId winner = won[0] != null ? won[0] : won[1];
        r.r3 = winner != null && rig.present(winner) ? rig.entries() : -1;
        r.r4 = rig.present(dead) ? 1 : 0;
        rig.dispose();
    }
}
