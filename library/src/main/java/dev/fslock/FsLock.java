package dev.fslock;

import dev.fslock.fs.PermissionedFileOps;
import dev.fslock.internal.Durations;
import dev.fslock.internal.Internals;
import dev.fslock.protocol.Environment;
import dev.fslock.protocol.LockBreaker;
import dev.fslock.protocol.LockContents;
import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.LockProtocol;
import dev.fslock.protocol.Sharing;
import dev.fslock.wait.Patience;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lock shared by processes (and threads) through the filesystem: at most one holder at a time,
 * a holder that crashes loses the lock within milliseconds, a live holder never does.
 *
 * <pre>{@code
 * FsLock lock = FsLock.open(Path.of("/var/tmp/deploy.lock"));
 * try (LockHandle held = lock.acquire(Duration.ofSeconds(10))) {
 *     // ... exclusive work; held.fencingToken() orders this holder after all earlier ones
 * }
 * }</pre>
 *
 * <p>The lock at {@code /var/tmp/deploy.lock} is a directory that exists while the lock is held;
 * beside it, {@code deploy.lock.fence} keeps the last fencing token. Every holder has an owner
 * entry in the directory, which names its process.
 *
 * <p>"Held" means: this acquisition's owner entry is in the lock directory. Every acquisition is its
 * own owner, so two threads of one JVM exclude each other like two processes. Locks are not
 * reentrant: a thread that acquires a lock it already holds gets an {@link IllegalStateException}
 * at once (it would otherwise wait for itself forever).
 *
 * <p>A holder is judged dead only when certain (same host, boot and PID namespace, pid gone or
 * reused); then its lock is broken by the next waiter. Holders whose liveness cannot be judged
 * (another host, another PID namespace) are never broken automatically: the timeout message names
 * them and the remedy. Something at the lock path that fslock did not make (another tool's lock
 * file, a directory of other files) is never waited for nor removed: {@link NotALockException}.
 * docs/protocol.md explains why this is safe and what it assumes.
 *
 * <p>Instances are thread-safe and cheap; {@link #open} checks the directory once.
 */
public final class FsLock implements CrossProcessLock {
    private static final System.Logger LOG = System.getLogger(FsLock.class.getName());

    static {
        Internals.install(new InternalAccess()); // for the fslock command and the test suites
    }

    private final LockLayout layout;
    private final Environment env;
    private final FsLockOptions options;
    private final LockProtocol protocol;
    private final AtomicBoolean swept = new AtomicBoolean(); // the first acquisition sweeps leftovers
    private final AtomicBoolean checked = new AtomicBoolean(); // the lock path was found to be a lock (or nothing)

    private FsLock(LockLayout layout, Environment env, FsLockOptions options) {
        this.layout = layout;
        this.env = env;
        this.options = options;
        // With chosen permissions, the protocol's creates (and the queue file) go through a chmod;
        // everything else (status, break, the re-acquisition key) keeps the environment's own filesystem.
        Environment creating = env; // (no lambda here: every fslock run's start-up, docs/cli.md)
        if (options.permissions().isPresent()) {
            Set<PosixFilePermission> p = options.permissions().get();
            creating = env.withFs(new PermissionedFileOps(env.fs(), p)).withWaits(env.waits().withQueuePermissions(p));
        }
        this.protocol = new LockProtocol(layout, creating, options.probePeriod().toNanos(), options.durableFence());
    }

    /**
     * Opens the lock at {@code path} with {@linkplain FsLockOptions#defaults() default options}.
     * Changes nothing on disk.
     *
     * @param path the lock; its directory must exist
     * @return the lock, not acquired
     * @throws IOException as {@link #open(Path, FsLockOptions)} says
     */
    public static FsLock open(Path path) throws IOException {
        return open(path, FsLockOptions.defaults());
    }

    /**
     * Opens the lock at {@code path}. Changes nothing on disk: it resolves the symbolic links of
     * the lock's directory (so that one lock reached by two names is one lock) and checks that
     * directory once.
     *
     * @param path    the lock; its directory must exist. The lock itself need not: it is made by
     *                the first acquisition
     * @param options label, probe period, permissions...
     * @return the lock, not acquired
     * @throws IllegalArgumentException if {@code path} names a directory rather than a lock in one
     *     ({@code ""}, {@code "."}, {@code ".."}), or its name is too long for the files fslock makes
     *     beside it
     * @throws java.nio.file.NoSuchFileException if the lock's directory does not exist
     * @throws java.nio.file.NotDirectoryException if the lock's directory is not a directory
     * @throws NetworkFileSystemException if the directory is on a network filesystem and
     *     {@link FsLockOptions#withNetworkFileSystemAllowed(boolean) not allowed}
     * @throws java.nio.file.AccessDeniedException if the directory cannot be read; the message says
     *     which call, whose directory and what to do
     * @throws IOException if the filesystem fails otherwise
     */
    public static FsLock open(Path path, FsLockOptions options) throws IOException {
        return open(path, options, Environment.system());
    }

    /** For tests and simulations: the lock in another environment (filesystem, liveness, clock). */
    static FsLock open(Path path, FsLockOptions options, Environment env) throws IOException {
        LockLayout given = new LockLayout(path);
        try {
            return open(given, options, env);
        } catch (IOException e) {
            throw Sharing.explain(e, given, env.fs()); // a permission refusal: which call, whose directory, the fix
        }
    }

    private static FsLock open(LockLayout given, FsLockOptions options, Environment env) throws IOException {
        LockDirectory where = LockDirectory.check(given, options, env);
        // Some verdicts depend on where the lock lives (another boot id is DEAD only on a
        // filesystem that a single running kernel can mount): docs/probe-soundness.md.
        return new FsLock(where.layout(), env.withLiveness(env.liveness().forLocksOn(where.fileSystemType())), options);
    }

    /**
     * The lock's path: the one given to {@link #open}, its directory's symbolic links resolved.
     *
     * @return the absolute path of the lock
     */
    public Path path() {
        return layout.lock();
    }

    /**
     * The options this lock was opened with.
     *
     * @return the options
     */
    public FsLockOptions options() {
        return options;
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}. A holder found dead on the way is broken
     * (its entry removed); a live one, or one whose liveness cannot be judged, is waited for.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} for one attempt, which throws
     *                {@link LockTimeoutException} if the lock is busy
     * @return the handle of the held lock
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws LockTimeoutException if not acquired in time; its message names the holder and remedy,
     *     and {@link LockTimeoutException#status()} the lock as it was then
     * @throws NotALockException at once if the lock path holds something fslock did not make (a file,
     *     a directory of other files, an empty directory without the lock's fence): it is never
     *     waited for, replaced nor removed
     * @throws LockNotShareableException at once if this user can never take the lock where it is
     *     (a sticky directory where another user's file of the lock stands in the way)
     * @throws InterruptedException if interrupted while waiting (nothing is left behind)
     * @throws IllegalStateException if this thread already holds this lock
     * @throws IOException if the filesystem refuses or fails (the type is kept, e.g.
     *     {@link java.nio.file.AccessDeniedException}, and the message names the lock); nothing is left
     *     behind
     */
    @Override
    public LockHandle acquire(Duration timeout) throws IOException, InterruptedException {
        return acquireOrThrow(Patience.atMost(timeout));
    }

    /**
     * Acquires the lock, waiting as long as it takes, unless interrupted.
     *
     * @return the handle of the held lock
     * @throws NotALockException at once if the lock path holds something fslock did not make
     * @throws LockNotShareableException at once if this user can never take the lock where it is
     * @throws InterruptedException if interrupted while waiting (nothing is left behind)
     * @throws IllegalStateException if this thread already holds this lock
     * @throws IOException if the filesystem refuses or fails; nothing is left behind
     */
    @Override
    public LockHandle acquireInterruptibly() throws IOException, InterruptedException {
        return acquireOrThrow(Patience.forever());
    }

    /**
     * One attempt, no waiting (a holder found dead is still broken first).
     *
     * @return the handle, or empty if another owner holds the lock
     * @throws NotALockException if the lock path holds something fslock did not make
     * @throws LockNotShareableException if this user can never take the lock where it is
     * @throws IllegalStateException if this thread already holds this lock
     * @throws InterruptedIOException if the thread was interrupted during a filesystem call
     * @throws IOException if the filesystem refuses or fails; nothing is left behind
     */
    @Override
    public Optional<LockHandle> tryAcquire() throws IOException {
        try {
            return acquire(Patience.once().startingNow(env.clock()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException io = new InterruptedIOException("interrupted while trying lock " + layout.lock());
            io.initCause(e);
            throw io;
        }
    }

    /** Busy at the deadline is a {@link LockTimeoutException} naming the holders. */
    private LockHandle acquireOrThrow(Patience patience) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Patience.Deadline deadline = patience.startingNow(env.clock());
        Optional<LockHandle> held = acquire(deadline);
        if (held.isPresent()) {
            return held.get();
        }
        LockStatus status = status();
        // One attempt did not wait: Diagnostics then says "busy", not "timed out after 2ms".
        Duration waited = patience.waits() ? deadline.elapsed() : Duration.ZERO;
        throw new LockTimeoutException(Diagnostics.timeout(status, waited), status);
    }

    /** Empty if still busy at the deadline. */
    private Optional<LockHandle> acquire(Patience.Deadline deadline) throws IOException, InterruptedException {
        ThreadHolds.requireNotHeld(env.fs(), layout.lock());
        Optional<LockProtocol.Acquired> outcome;
        try {
            if (!checked.get()) {
                // Once per instance, before its first rename onto the lock path could replace an
                // empty directory fslock did not make, or its first wait could wait for one that
                // will never empty (LockContents); and before it takes a lock that, in a sticky
                // directory, another user's fence keeps it from ever finishing (Sharing). Later
                // acquisitions add no system call. (Not in open(): status and break still work.)
                LockContents.requireLock(layout, env.fs());
                Sharing.requireTakeable(layout, env.fs());
                checked.set(true);
            }
            outcome = protocol.acquire(options.label(), deadline, !swept.getAndSet(true));
        } catch (IOException e) {
            throw Failures.explain(e, layout, env.fs());
        }
        if (outcome.isPresent()) {
            LockProtocol.Acquired acquired = outcome.get();
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // no lambda to link when it is not (start-up, docs/cli.md)
                LOG.log(System.Logger.Level.DEBUG, "lock " + layout.lock() + ": acquired by " + acquired.owner()
                        + ", fencing token " + acquired.token() + ", after " + Durations.human(deadline.elapsed()));
            }
            Runnable forget = ThreadHolds.hold(env.fs(), layout.lock());
            return Optional.of(new FsLockHandle(protocol, env.fs(), acquired,
                    Instant.ofEpochMilli(env.clock().currentTimeMillis()), forget));
        }
        return Optional.empty();
    }

    /**
     * {@code FsLock.open(path).withLock(timeout, action)}: runs {@code action} holding the lock at
     * {@code path} with default options, and releases it afterwards.
     *
     * @param <T>     what the action returns
     * @param <X>     what the action may throw
     * @param path    the lock; its directory must exist
     * @param timeout how long to wait for the lock at most
     * @param action  the work to do while holding the lock
     * @return what the action returned
     * @throws X if the action throws it (the lock is released first)
     * @throws LockTimeoutException if not acquired in time
     * @throws LockCompromisedException if somebody broke the lock while the action ran
     * @throws InterruptedException if interrupted while waiting
     * @throws IOException if the lock cannot be opened, used or released
     * @see #open(Path, FsLockOptions)
     * @see #acquire(Duration)
     */
    public static <T, X extends Exception> T withLock(Path path, Duration timeout, LockedAction<T, X> action)
            throws X, IOException, InterruptedException {
        return open(path).withLock(timeout, action);
    }

    /**
     * Reads the lock's state without changing anything: who holds it, whether they are alive, since
     * when; the leftovers beside it; or what is there if it is not a lock.
     *
     * @return the lock as it is now
     * @throws IOException if the lock's directory cannot be read
     */
    public LockStatus status() throws IOException {
        try {
            return new LockInspector(layout, env).inspect(Instant.ofEpochMilli(env.clock().currentTimeMillis()));
        } catch (IOException e) {
            throw Sharing.explain(e, layout, env.fs());
        }
    }

    /**
     * Removes what belongs to dead owners (what any waiter would remove); with {@code force}, also
     * entries and leftovers of owners whose liveness is UNKNOWN. Never removes a live owner's entry,
     * nor anything fslock did not make. Each removal is logged at INFO on the logger
     * {@code dev.fslock.breaks}.
     *
     * @param force also remove what belongs to owners whose liveness is {@link Liveness#UNKNOWN}: only
     *              if you are certain they have ended, or two processes will hold the lock
     * @return what was found and what was done with each
     * @throws NotALockException if the lock path holds something fslock did not make (nothing is removed)
     * @throws IOException if the lock cannot be read, or a removal fails
     */
    public List<BreakAction> breakLock(boolean force) throws IOException {
        List<LockBreaker.Action> actions;
        try {
            actions = new LockBreaker(layout, env).breakLock(force);
        } catch (IOException e) {
            throw Sharing.explain(e, layout, env.fs());
        }
        return actions.stream().map(a -> new BreakAction(a.path(), a.owner(), LockInspector.publicForm(a.liveness()),
                a.removed(), a.why())).toList();
    }
}
