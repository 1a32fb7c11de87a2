package dev.fslock.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs work on a thread of its own: locks are owned per acquisition and re-acquisition by the
 * holding thread is refused, so "another owner" in a test is usually another thread.
 */
public final class OtherThread<T> {
    /** Safety net for joins; no test should come near it. */
    public static final Duration SAFETY_NET = Duration.ofSeconds(60);

    private final Thread thread;
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private OtherThread(String name, Callable<T> work) {
        this.thread = new Thread(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts {@code work} on a new thread. */
    public static <T> OtherThread<T> start(String name, Callable<T> work) {
        OtherThread<T> t = new OtherThread<>(name, work);
        t.thread.start();
        return t;
    }

    /** Runs {@code work} on a new thread and waits for its result; its exception is rethrown as is. */
    public static <T> T call(Callable<T> work) throws Exception {
        return start("other", work).join();
    }

    public Thread thread() {
        return thread;
    }

    /** Waits for the result (at most {@link #SAFETY_NET}); rethrows the work's exception unchanged. */
    public T join() throws Exception {
        try {
            return result.get(SAFETY_NET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError(thread.getName() + " did not finish within " + SAFETY_NET, e);
        }
    }

    /** Waits for the work to fail and returns its exception (whatever its type, InterruptedException too). */
    public Throwable joinFailure() throws InterruptedException {
        try {
            T value = result.get(SAFETY_NET.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(thread.getName() + " was expected to fail but returned " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError(thread.getName() + " did not finish within " + SAFETY_NET, e);
        }
    }
}
