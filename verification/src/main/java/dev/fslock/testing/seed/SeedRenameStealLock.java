package dev.fslock.testing.seed;

import dev.fslock.protocol.Environment;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The pull request: a stale lock file is "stolen" with rename(P, P.tmp-me), then unlinked: "only
 * one contender wins the rename". True, but the winner may rename a live owner's new lock file.
 */
public final class SeedRenameStealLock extends SeedLockFile {
    private final Path stolen;

    public SeedRenameStealLock(Path lock, Environment env) {
        super(lock, env);
        this.stolen = lock.resolveSibling(lock.getFileName() + ".stale-" + env.self().pid() + "-" + env.nonces().get());
    }

    @Override
    protected boolean removeStale() throws IOException {
        try {
            if (!fs.rename(lock, stolen)) { // BUG: P may by now be a live owner's new lock file
                return false;
            }
        } catch (NoSuchFileException gone) {
            return true; // another contender stole it: retry the create
        }
        fs.deleteFile(stolen);
        return true;
    }

    @Override
    public String name() {
        return "seed-rename-steal";
    }
}
