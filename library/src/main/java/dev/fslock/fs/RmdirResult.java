package dev.fslock.fs;

/** The outcome of {@code rmdir(2)}: the protocol treats all three as normal. */
public enum RmdirResult {
    REMOVED,
    ABSENT,
    NOT_EMPTY
}
