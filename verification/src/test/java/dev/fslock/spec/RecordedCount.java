package dev.fslock.spec;

import java.util.OptionalLong;

/**
 * A number a manifest row records about its model's run (the distinct states TLC found, or the depth
 * of its search), for the test to compare with what TLC prints: a model whose state space changes
 * without its manifest row changing fails, so that a spec edit cannot silently shrink a model.
 *
 * <p>In the manifest: a number; {@code -} where no number applies (a simulation; a violation found
 * by several workers, where TLC stops at a different point on every run); {@code ?} for "not recorded
 * yet" (a placeholder allowed only in rows of the extended manifest, for models too slow to run on
 * the machine that recorded the others). A row without the column records nothing.
 */
record RecordedCount(Kind kind, long value) {

    enum Kind {
        /** A number TLC must print again. */
        NUMBER,
        /** {@code -}: no number applies to this run. */
        NOT_APPLICABLE,
        /** {@code ?}: a number applies but was not recorded yet. */
        NOT_RECORDED,
        /** The row has no such column. */
        ABSENT
    }

    static final RecordedCount ABSENT = new RecordedCount(Kind.ABSENT, 0);
    static final RecordedCount NOT_APPLICABLE = new RecordedCount(Kind.NOT_APPLICABLE, 0);
    static final RecordedCount NOT_RECORDED = new RecordedCount(Kind.NOT_RECORDED, 0);

    static RecordedCount of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a count cannot be negative: " + value);
        }
        return new RecordedCount(Kind.NUMBER, value);
    }

    /** Reads a manifest cell: digits, {@code -}, {@code ?}, or blank (absent). */
    static RecordedCount parse(String cell) {
        String t = cell.strip();
        if (t.isEmpty()) {
            return ABSENT;
        }
        if (t.equals("-")) {
            return NOT_APPLICABLE;
        }
        if (t.equals("?")) {
            return NOT_RECORDED;
        }
        if (!t.matches("[0-9]+")) {
            throw new IllegalArgumentException("expected a number, '-' (does not apply) or '?' (not recorded), got '"
                    + cell + "'");
        }
        return of(Long.parseLong(t));
    }

    boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** True if TLC printed this number, or if no number is recorded to compare with. */
    boolean matches(OptionalLong printed) {
        return !isNumber() || (printed.isPresent() && printed.getAsLong() == value);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NUMBER -> Long.toString(value);
            case NOT_APPLICABLE -> "-";
            case NOT_RECORDED -> "?";
            case ABSENT -> "";
        };
    }
}
