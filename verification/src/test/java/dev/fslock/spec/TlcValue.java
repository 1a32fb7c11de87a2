package dev.fslock.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A TLA+ value as TLC prints it in an error trace: strings, integers, booleans, model values,
 * tuples {@code <<a, b>>}, sets {@code {a, b}}, records {@code [f |-> v]} and functions
 * {@code (k1 :> v1 @@ k2 :> v2)}.
 *
 * <p>{@link #parse} reads one value; {@link #display} renders it for people (strings without quotes,
 * tuples as {@code (a, b)}, records as {@code {f: v}}), which is what the sequence diagrams show.
 */
sealed interface TlcValue {

    /** A string; {@code value} has its escapes resolved. */
    record Str(String value) implements TlcValue {}

    /** An integer. */
    record Num(long value) implements TlcValue {}

    /** TRUE or FALSE. */
    record Bool(boolean value) implements TlcValue {}

    /** A model value (a constant of the model such as {@code p1}), by name. */
    record ModelValue(String name) implements TlcValue {}

    /** A tuple (sequence). TLC prints the empty function, too, as {@code <<>>}. */
    record Tuple(List<TlcValue> elements) implements TlcValue {}

    /** A finite set, in TLC's printing order. */
    record SetOf(List<TlcValue> elements) implements TlcValue {}

    /** A record, fields in TLC's printing order. */
    record Rec(Map<String, TlcValue> fields) implements TlcValue {}

    /** A function that is not a tuple or a record, in TLC's printing order. */
    record Fcn(Map<TlcValue, TlcValue> mapping) implements TlcValue {
        /** The value at {@code key}; fails if the key is not in the domain. */
        TlcValue apply(TlcValue key) {
            TlcValue v = mapping.get(key);
            if (v == null) {
                throw new IllegalArgumentException("not in the domain: " + key.display() + " of " + display());
            }
            return v;
        }
    }

    /** Parses the whole of {@code text} as one value; fails on anything left over. */
    static TlcValue parse(String text) {
        Parser p = new Parser(text);
        TlcValue v = p.value();
        p.skipSpace();
        if (!p.atEnd()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    /** The value for people: no quotes on strings, {@code (a, b)} for tuples, {@code {f: v}} for records. */
    default String display() {
        if (this instanceof Str s) {
            return s.value();
        } else if (this instanceof Num n) {
            return Long.toString(n.value());
        } else if (this instanceof Bool b) {
            return b.value() ? "TRUE" : "FALSE";
        } else if (this instanceof ModelValue m) {
            return m.name();
        } else if (this instanceof Tuple t) {
            return t.elements().stream().map(TlcValue::display).collect(Collectors.joining(", ", "(", ")"));
        } else if (this instanceof SetOf s) {
            return s.elements().stream().map(TlcValue::display).collect(Collectors.joining(", ", "{", "}"));
        } else if (this instanceof Rec r) {
            return r.fields().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().display())
                    .collect(Collectors.joining(", ", "{", "}"));
        } else {
            Fcn f = (Fcn) this;
            return f.mapping().entrySet().stream()
                    .map(e -> e.getKey().display() + ": " + e.getValue().display())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** Recursive-descent reader of TLC's value syntax. */
    final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean lookingAt(String token) {
            skipSpace();
            return s.startsWith(token, i);
        }

        private boolean accept(String token) {
            if (lookingAt(token)) {
                i += token.length();
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!accept(token)) {
                throw error("expected '" + token + "'");
            }
        }

        IllegalArgumentException error(String what) {
            int from = Math.max(0, i - 20);
            int to = Math.min(s.length(), i + 20);
            return new IllegalArgumentException(
                    what + " at offset " + i + " in TLC value: ..." + s.substring(from, to) + "...");
        }

        TlcValue value() {
            skipSpace();
            if (atEnd()) {
                throw error("expected a value");
            }
            char c = s.charAt(i);
            if (accept("<<")) {
                return new Tuple(list(">>"));
            } else if (c == '{') {
                i++;
                return new SetOf(list("}"));
            } else if (c == '[') {
                i++;
                return record();
            } else if (c == '(') {
                i++;
                return function();
            } else if (c == '"') {
                return string();
            } else if (c == '-' || Character.isDigit(c)) {
                return number();
            } else if (Character.isLetter(c) || c == '_') {
                String name = identifier();
                if (name.equals("TRUE")) {
                    return new Bool(true);
                } else if (name.equals("FALSE")) {
                    return new Bool(false);
                }
                return new ModelValue(name);
            }
            throw error("unexpected character '" + c + "'");
        }

        private List<TlcValue> list(String close) {
            List<TlcValue> out = new ArrayList<>();
            if (accept(close)) {
                return out;
            }
            do {
                out.add(value());
            } while (accept(","));
            expect(close);
            return Collections.unmodifiableList(out);
        }

        private TlcValue record() {
            Map<String, TlcValue> fields = new LinkedHashMap<>();
            if (accept("]")) {
                return new Rec(fields);
            }
            do {
                skipSpace();
                String field = identifier();
                expect("|->");
                fields.put(field, value());
            } while (accept(","));
            expect("]");
            return new Rec(Collections.unmodifiableMap(fields));
        }

        /** {@code (k :> v @@ k :> v)}, or a parenthesized value. */
        private TlcValue function() {
            TlcValue first = value();
            if (!accept(":>")) {
                expect(")");
                return first;
            }
            Map<TlcValue, TlcValue> mapping = new LinkedHashMap<>();
            mapping.put(first, value());
            while (accept("@@")) {
                TlcValue key = value();
                expect(":>");
                mapping.put(key, value());
            }
            expect(")");
            return new Fcn(Collections.unmodifiableMap(mapping));
        }

        private TlcValue string() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (true) {
                if (atEnd()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return new Str(b.toString());
                } else if (c == '\\' && !atEnd()) {
                    char e = s.charAt(i++);
                    b.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    b.append(c);
                }
            }
        }

        private TlcValue number() {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            try {
                return new Num(Long.parseLong(s.substring(start, i)));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        private String identifier() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (start == i) {
                throw error("expected a name");
            }
            return s.substring(start, i);
        }
    }
}
