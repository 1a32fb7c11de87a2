package dev.fslock.testing.seed;

import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Staleness by age (the seed before its pid check, and many lock-file libraries): the seed's lock,
 * except that a lock file whose {@code createdAt} is at least {@code staleMillis} old is judged
 * stale and unlinked, whether its owner lives or not. A live holder paused for longer (GC,
 * SIGSTOP, a suspended VM) loses its lock. Kept on purpose: the suites must catch it.
 */
public final class SeedAgeStaleLock extends SeedLockFile {
    private final long staleMillis;

    public SeedAgeStaleLock(Path lock, Environment env, long staleMillis) {
        super(lock, env);
        this.staleMillis = staleMillis;
    }

    @Override
    protected boolean stale(OwnerId owner, byte[] content) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2) {
            return false; // half-written: wait, as the seed does
        }
        long age = env.clock().currentTimeMillis() - Long.parseLong(lines[1].strip());
        return age >= staleMillis; // BUG: says nothing about whether the owner lives
    }

    @Override
    protected boolean removeStale() throws IOException {
        fs.deleteFile(lock);
        return true;
    }

    @Override
    public String name() {
        return "seed-age-stale";
    }
}
