package dev.fslock.testing;

import dev.fslock.protocol.Environment;
import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.OwnerId;
import dev.fslock.wait.Clock;
import dev.fslock.wait.Patience;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Our protocol, driven through {@link LockProtocol} exactly as {@code FsLock} drives it. */
public final class OurLockVariant implements LockVariant {
    private final LockProtocol protocol;
    private final Clock clock;
    private LockProtocol.Acquired held; // null while not holding
    private OptionalLong token = OptionalLong.empty(); // of the current (or last) acquisition
    private boolean swept; // like FsLock: the first acquisition sweeps leftovers first

    public OurLockVariant(Path lock, Environment env) {
        this.protocol = new LockProtocol(new LockLayout(lock), env, TimeUnit.MILLISECONDS.toNanos(20), false);
        this.clock = env.clock();
    }

    @Override
    public boolean tryAcquire() throws IOException {
        return acquire(0);
    }

    /**
     * Acquires, waiting at most {@code timeoutNanos} of the environment's clock ({@link
     * Patience#atMost}: 0 is one attempt, {@code Long.MAX_VALUE} no limit); {@link #tryAcquire()}
     * is {@code acquire(0)}.
     */
    @Override
    public boolean acquire(long timeoutNanos) throws IOException {
        if (held != null) {
            throw new IllegalStateException("already holding");
        }
        try {
            boolean sweepFirst = !swept;
            swept = true;
            Patience patience = Patience.atMost(Duration.ofNanos(timeoutNanos));
            held = protocol.acquire("", patience.startingNow(clock), sweepFirst).orElse(null);
            if (held != null) {
                token = OptionalLong.of(held.token());
            }
            return held != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    @Override
    public void release() throws IOException {
        LockProtocol.Acquired owner = held;
        held = null;
        if (owner != null) {
            protocol.release(owner);
        }
    }

    @Override
    public void crashed() throws IOException {
        if (held != null) {
            held.entry().close(); // as at process exit: the entry stays, its lock goes
            held = null;
        }
    }

    @Override
    public boolean recordPresent() throws IOException {
        return held != null && protocol.isHeldBy(held.owner());
    }

    /** The fencing token of the current acquisition (of the last one after release; empty before any). */
    @Override
    public OptionalLong token() {
        return token;
    }

    @Override
    public boolean isOurs() {
        return true;
    }

    @Override
    public boolean reportsSpecActions() {
        return true;
    }

    @Override
    public boolean canWait() {
        return true;
    }

    /** The owner entry of the current acquisition, or null. */
    public OwnerId owner() {
        return held == null ? null : held.owner();
    }

    @Override
    public String name() {
        return "fslock";
    }
}
