package dev.fslock.cli;

import java.util.Locale;

/**
 * Just enough JSON writing for {@code fslock status --json}, so that the library and the CLI need
 * no JSON library: objects, arrays, strings, numbers, booleans and null, indented by two spaces.
 * The caller writes the structure; this class gets the commas, quotes and escapes right.
 */
final class Json {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    private boolean first = true; // no value yet in the current object or array
    private boolean afterName; // a member name was written: its value goes right after it

    Json beginObject() {
        return open('{');
    }

    Json endObject() {
        return close('}');
    }

    Json beginArray() {
        return open('[');
    }

    Json endArray() {
        return close(']');
    }

    /** Starts a member of the current object: its name; the value follows. */
    Json name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    Json value(String s) {
        if (s == null) {
            return nullValue();
        }
        separate();
        string(s);
        return this;
    }

    Json value(long n) {
        separate();
        out.append(n);
        return this;
    }

    Json value(boolean b) {
        separate();
        out.append(b);
        return this;
    }

    Json nullValue() {
        separate();
        out.append("null");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private Json open(char c) {
        separate();
        out.append(c);
        depth++;
        first = true;
        return this;
    }

    private Json close(char c) {
        depth--;
        if (!first) {
            newline();
        }
        out.append(c);
        first = false;
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!first) {
            out.append(',');
        }
        if (depth > 0) {
            newline();
        }
        first = false;
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(depth));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A lone surrogate is not valid UTF-8 when written out, so it is escaped instead. */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
