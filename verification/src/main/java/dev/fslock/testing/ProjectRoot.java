package dev.fslock.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's root directory, where spec/ and docs/ are, for tests that read them. Maven runs
 * each module's tests in the module's directory (library/, verification/...), so the root is the
 * nearest directory at or above it that holds spec/FsLock.tla.
 */
public final class ProjectRoot {
    private ProjectRoot() {}

    /** The root, found from Maven's basedir (else the working directory) upwards. */
    public static Path dir() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("spec").resolve("FsLock.tla"))) {
                return d;
            }
        }
        throw new IllegalStateException("spec/FsLock.tla not found in " + start + " nor above it");
    }

    /** A path relative to the root, such as {@code docs/protocol.md}. */
    public static Path resolve(String relative) {
        return dir().resolve(relative);
    }
}
