package dev.fslock.testing;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Our protocol with a bug planted (one assumption broken: {@link LyingProbes}), named after the
 * bug. Judged like the seed's ports, on safety alone: the broken assumption also makes ours fail
 * in other ways (a sweep removing a live acquirer's temporary directory makes its rename fail with
 * ENOENT), which the harnesses must tolerate to reach the safety violation the catalog is about.
 */
final class PlantedBug implements LockVariant {
    private final LockVariant ours;
    private final String name;

    PlantedBug(LockVariant ours, String name) {
        this.ours = ours;
        this.name = name;
    }

    @Override
    public boolean tryAcquire() throws IOException {
        return ours.tryAcquire();
    }

    @Override
    public void release() throws IOException {
        ours.release();
    }

    @Override
    public boolean recordPresent() throws IOException {
        return ours.recordPresent();
    }

    @Override
    public void crashed() throws IOException {
        ours.crashed();
    }

    @Override
    public OptionalLong token() {
        return ours.token();
    }

    @Override
    public boolean canWait() {
        return ours.canWait();
    }

    @Override
    public boolean acquire(long timeoutNanos) throws IOException {
        return ours.acquire(timeoutNanos);
    }

    @Override
    public String name() {
        return name;
    }
}
