package dev.fslock.testing.seed;

import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Re-acquisition treated as reentrant across threads: the seed's lock, except that a contender
 * that reads its own pid from P takes the lock as already its own, as a lock does that identifies
 * its owner by pid. Two threads of one process (one pid) then both hold it. Kept on purpose: the
 * suites must catch it (with {@code LockVariants.threadsOfOneProcess}).
 */
public final class SeedOwnPidLock extends SeedLockFile {

    public SeedOwnPidLock(Path lock, Environment env) {
        super(lock, env);
    }

    @Override
    protected boolean mine(OwnerId owner) {
        return owner.process().pid() == env.self().pid(); // BUG: a pid names a process, not an owner
    }

    @Override
    protected boolean removeStale() throws IOException {
        fs.deleteFile(lock);
        return true;
    }

    @Override
    public String name() {
        return "seed-own-pid";
    }
}
