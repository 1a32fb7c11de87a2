package dev.fslock.wait;

import dev.fslock.fs.EntryLockWatch;
import dev.fslock.internal.Trace;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One waiter's kernel-lock watches of the holders it waits for ({@link EntryLockWatch}): a watch
 * per holder entry, kept across retries while that entry stays the holder's, cancelled when it is
 * no longer waited for. An entry whose watch ended (its lock was free: the holder released or
 * died; or it could not be watched) is never watched again by this waiter: an owner locks its
 * entry once, so a second watch would be granted at once and the waiter would spin (a co-owner
 * under {@code fslock run}, a filesystem without locks).
 */
final class HolderWatches implements AutoCloseable {
    /** Entry-lock watches that ended FREE, in this JVM: how often a waiter learnt of a holder's end from the kernel. */
    private static final AtomicLong FREED = new AtomicLong();

    private final Runnable wake;
    private final Map<String, EntryLockWatch.Subscription> active = new HashMap<>(); // guarded by this
    private final Set<String> ended = new HashSet<>(); // guarded by this
    private final Set<String> freedNames = new HashSet<>(); // guarded by this: the watches that ended FREE
    private long freed; // guarded by this
    private boolean closed; // guarded by this

    /** @param wake told when a watched holder's lock was found free (or its watch failed) */
    HolderWatches(Runnable wake) {
        this.wake = wake;
    }

    /** Watches exactly {@code entryFiles} (other processes' owner entries) from now on. */
    void watch(List<Path> entryFiles) {
        Set<String> wanted = new HashSet<>();
        for (Path file : entryFiles) {
            wanted.add(file.getFileName().toString());
        }
        List<EntryLockWatch.Subscription> cancelled = new java.util.ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            active.entrySet().removeIf(e -> !wanted.contains(e.getKey()) && cancelled.add(e.getValue()));
        }
        cancelled.forEach(EntryLockWatch.Subscription::close);
        for (Path file : entryFiles) {
            String name = file.getFileName().toString();
            synchronized (this) {
                if (closed || ended.contains(name) || active.containsKey(name)) {
                    if (ended.contains(name)) {
                        Trace.event("-", "watch-skip", () -> name + " (its watch ended before)");
                    }
                    continue;
                }
            }
            var subscription = EntryLockWatch.subscribe(file, end -> ended(name, end));
            Trace.event("-", "watch", () -> name + (subscription.isPresent() ? "" : " not watchable"));
            synchronized (this) {
                if (subscription.isPresent() && !closed && !ended.contains(name)) {
                    active.put(name, subscription.get());
                    continue;
                }
                if (subscription.isEmpty()) {
                    ended.add(name); // ours, or cannot be watched now: the other wake-ups serve
                }
            }
            subscription.ifPresent(EntryLockWatch.Subscription::close);
        }
    }

    private void ended(String name, EntryLockWatch.End end) {
        Trace.event("-", "watch-end", () -> name + " " + end);
        synchronized (this) {
            active.remove(name);
            ended.add(name);
            if (end == EntryLockWatch.End.FREE) {
                freedNames.add(name);
                freed++;
                FREED.incrementAndGet();
            }
        }
        wake.run();
    }

    /** Whether every one of {@code entryFiles} (at least one) has a watch under way: its kernel lock is held. */
    synchronized boolean watchingAll(List<Path> entryFiles) {
        if (closed || entryFiles.isEmpty()) {
            return false;
        }
        for (Path file : entryFiles) {
            if (!active.containsKey(file.getFileName().toString())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the watch of {@code entryFile} ended FREE: its holder released or died. */
    synchronized boolean freed(Path entryFile) {
        return freedNames.contains(entryFile.getFileName().toString());
    }

    /** How many watched holders' locks this waiter found free. */
    synchronized long freed() {
        return freed;
    }

    /** Entry-lock watches that ended FREE in this JVM so far (for tests and diagnostics). */
    static long freedInThisJvm() {
        return FREED.get();
    }

    @Override
    public void close() {
        List<EntryLockWatch.Subscription> cancelled;
        synchronized (this) {
            closed = true;
            cancelled = List.copyOf(active.values());
            active.clear();
        }
        for (EntryLockWatch.Subscription s : cancelled) { // a loop: its first run is inside an acquisition
            s.close();
        }
    }
}
