package dev.fslock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.OwnerId;
import dev.fslock.wait.Patience;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
    Question: the holder releases while another process tries to acquire. Is the release clean
    (the holder's entry was there to remove) and does the newcomer keep what it gets?

    Release is unlink(P/entry) then rmdir(P); the newcomer may rename its directory onto the
    empty P between the two, and the holder's rmdir must then fail (not empty) rather than take
    the newcomer's lock away. Process 1 holds the lock at the start (alive). The arbiter checks
    P: the newcomer's entry alone if it won, nothing if it did not.

    How to run this test:
       $ java -jar jcstress/target/jcstress.jar -t FsLock_04_ReleaseVsAcquire

    Observed outcomes, mode "default" (-sc false, 2 CPUs), ext4, Linux 6.18, JDK 17:

      RESULT                SAMPLES    FREQ  EXPECT                  DESCRIPTION
      1, 0, 0, 0                543  11.86%  Acceptable              Released; process 2 tried before that and found it busy; P is empty or gone.
      1, 1, 1, 0              4,037  88.14%  Acceptable              Released; process 2 acquired after and holds the lock alone.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "Released; process 2 acquired after and holds the lock alone.")
@Outcome(id = "1, 0, 0, 0", expect = ACCEPTABLE, desc = "Released; process 2 tried before that and found it busy; P is empty or gone.")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "The holder's entry was gone before its release: a live holder was broken.")
@Outcome(id = "1, 1, [^1], .*", expect = FORBIDDEN, desc = "Process 2 acquired but its entry is not (alone) in P: the release took its lock.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: an I/O error (-1), or the holder's entry still there after release.")
@State
public class FsLock_04_ReleaseVsAcquire {
    private final Rig rig = new Rig();
    private final LockProtocol p1 = rig.protocol(1);
    private final LockProtocol.Acquired holder = acquire(p1);
    private final LockProtocol p2 = rig.protocol(2);
    private final OwnerId[] won = new OwnerId[1];

    private static LockProtocol.Acquired acquire(LockProtocol p) {
        try {
            return p.acquire("", Patience.once()).orElseThrow(() -> new IllegalStateException("process 1 could not take a free lock"));
        } catch (Exception e) {
            throw new IllegalStateException("process 1 could not take a free lock", e);
        }
    }

    @Actor
    public void holderReleases(IIII_Result r) {
        try {
            r.r1 = p1.release(holder) ? 1 : 0;
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
        if (won[0] != null) {
            r.r3 = rig.present(won[0]) ? rig.entries() : 0;
        } else {
            r.r3 = rig.entries();
        }
        r.r4 = rig.present(holder.owner()) ? 1 : 0;
        rig.dispose();
    }
}
