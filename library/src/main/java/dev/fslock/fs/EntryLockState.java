package dev.fslock.fs;

/** What a prober learns from an owner entry's kernel lock ({@link FileOps#entryLock}). */
public enum EntryLockState {
    /** A process holds the lock: the owner is alive (or this very process holds it). */
    HELD,
    /** Nobody holds it: proves nothing by itself (the owner may have no working lock). */
    FREE,
    /** Cannot tell: the entry is gone or unreadable, or the filesystem has no working locks. */
    UNKNOWN
}
