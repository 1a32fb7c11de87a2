package dev.fslock.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one TLC run said: its exit code and printed output, with the facts the tests need read out of
 * it. {@link #judge} decides whether a run matches what the manifest expects; it reads the exit code
 * AND the output, so that neither a crash with a lucky exit code nor a message from a failed run can
 * pass for the expected result.
 *
 * <p>Exit codes are TLC's ({@code tlc2.output.EC.ExitStatus}, TLC 2.18).
 */
public record TlcOutput(int exitCode, String text) {

    public static final int SUCCESS = 0;
    public static final int VIOLATION_SAFETY = 12;
    static final int VIOLATION_LIVENESS = 13;

    private static final Map<Integer, String> EXIT_MEANING = Map.ofEntries(
            Map.entry(0, "success"),
            Map.entry(10, "assumption violated"),
            Map.entry(11, "deadlock"),
            Map.entry(12, "safety violation"),
            Map.entry(13, "liveness violation"),
            Map.entry(14, "assertion failed"),
            Map.entry(75, "failure evaluating the spec"),
            Map.entry(76, "failure evaluating an invariant"),
            Map.entry(77, "failure evaluating a temporal property"),
            Map.entry(150, "parse or semantic error in the spec"),
            Map.entry(151, "error in the configuration file"),
            Map.entry(152, "state space too large"),
            Map.entry(153, "system error"),
            Map.entry(255, "TLC crashed"));

    static final String NO_ERROR = "Model checking completed. No error has been found.";
    private static final Pattern INVARIANT = Pattern.compile(
            "^Error: Invariant (\\w+) is violated(?:\\.| by the initial state:)", Pattern.MULTILINE);
    private static final Pattern ACTION_PROPERTY = Pattern.compile(
            "^Error: Action property (\\w+) is violated\\.", Pattern.MULTILINE);
    private static final Pattern INITIAL_PROPERTY = Pattern.compile(
            "^Error: Property (\\w+) is violated by the initial state:", Pattern.MULTILINE);
    private static final String TEMPORAL = "Error: Temporal properties were violated.";
    private static final Pattern STATES = Pattern.compile(
            "^(\\d+) states generated, (\\d+) distinct states found", Pattern.MULTILINE);
    private static final Pattern DEPTH = Pattern.compile(
            "^The depth of the complete state graph search is (\\d+)\\.", Pattern.MULTILINE);

    /** What TLC's exit code means, e.g. "150 (parse or semantic error in the spec)". */
    public String exitMeaning() {
        return exitCode + " (" + EXIT_MEANING.getOrDefault(exitCode, "unknown exit code") + ")";
    }

    /** TLC finished the whole state space and found no error. */
    public boolean noErrorFound() {
        return text.lines().anyMatch(l -> l.strip().equals(NO_ERROR));
    }

    /** Invariants TLC reports violated. */
    public List<String> violatedInvariants() {
        return all(INVARIANT);
    }

    /** Action properties ({@code [][A]_v}) and initial-state properties TLC reports violated. */
    List<String> violatedProperties() {
        List<String> out = all(ACTION_PROPERTY);
        out.addAll(all(INITIAL_PROPERTY));
        return out;
    }

    /** TLC found a liveness counterexample. It does not say which property failed. */
    boolean temporalPropertiesViolated() {
        return text.lines().anyMatch(l -> l.strip().equals(TEMPORAL));
    }

    /** States generated, from TLC's final statistics (not its progress reports). */
    OptionalLong statesGenerated() {
        return lastLong(STATES, 1);
    }

    /** Distinct states found, from TLC's final statistics. */
    public OptionalLong distinctStates() {
        return lastLong(STATES, 2);
    }

    /** The depth of the search: the longest shortest path, or the counterexample's length. */
    public OptionalInt depth() {
        OptionalLong d = lastLong(DEPTH, 1);
        return d.isPresent() ? OptionalInt.of((int) d.getAsLong()) : OptionalInt.empty();
    }

    /** The lines that tell what went wrong: TLC's "Error:" lines and the messages after them. */
    public String errorSummary() {
        List<String> lines = text.lines().toList();
        List<String> out = new ArrayList<>();
        for (int k = 0; k < lines.size() && out.size() < 30; k++) {
            String l = lines.get(k);
            if (l.startsWith("Error:") || l.startsWith("***") || l.contains("Exception")
                    || l.startsWith("line ") || l.startsWith("Could not") || l.startsWith("Couldn't")
                    || l.startsWith("Unknown operator") || l.startsWith("Encountered")) {
                if (l.startsWith("Error: The behavior up to this point")
                        || l.startsWith("Error: The following behavior")) {
                    break;
                }
                out.add(l);
            }
        }
        return out.isEmpty() ? "(no error message; see the log)" : String.join("\n", out);
    }

    /** The outcome of comparing a run with its expectation. */
    record Verdict(boolean ok, String message) {}

    /**
     * Does this run show what {@code expected} says?
     * <ul>
     *   <li>pass: exit 0 and "No error has been found".</li>
     *   <li>violates X, X an invariant: exit 12 and "Invariant X is violated".</li>
     *   <li>violates X, X a temporal property: exit 13 and "Action property X is violated", or
     *       "Temporal properties were violated" when X is the only property the model checks
     *       ({@code checkedProperties}: TLC does not name the liveness property that failed).</li>
     * </ul>
     * Anything else fails, naming what TLC did: a parse or configuration error, a different
     * violation, or no violation at all ("expected violation not found").
     */
    Verdict judge(Expectation expected, Set<String> checkedProperties) {
        List<String> invariants = violatedInvariants();
        List<String> properties = violatedProperties();
        boolean temporal = temporalPropertiesViolated();
        boolean passed = exitCode == SUCCESS && noErrorFound();
        String found;
        if (passed) {
            found = "no error found";
        } else if (exitCode == VIOLATION_SAFETY && !invariants.isEmpty()) {
            found = "invariant " + invariants.get(0) + " violated";
        } else if (exitCode == VIOLATION_LIVENESS && !properties.isEmpty()) {
            found = "property " + properties.get(0) + " violated";
        } else if (exitCode == VIOLATION_LIVENESS && temporal) {
            found = "temporal properties " + checkedProperties + " violated";
        } else {
            return new Verdict(false, "TLC failed: exit " + exitMeaning() + "\n" + errorSummary());
        }

        if (expected.isPass()) {
            return passed
                    ? new Verdict(true, "passes, as expected")
                    : new Verdict(false, "expected no error, but TLC reports: " + found);
        }
        String name = expected.violated();
        if (passed) {
            return new Verdict(false, "expected violation not found: TLC reports no error, but "
                    + name + " should be violated");
        }
        boolean match = (exitCode == VIOLATION_SAFETY && invariants.contains(name))
                || (exitCode == VIOLATION_LIVENESS && properties.contains(name))
                || (exitCode == VIOLATION_LIVENESS && properties.isEmpty() && temporal
                        && checkedProperties.equals(Set.of(name)));
        if (match) {
            return new Verdict(true, name + " violated, as expected");
        }
        if (exitCode == VIOLATION_LIVENESS && temporal && properties.isEmpty()) {
            return new Verdict(false, "expected " + name + " to be violated; TLC reports that temporal "
                    + "properties were violated without naming one, and the model checks "
                    + checkedProperties + ": check only " + name + " to expect it");
        }
        return new Verdict(false, "expected " + name + " to be violated, but TLC reports: " + found);
    }

    private List<String> all(Pattern p) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private OptionalLong lastLong(Pattern p, int group) {
        Matcher m = p.matcher(text);
        OptionalLong last = OptionalLong.empty();
        while (m.find()) {
            last = OptionalLong.of(Long.parseLong(m.group(group)));
        }
        return last;
    }
}
