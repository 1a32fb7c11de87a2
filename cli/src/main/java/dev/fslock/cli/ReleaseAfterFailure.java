package dev.fslock.cli;

import java.io.IOException;

/**
 * A held lock, released because what ran under it failed: the failure is what the user must see,
 * so a release that fails as well is added to it (suppressed) rather than replacing it.
 */
final class ReleaseAfterFailure {
    private ReleaseAfterFailure() {}

    /** A held lock of any kind: a file lock's or a ZooKeeper lock's handle. */
    interface Held {
        void release() throws IOException;
    }

    /** Releases {@code held}; a release failure is added to {@code failure}, which the caller then rethrows. */
    static void release(Held held, Exception failure) {
        try {
            held.release();
        } catch (IOException releaseFailure) {
            failure.addSuppressed(releaseFailure);
        }
    }
}
