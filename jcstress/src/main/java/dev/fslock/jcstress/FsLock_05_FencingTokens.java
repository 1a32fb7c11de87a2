package dev.fslock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.fslock.fs.NioFileOps;
import dev.fslock.protocol.Fence;
import dev.fslock.protocol.LockProtocol;
import dev.fslock.wait.Patience;
import java.time.Duration;
import java.util.Optional;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
    Question: two processes each wait for the lock, hold it, and release it. Do they get
    distinct fencing tokens, the later holder the larger one?

    The token is max(P.fence + 1, clock), written by the holder through a temp link and a rename
    while it holds the lock; a fresh lock starts at 0, and the rig's wall clock reads 0 us, so
    tokens count from 1 here (the clock floor is tested by FencingTokenTest and by TLC). Each actor waits (up to 5 s) for the other; the
    arbiter reads P.fence at the end, which must be the last token handed out.

    How to run this test:
       $ java -jar jcstress/target/jcstress.jar -t FsLock_05_FencingTokens

    Observed outcomes, mode "default" (-sc false, 2 CPUs), ext4, Linux 6.18, JDK 17:

      RESULT                SAMPLES    FREQ  EXPECT                  DESCRIPTION
      1, 2, 2                 1,576  57.71%  Acceptable              Process 1 held the lock first (token 1), then process 2 (token 2).
      2, 1, 2                 1,155  42.29%  Acceptable              Process 2 held the lock first (token 1), then process 1 (token 2).
 */
@JCStressTest
@Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "Process 1 held the lock first (token 1), then process 2 (token 2).")
@Outcome(id = "2, 1, 2", expect = ACCEPTABLE, desc = "Process 2 held the lock first (token 1), then process 1 (token 2).")
@Outcome(id = {"1, 1, .*", "2, 2, .*"}, expect = FORBIDDEN, desc = "Both holders got the same token: fencing broken.")
@Outcome(expect = FORBIDDEN, desc = "Anything else: a timeout or error (-1), a lost release (-2), or P.fence not the last token.")
@State
public class FsLock_05_FencingTokens {
    private static final Patience WAIT = Patience.atMost(Duration.ofSeconds(5));

    private final Rig rig = new Rig();
    private final LockProtocol p1 = rig.protocol(1);
    private final LockProtocol p2 = rig.protocol(2);

    /** The token this process got, or -1 (timeout, error) or -2 (its entry was gone at release). */
    private static int holdOnce(LockProtocol p) {
        try {
            Optional<LockProtocol.Acquired> held = p.acquire("", WAIT);
            if (held.isEmpty()) {
                return -1;
            }
            return p.release(held.get()) ? (int) held.get().token() : -2;
        } catch (Exception e) {
            return -1;
        }
    }

    @Actor
    public void process1(III_Result r) {
        r.r1 = holdOnce(p1);
    }

    @Actor
    public void process2(III_Result r) {
        r.r2 = holdOnce(p2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        try {
            r.r3 = (int) Fence.read(NioFileOps.instance(), rig.layout.fence()).orElse(-1);
        } catch (Exception e) {
            r.r3 = -1;
        }
        rig.dispose();
    }
}
