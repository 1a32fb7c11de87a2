package dev.fslock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.fslock.protocol.LockBreaker;
import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.OwnerId;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
    Question: an operator breaks a dead owner's lock ("fslock break", no force) while a process
    breaks it too and acquires it. Does the live new holder ever lose its entry?

    The seed's breakers remove "the lock" (P) after judging it stale, and P may by then be a live
    owner's: that is its bug. Ours remove only the dead owner's entry, by its unique name, and P
    only when empty (rmdir). Simulated process 9 leaves the lock and is judged DEAD; actor 1 is
    LockBreaker.breakLock(false), actor 2 makes one attempt. The arbiter looks after both.

    How to run this test:
       $ java -jar jcstress/target/jcstress.jar -t FsLock_03_BreakerVsFreshAcquisition

    Observed outcomes, mode "default" (-sc false, 2 CPUs), ext4, Linux 6.18, JDK 17:

      RESULT                SAMPLES    FREQ  EXPECT                  DESCRIPTION
      1, 1, 1, 0              2,315 100.00%  Acceptable              The breaker finished, process 2 holds the lock and its entry is still in P.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "The breaker finished, process 2 holds the lock and its entry is still in P.")
@Outcome(id = ".*, 1, 0, .*", expect = FORBIDDEN, desc = "Process 2 acquired, then lost its entry: a live holder was broken.")
@Outcome(id = ".*, 0, .*", expect = FORBIDDEN, desc = "Process 2 gave up on a lock whose only owner is dead.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: an I/O error (-1) or the dead owner's entry left behind.")
@State
public class FsLock_03_BreakerVsFreshAcquisition {
    private final Rig rig = new Rig();
    private final OwnerId dead = rig.leaveStaleLock(9);
    private final LockBreaker breaker = new LockBreaker(rig.layout, rig.environment(1));
    private final LockProtocol p2 = rig.protocol(2);
    private final OwnerId[] won = new OwnerId[1];

    @Actor
    public void operator(IIII_Result r) {
        try {
            breaker.breakLock(false);
            r.r1 = 1;
        } catch (Exception e) {
            r.r1 = -1;
        }
    }

    @Actor
    public void process2(IIII_Result r) {
        r.r2 = Rig.tryAcquire(p2, won, 0);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = won[0] != null && rig.present(won[0]) ? 1 : 0;
        r.r4 = rig.present(dead) ? 1 : 0;
        rig.dispose();
    }
}
