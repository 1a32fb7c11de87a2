package dev.fslock;

import dev.fslock.internal.Internals;
import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.OwnerId;
import java.io.IOException;
import java.nio.file.Path;

/** What {@link Internals} reaches in this package: handed over once, by {@link FsLock}'s initializer. */
final class InternalAccess implements Internals.Access {
    @Override
    public FsLock open(Path path, FsLockOptions options, Environment env) throws IOException {
        return FsLock.open(path, options, env);
    }

    @Override
    public OwnerId addCoOwner(LockHandle held, ProcessIdentity child) throws IOException {
        return handle(held).addCoOwner(child);
    }

    @Override
    public void removeCoOwner(LockHandle held, OwnerId coOwner) throws IOException {
        handle(held).removeCoOwner(coOwner);
    }

    private static FsLockHandle handle(LockHandle held) {
        if (held instanceof FsLockHandle h) {
            return h;
        }
        throw new IllegalArgumentException("not a handle of an FsLock: " + held);
    }
}
