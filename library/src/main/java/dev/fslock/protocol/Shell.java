package dev.fslock.protocol;

/** Paths and words in messages, quoted so that they can be pasted into a POSIX shell. */
public final class Shell {
    private Shell() {}

    /** {@code word} as is if it needs no quoting, else in single quotes. */
    public static String quote(String word) {
        return isPlain(word) ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** A loop, not a stream: every fslock run quotes its command for the label (start-up, docs/cli.md). */
    private static boolean isPlain(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!isPlain(word.charAt(i))) {
                return false;
            }
        }
        return !word.isEmpty();
    }

    private static boolean isPlain(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_./@%+=:,-".indexOf(c) >= 0;
    }
}
