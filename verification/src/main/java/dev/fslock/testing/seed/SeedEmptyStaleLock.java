package dev.fslock.testing.seed;

import dev.fslock.protocol.Environment;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The create-then-write gap: the seed's lock, except that a lock file without a readable owner
 * (empty: created by open(O_EXCL), its pid not yet written) is judged stale and unlinked, as a lock
 * does that parses the pid and treats a parse failure as "no live owner". No crash is needed: the
 * second contender removes the first's fresh file. Kept on purpose: the suites must catch it.
 */
public final class SeedEmptyStaleLock extends SeedLockFile {

    public SeedEmptyStaleLock(Path lock, Environment env) {
        super(lock, env);
    }

    @Override
    protected boolean staleWithoutOwner(byte[] content) {
        return true; // BUG: the owner may be alive, between its create and its write
    }

    @Override
    protected boolean removeStale() throws IOException {
        fs.deleteFile(lock);
        return true;
    }

    @Override
    public String name() {
        return "seed-empty-stale";
    }
}
