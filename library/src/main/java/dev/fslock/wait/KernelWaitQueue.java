package dev.fslock.wait;

import dev.fslock.fs.QueueFileLock;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The queue of a lock as a kernel lock on its file {@code NAME.queue} ({@link QueueFileLock}):
 * the head holds it exclusively, other processes' waiters sleep in the kernel until they get it.
 * Within this JVM the waiters line up first in a fair gate per queue file (the JDK allows one lock
 * per file and JVM), whose holder alone waits for or holds the kernel lock.
 */
final class KernelWaitQueue implements WaitQueue {
    private static final Map<Path, Semaphore> GATES = new ConcurrentHashMap<>(); // one per queue file; tiny, kept

    private final Path queueFile;
    private final Optional<Set<PosixFilePermission>> permissions; // of the queue file, if we make it
    private final Semaphore gate;

    KernelWaitQueue(Path queueFile) {
        this(queueFile, Optional.empty());
    }

    KernelWaitQueue(Path queueFile, Optional<Set<PosixFilePermission>> permissions) {
        this.queueFile = queueFile.toAbsolutePath().normalize();
        this.permissions = permissions;
        Semaphore fresh = new Semaphore(1, true); // putIfAbsent, not a lambda: every fslock run's start-up (docs/cli.md)
        Semaphore existing = GATES.putIfAbsent(this.queueFile, fresh);
        this.gate = existing != null ? existing : fresh;
    }

    @Override
    public Place join(long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        if (!gate.tryAcquire(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS)) {
            return Place.timedOut();
        }
        Optional<QueueFileLock> lock;
        try {
            lock = QueueFileLock.lock(queueFile, permissions, timeoutNanos - (System.nanoTime() - start));
        } catch (InterruptedException | RuntimeException e) {
            gate.release();
            throw e;
        }
        if (lock.isEmpty()) {
            gate.release();
            // Taken all along, or unusable: a lock that was never free reads as a timeout only if
            // we waited; an immediate failure (no file, no permission) is unavailability.
            return System.nanoTime() - start >= timeoutNanos ? Place.timedOut() : Place.unavailable();
        }
        return new Head(lock.get());
    }

    /**
     * The fresh acquirer's look: the gate without waiting (honouring its order: a thread of this
     * JVM waiting in it is ahead of us), then {@code fcntl(F_SETLK)} on the queue file if it exists.
     */
    @Override
    public Place tryJoin() throws InterruptedException {
        if (!gate.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            return Place.timedOut(); // a thread of this JVM is the head or waits to be
        }
        QueueFileLock.Attempt attempt;
        try {
            attempt = QueueFileLock.tryLock(queueFile);
        } catch (RuntimeException e) {
            gate.release();
            throw e;
        }
        if (attempt.held().isPresent()) {
            return new Head(attempt.held().get());
        }
        gate.release();
        return attempt.taken() ? Place.timedOut() : Place.unavailable();
    }

    private final class Head implements Place {
        private final QueueFileLock lock;
        private boolean left; // guarded by this

        Head(QueueFileLock lock) {
            this.lock = lock;
        }

        @Override
        public boolean isHead() {
            return true;
        }

        @Override
        public boolean isUnavailable() {
            return false;
        }

        @Override
        public synchronized void close() {
            if (!left) {
                left = true;
                lock.close();
                gate.release();
            }
        }
    }
}
