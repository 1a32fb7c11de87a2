package dev.fslock.testing.seed;

import dev.fslock.protocol.Environment;
import java.io.IOException;
import java.nio.file.Path;

/** The seed before the pull request: a stale lock file is removed with unlink(P). */
public final class SeedUnlinkLock extends SeedLockFile {

    public SeedUnlinkLock(Path lock, Environment env) {
        super(lock, env);
    }

    @Override
    protected boolean removeStale() throws IOException {
        fs.deleteFile(lock); // BUG: P may by now be a live owner's new lock file
        return true;
    }

    @Override
    public String name() {
        return "seed-unlink";
    }
}
