package dev.fslock.protocol;

/**
 * The actions of spec/FsLock.tla, named exactly as there. Each constant's Javadoc names the
 * filesystem call; {@link LockProtocol} reports each one to the {@link StepObserver} right after
 * performing it, which is how the simulation records runs and checks them against the spec.
 */
public enum SpecAction {
    /** Begin an acquisition (a new owner, a new nonce). No filesystem call. */
    Start,
    /** {@code mkdir(T)}. */
    MkTemp,
    /** {@code open(T/me, O_CREAT|O_EXCL|O_RDWR)}, kept open. */
    CreateEntry,
    /** {@code write(T/me)} and {@code fcntl(F_SETLKW)}: the entry's kernel lock. */
    WriteEntry,
    /** {@code rename(T, P)}: succeeds iff P is absent or an empty directory. */
    RenameToLock,
    /** {@code lstat(P/me)}: our entry came with the rename (a sweep may have taken it from T). */
    CheckEntry,
    /** {@code rmdir(P)} of the empty directory we renamed there without our entry: we give up. */
    DropLock,
    /** {@code readdir(P)}. */
    ReadLockDir,
    /** Liveness probe of one listed owner. */
    ProbeOwner,
    /** {@code unlink(P/e)} of an owner judged DEAD. */
    BreakEntry,
    /** {@code rmdir(P)} after breaking. */
    RmdirLock,
    /** Wake up from waiting and retry: the head, woken by the kernel (a holder's entry lock was granted). */
    Retry,
    /** Wake up from waiting and retry: the head, woken by its backoff timer or a directory event. */
    RetryOnTimer,
    /**
     * {@code fcntl(F_SETLKW, F_WRLCK)} on NAME.queue returned (or a fresh acquirer's
     * {@code fcntl(F_SETLK, F_WRLCK)} succeeded): this acquirer is the queue's head.
     */
    QueueJoin,
    /**
     * An acquirer goes on without the queue: its wait for NAME.queue timed out, the queue cannot be
     * used, or (a fresh acquirer) a single try, which never waits.
     */
    QueueBypass,
    /** A fresh acquirer's {@code fcntl(F_SETLK, F_WRLCK)} on NAME.queue failed, taken: to the back, no rename. */
    QueueBehind,
    /** The head unlocks NAME.queue: after its rename succeeded, or once it gave up. */
    QueueLeave,
    /** {@code readdir(parent)}: look for leftovers of other processes. */
    ScanTemps,
    /** Liveness probe of a leftover's owner. */
    SweepProbe,
    /** {@code unlink(Tq/entry)} of a dead process's temp entry. */
    SweepEntry,
    /** {@code rmdir(Tq)} of a dead process's temp dir. */
    SweepTemp,
    /** {@code unlink} of a dead process's fence temp file. */
    SweepFence,
    /** Give up before holding: timeout, interrupt or I/O error. No filesystem call. */
    AbandonStart,
    /** {@code unlink(T/me)}, then close it (dropping its lock). */
    AbandonUnlink,
    /** {@code rmdir(T)}. */
    AbandonRmdir,
    /** {@code readlink(P.fence)}. */
    ReadFence,
    /** Read the clock; {@code symlink(max(token + 1, clock), fence temp)}: created with its content in one call. */
    CreateFenceTmp,
    /** {@code rename(fence temp, P.fence)}. */
    RenameFence,
    /** {@code lstat(P/me)}: still held after the fence moved? Only then is the token handed out. */
    VerifyHeld,
    /** The fence could not be read or written: the holder releases. No filesystem call. */
    FenceFailed,
    /** {@code unlink} of the holder's own fence temp after a fence failure. */
    AbortFenceUnlink,
    /** The critical section ends. No filesystem call. */
    LeaveCS,
    /** Start the child command's wrapper. */
    Spawn,
    /** {@code openat(dirfd of our P, child, O_CREAT|O_EXCL)}: register the child as co-owner. */
    AddCoOwner,
    /** {@code waitpid}: the child has exited. */
    AwaitChild,
    /** {@code unlink(P/child)}. */
    RemoveCoOwner,
    /** The wrapper's {@code stat(P/child)}. */
    ChildStat,
    /** The wrapper's liveness probe of its parent. */
    ChildProbeParent,
    /** The command ends. */
    ChildExit,
    /** {@code unlink(P/me)}, then close it (dropping its lock). */
    ReleaseUnlink,
    /** {@code rmdir(P)} after release. */
    ReleaseRmdir
}
