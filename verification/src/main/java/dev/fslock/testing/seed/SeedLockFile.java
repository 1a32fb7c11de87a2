package dev.fslock.testing.seed;

import dev.fslock.fs.FileOps;
import dev.fslock.process.Liveness;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import dev.fslock.testing.LockVariant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The seed's lock file (../shared/seed/, fs-lock.ts), ported to our {@link FileOps}: acquire =
 * open(P, O_CREAT|O_EXCL), then write "{pid, createdAt}"; on EEXIST read P and, if its owner is
 * dead ({@code kill(pid, 0)}), remove the stale file and retry; release = unlink(P) unconditionally.
 * Subclasses differ only in how the stale file is removed. Kept on purpose: the suites must catch it.
 */
abstract class SeedLockFile implements LockVariant {
    protected final Path lock;
    protected final FileOps fs;
    protected final Environment env;
    private final OwnerId me;
    private boolean holding;

    SeedLockFile(Path lock, Environment env) {
        this.lock = lock;
        this.fs = env.fs();
        this.env = env;
        this.me = new OwnerId(env.self(), env.nonces().get());
    }

    /** Removes the file judged stale; false if another contender got there first. */
    protected abstract boolean removeStale() throws IOException;

    /**
     * Is the lock file at P, with this content, stale although its owner cannot be probed (empty,
     * half-written or unparsable content)? The seed: never, it waits (its age check decides later).
     */
    protected boolean staleWithoutOwner(byte[] content) {
        return false;
    }

    /** Does the lock file at P say that this owner holds it already? The seed: never. */
    protected boolean mine(OwnerId owner) {
        return false;
    }

    /** Is the lock file of this live-or-dead owner, with this content, stale? The seed: its owner is dead. */
    protected boolean stale(OwnerId owner, byte[] content) {
        return env.liveness().probe(owner.process()) == Liveness.DEAD;
    }

    @Override
    public boolean tryAcquire() throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                fs.createFile(lock); // open(P, "wx")
                fs.writeFile(lock, content(), false);
                holding = true;
                return true;
            } catch (FileAlreadyExistsException busy) {
                Optional<byte[]> content = fs.readFile(lock);
                if (content.isEmpty()) {
                    return false; // gone meanwhile: this attempt is over
                }
                Optional<OwnerId> owner = owner(content.get());
                if (owner.isPresent() && mine(owner.get())) {
                    holding = true; // "reentrant": P names us already
                    return true;
                }
                // Empty content: just created by someone, not yet written; the seed waits (age check).
                boolean stale = owner.isEmpty() ? staleWithoutOwner(content.get()) : stale(owner.get(), content.get());
                if (!stale) {
                    return false;
                }
                if (!removeStale()) {
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public void release() throws IOException {
        if (holding) {
            holding = false;
            fs.deleteFile(lock); // unconditional: whatever is at P now
        }
    }

    @Override
    public boolean recordPresent() throws IOException {
        return holding && fs.readFile(lock).map(c -> new String(c, StandardCharsets.UTF_8).startsWith(me.entryName()))
                .orElse(false);
    }

    private byte[] content() {
        return (me.entryName() + "\n" + env.clock().currentTimeMillis() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<OwnerId> owner(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl < 0 ? Optional.empty() : OwnerId.parse(text.substring(0, nl));
    }
}
