package dev.fslock.wait;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue as a kernel lock on NAME.queue, within one JVM: one head at a time, the next waiter
 * becomes head when it leaves, a waiter whose timeout passes is not head (it bypasses), a queue
 * file that cannot be used is "unavailable" (never an error), and an interrupted waiter throws.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KernelWaitQueueTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(60);

    @TempDir Path dir;

    @Test
    void oneHeadAtATimeAndTheNextWhenItLeaves() throws Exception {
        Path file = dir.resolve("X.queue");
        KernelWaitQueue queue = new KernelWaitQueue(file);
        WaitQueue.Place head = queue.join(LONG);
        assertTrue(head.isHead());
        assertTrue(Files.isRegularFile(file), "made on first use");

        WaitQueue.Place late = new KernelWaitQueue(file).join(TimeUnit.MILLISECONDS.toNanos(20));
        assertFalse(late.isHead(), "two heads");
        assertFalse(late.isUnavailable(), "a taken queue is a timeout, not unavailable");

        CompletableFuture<WaitQueue.Place> next = CompletableFuture.supplyAsync(() -> {
            try {
                return new KernelWaitQueue(file).join(LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        head.close();
        head.close(); // idempotent: must not let a third waiter in
        WaitQueue.Place second = next.get(60, TimeUnit.SECONDS);
        assertTrue(second.isHead(), "the next waiter did not become head");
        assertFalse(new KernelWaitQueue(file).join(0).isHead(), "a second close let another head in");
        second.close();
        assertTrue(Files.isRegularFile(file), "the queue file is never removed");
    }

    @Test
    void anUnusableQueueFileIsUnavailableNotAnError() throws Exception {
        Path file = Files.createDirectory(dir.resolve("X.queue"));
        WaitQueue.Place place = new KernelWaitQueue(file).join(LONG);
        assertFalse(place.isHead());
        assertTrue(place.isUnavailable());
        assertTrue(Files.isDirectory(file), "what is there is left alone");
    }

    @Test
    void anUnusableQueueFileLetsTheNextLookOfThisJvmThroughAtOnce() throws Exception {
        Path file = Files.createDirectory(dir.resolve("X.queue"));
        assertTrue(new KernelWaitQueue(file).tryJoin().isUnavailable());
        assertTrue(new KernelWaitQueue(file).join(LONG).isUnavailable());
        // Had either kept this JVM's gate, the next look would wait the whole timeout in it.
        WaitQueue.Place again = new KernelWaitQueue(file).join(TimeUnit.SECONDS.toNanos(1));
        assertTrue(again.isUnavailable(), "the gate was kept: " + again);
    }

    @Test
    void aFreshLookAtAFreeQueueMakesItTheHeadAndAtATakenOneGoesBehind() throws Exception {
        Path file = dir.resolve("X.queue");
        assertTrue(new KernelWaitQueue(file).tryJoin().isUnavailable(), "no queue file: nobody waited");
        Files.createFile(file);
        WaitQueue.Place head = new KernelWaitQueue(file).tryJoin();
        assertTrue(head.isHead());
        assertFalse(head.isUnavailable());
        WaitQueue.Place behind = new KernelWaitQueue(file).tryJoin();
        assertFalse(behind.isHead());
        assertFalse(behind.isUnavailable(), "taken: behind the head, not unavailable");
        head.close();
        WaitQueue.Place next = new KernelWaitQueue(file).tryJoin();
        assertTrue(next.isHead(), "the head left");
        next.close();
    }

    @Test
    void anInterruptedWaiterThrowsAndHoldsNothing() throws Exception {
        Path file = dir.resolve("X.queue");
        WaitQueue.Place head = new KernelWaitQueue(file).join(LONG);
        Thread.currentThread().interrupt();
        try {
            new KernelWaitQueue(file).join(LONG);
            throw new AssertionError("not interrupted");
        } catch (InterruptedException expected) {
            // the gate's wait is interruptible
        }
        head.close();
        WaitQueue.Place after = new KernelWaitQueue(file).join(LONG);
        assertTrue(after.isHead(), "the interrupted waiter kept something");
        after.close();
    }
}
