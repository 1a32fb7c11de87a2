package dev.fslock.protocol;

/** Paths and words in messages, quoted so that they can be pasted into a POSIX shell. */
public final class Shell {
    private Shell() {}

    /** {@code word} as is if it needs no quoting, else in single quotes. */
    public static String quote(String word) {
        return !word.isEmpty() && word.chars().allMatch(Shell::isPlain) ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean isPlain(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_./@%+=:,-".indexOf(c) >= 0;
    }
}
