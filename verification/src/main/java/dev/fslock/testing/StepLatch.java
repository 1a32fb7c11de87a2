package dev.fslock.testing;

import dev.fslock.protocol.OwnerId;
import dev.fslock.protocol.SpecAction;
import dev.fslock.protocol.StepObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A latch that opens once the protocol has performed a spec action a number of times: how a test
 * learns that a waiter is really waiting ("it found the lock held") without sleeping.
 */
public final class StepLatch implements StepObserver {
    private final SpecAction action;
    private final String detailPrefix;
    private final CountDownLatch latch;

    /** Opens after {@code count} steps {@code action} whose detail starts with {@code detailPrefix}. */
    public StepLatch(SpecAction action, String detailPrefix, int count) {
        this.action = action;
        this.detailPrefix = detailPrefix;
        this.latch = new CountDownLatch(count);
    }

    /** Opens after the first refused {@code RenameToLock}: the acquirer found the lock held. */
    public static StepLatch foundHeld() {
        return new StepLatch(SpecAction.RenameToLock, "ENOTEMPTY", 1);
    }

    /** Opens after the first {@code Retry}: the acquirer has waited once and goes on waiting. */
    public static StepLatch waiting() {
        return new StepLatch(SpecAction.Retry, "", 1);
    }

    @Override
    public void step(OwnerId owner, SpecAction performed, String detail) {
        if (performed == action && detail.startsWith(detailPrefix)) {
            latch.countDown();
        }
    }

    /**
     * Waits for the steps; a generous safety net, not a timing assertion.
     *
     * @throws AssertionError if they did not happen within {@code timeout}
     */
    public void await(Duration timeout) throws InterruptedException {
        if (!latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("no " + action + " " + detailPrefix + " step within " + timeout);
        }
    }
}
