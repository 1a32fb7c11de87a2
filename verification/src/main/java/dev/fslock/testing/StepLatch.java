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
    private final java.util.Set<SpecAction> actions;
    private final String detailPrefix;
    private final String excludedPrefix; // steps whose detail starts with it do not count ("" : none)
    private final CountDownLatch latch;

    /** Opens after {@code count} steps {@code action} whose detail starts with {@code detailPrefix}. */
    public StepLatch(SpecAction action, String detailPrefix, int count) {
        this(java.util.Set.of(action), detailPrefix, count);
    }

    private StepLatch(java.util.Set<SpecAction> actions, String detailPrefix, int count) {
        this(actions, detailPrefix, "", count);
    }

    private StepLatch(java.util.Set<SpecAction> actions, String detailPrefix, String excludedPrefix, int count) {
        this.actions = actions;
        this.detailPrefix = detailPrefix;
        this.excludedPrefix = excludedPrefix;
        this.latch = new CountDownLatch(count);
    }

    /** Opens after the first refused {@code RenameToLock}: the acquirer found the lock held. */
    public static StepLatch foundHeld() {
        return new StepLatch(SpecAction.RenameToLock, "ENOTEMPTY", 1);
    }

    /**
     * Opens after the first step that ends a wait ({@code Retry}, {@code RetryOnTimer} for the
     * queue's head, {@code QueueBypass} for the others, but not a fresh acquirer's, which has not
     * waited): the acquirer has waited once and goes on.
     */
    public static StepLatch waiting() {
        return new StepLatch(java.util.Set.of(SpecAction.Retry, SpecAction.RetryOnTimer, SpecAction.QueueBypass), "",
                "fresh:", 1);
    }

    @Override
    public void step(OwnerId owner, SpecAction performed, String detail) {
        if (actions.contains(performed) && detail.startsWith(detailPrefix)
                && (excludedPrefix.isEmpty() || !detail.startsWith(excludedPrefix))) {
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
            throw new AssertionError("no " + actions + " " + detailPrefix + " step within " + timeout);
        }
    }
}
