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
import org.openjdk.jcstress.infra.results.III_Result;

/*
    Question: two processes try a free lock at once, one attempt each. Does exactly one get it?

    Each actor is a simulated process making one attempt (acquire with timeout 0) on a lock
    directory of its own instance, on the real filesystem. The arbiter checks that the winner's
    entry is in P and counts the entries there: the winner's alone.

    How to run this test:
       $ java -jar jcstress/target/jcstress.jar -t FsLock_01_TwoAcquirers

    Observed outcomes, mode "default" (-sc false, 2 CPUs), ext4, Linux 6.18, JDK 17:

      RESULT                SAMPLES    FREQ  EXPECT                  DESCRIPTION
      0, 1, 1                 1,230  44.86%  Acceptable              Process 2 holds the lock; process 1 found it busy.
      1, 0, 1                 1,512  55.14%  Acceptable              Process 1 holds the lock; process 2 found it busy.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Process 1 holds the lock; process 2 found it busy.")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Process 2 holds the lock; process 1 found it busy.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both hold the lock: mutual exclusion broken.")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "Neither got a free lock: one attempt against one rival must win.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: an I/O error (-1) or a winner without exactly one entry in P.")
@State
public class FsLock_01_TwoAcquirers {
    private final Rig rig = new Rig();
    private final LockProtocol p1 = rig.protocol(1);
    private final LockProtocol p2 = rig.protocol(2);
    private final OwnerId[] won = new OwnerId[2];

    @Actor
    public void process1(III_Result r) {
        r.r1 = Rig.tryAcquire(p1, won, 0);
    }

    @Actor
    public void process2(III_Result r) {
        r.r2 = Rig.tryAcquire(p2, won, 1);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        OwnerId winner = won[0] != null ? won[0] : won[1];
        r.r3 = winner != null && rig.present(winner) ? rig.entries() : -1;
        rig.dispose();
    }
}
