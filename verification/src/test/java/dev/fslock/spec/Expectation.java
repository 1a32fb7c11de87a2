package dev.fslock.spec;

/**
 * What a manifest row expects of its model: {@code pass} (TLC explores the whole state space and finds
 * no error) or {@code violates NAME} (TLC must report the invariant or property NAME violated).
 *
 * @param violated the invariant or property that must be violated; null for {@code pass}
 */
record Expectation(String violated) {

    static Expectation pass() {
        return new Expectation(null);
    }

    static Expectation violates(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not an invariant or property name: " + name);
        }
        return new Expectation(name);
    }

    /** Reads {@code pass} or {@code violates NAME}. */
    static Expectation parse(String text) {
        String t = text.strip();
        if (t.equals("pass")) {
            return pass();
        }
        String[] words = t.split("\\s+");
        if (words.length == 2 && words[0].equals("violates")) {
            return violates(words[1]);
        }
        throw new IllegalArgumentException("expected 'pass' or 'violates NAME', got '" + text + "'");
    }

    boolean isPass() {
        return violated == null;
    }

    @Override
    public String toString() {
        return isPass() ? "pass" : "violates " + violated;
    }
}
