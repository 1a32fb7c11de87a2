package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.FsLockOptions;
import dev.fslock.LockHandle;
import dev.fslock.internal.Internals;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.SpecAction;
import dev.fslock.wait.WaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A waiter in its own JVM for {@link RecoveryAfterKillTest}: acquires LOCK with the system's waits
 * and queue and a probe period of 30 s (so the queue's timeout is 300 s: it never bypasses in a
 * test), then prints {@code ACQUIRED <kernel wake-ups> <steps>}, releases and prints
 * {@code RELEASED <steps>}. The steps are what
 * it did, in order: the spec actions that tell how it got the lock (QueueJoin, QueueBypass, Retry,
 * RetryOnTimer, BreakEntry, RenameToLock ok as RenameOk) and {@code BreakLogged} when the break
 * log's record of a removal was published.
 */
public final class RecoveringWorker {
    private static final List<String> STEPS = Collections.synchronizedList(new ArrayList<>());
    private static final Logger BREAKS = Logger.getLogger("dev.fslock.breaks"); // held: JUL keeps loggers weakly

    private RecoveringWorker() {}

    public static void main(String[] args) throws Exception {
        BREAKS.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                STEPS.add("BreakLogged");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        Environment env = Environment.system().withObserver((owner, action, detail) -> {
            if (action == SpecAction.RenameToLock) {
                if (detail.equals("ok")) {
                    STEPS.add("RenameOk");
                }
            } else if (action == SpecAction.QueueBypass && detail.startsWith("fresh")) {
                STEPS.add("FreshBypass"); // before its first rename: no queue yet, or a single try (not a wait)
            } else if (List.of(SpecAction.QueueJoin, SpecAction.QueueBypass, SpecAction.Retry, SpecAction.RetryOnTimer,
                    SpecAction.BreakEntry).contains(action)) {
                STEPS.add(action.name());
            }
        });
        FsLock lock = Internals.open(Path.of(args[0]), FsLockOptions.defaults().withProbePeriod(Duration.ofSeconds(30)), env);
        try (LockHandle held = lock.acquire(Duration.ofSeconds(120))) {
            System.out.println("ACQUIRED " + WaitStrategy.holderEndsSeenByKernel() + " " + steps());
        }
        System.out.println("RELEASED " + steps());
    }

    private static String steps() {
        synchronized (STEPS) {
            return String.join(",", STEPS);
        }
    }
}
