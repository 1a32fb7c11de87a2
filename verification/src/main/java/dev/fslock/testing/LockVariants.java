package dev.fslock.testing;

import dev.fslock.protocol.Environment;
import dev.fslock.testing.seed.SeedRenameStealLock;
import dev.fslock.testing.seed.SeedUnlinkLock;
import java.nio.file.Path;
import java.util.List;

/** Makes a {@link LockVariant} for one owner, given the lock path and that owner's environment. */
@FunctionalInterface
public interface LockVariants {
    LockVariant create(Path lock, Environment env);

    LockVariants FSLOCK = OurLockVariant::new;
    LockVariants SEED_UNLINK = SeedUnlinkLock::new;
    LockVariants SEED_RENAME_STEAL = SeedRenameStealLock::new;

    /** The seed's protocols: every suite must catch each of them. */
    List<LockVariants> SEEDS = List.of(SEED_UNLINK, SEED_RENAME_STEAL);
}
