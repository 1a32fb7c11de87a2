package dev.fslock.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The few checks and splits of ASCII text that fslock needs, by hand: java.util.regex would load
 * and compile its patterns (tens of classes) in every fslock run, a start-up cost (docs/cli.md,
 * "Start-up"). Each method says which regular expression it stands for; AsciiTest holds them to it.
 */
public final class Ascii {
    private Ascii() {}

    /** {@code s.matches("[0-9]{min,max}")}. */
    public static boolean isDigits(String s, int min, int max) {
        return isRun(s, min, max, "0123456789");
    }

    /** {@code s.matches("[0-9a-f]{min,max}")}. */
    public static boolean isLowerHex(String s, int min, int max) {
        return isRun(s, min, max, "0123456789abcdef");
    }

    /** {@code s.matches("[0-9a-z]{min,max}")}. */
    public static boolean isDigitsOrLowerLetters(String s, int min, int max) {
        return isRun(s, min, max, "0123456789abcdefghijklmnopqrstuvwxyz");
    }

    private static boolean isRun(String s, int min, int max, String allowed) {
        if (s.length() < min || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code s.split("\\s+")}: at runs of {@code [ \t\n\x0B\f\r]}, trailing empty strings dropped. */
    public static String[] splitAtWhitespace(String s) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        boolean matched = false;
        while (i < s.length()) {
            if (isWhitespace(s.charAt(i))) {
                int end = i;
                while (end < s.length() && isWhitespace(s.charAt(end))) {
                    end++;
                }
                parts.add(s.substring(start, i));
                matched = true;
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (!matched) {
            return new String[] {s};
        }
        parts.add(s.substring(start));
        int size = parts.size();
        while (size > 0 && parts.get(size - 1).isEmpty()) {
            size--;
        }
        return parts.subList(0, size).toArray(new String[0]);
    }

    /** {@code \s} of java.util.regex: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
