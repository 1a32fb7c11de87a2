package dev.fslock.fs;

/** What {@code lstat} finds at a path; symbolic links are reported, never followed. */
public enum FileKind {
    ABSENT,
    DIRECTORY,
    FILE,
    SYMLINK,
    OTHER
}
