/**
 * fslock: a cross-process lock for the JVM, built from files alone.
 *
 * <p>{@link dev.fslock.FsLock} is the lock ({@link dev.fslock.CrossProcessLock} says what every
 * fslock lock offers); {@link dev.fslock.LockHandle} is a held lock, with its fencing token;
 * {@link dev.fslock.FsLockOptions} configures it; {@link dev.fslock.LockStatus} shows who holds it.
 *
 * <pre>{@code
 * FsLock lock = FsLock.open(Path.of("/var/tmp/deploy.lock"));
 * try (LockHandle held = lock.acquire(Duration.ofSeconds(30))) {
 *     deploy(held.fencingToken());
 * }
 * }</pre>
 *
 * <p>What can go wrong is an {@link java.io.IOException} of a precise type:
 * {@link dev.fslock.LockTimeoutException} (who holds the lock, and what to do),
 * {@link dev.fslock.LockCompromisedException} (somebody broke the lock while it was held),
 * {@link dev.fslock.NotALockException} (something fslock did not make is at the lock path),
 * {@link dev.fslock.LockNotShareableException} and {@link dev.fslock.NetworkFileSystemException};
 * or the filesystem's own ({@link java.nio.file.AccessDeniedException}...), with the lock named in
 * the message. docs/library.md is the guide; docs/protocol.md tells why the lock is safe.
 *
 * <p>This package is the whole API: module {@code dev.fslock} exports nothing else.
 */
package dev.fslock;
