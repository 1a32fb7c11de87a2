package dev.fslock.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error trace in TLC's printed output: the {@code State N: <Action ...>} blocks after
 * "Error: The behavior up to this point is:" (safety) or "Error: The following behavior constitutes
 * a counter-example:" (liveness), each with its variables.
 *
 * <p>Our specs record every step in {@code lastStep = <<actor, action, detail>>}; {@link Step} reads
 * it. Works on the plain output of {@code tlc2.TLC} (not {@code -tool} mode).
 */
record TlcTrace(List<State> states) {

    /** One state of the trace. {@code action} is TLC's label: an action name, "Initial predicate",
     *  "Stuttering", or "Back to state K" for a liveness loop (those two have no variables). */
    record State(int number, String action, Map<String, TlcValue> variables) {
        /** The value of variable {@code name}; fails with the variables present if there is none. */
        TlcValue get(String name) {
            TlcValue v = variables.get(name);
            if (v == null) {
                throw new IllegalArgumentException(
                        "state " + number + " has no variable '" + name + "' (has " + variables.keySet() + ")");
            }
            return v;
        }

        /** The step that led to this state, read from {@code lastStep}. */
        Step lastStep() {
            return Step.of(get("lastStep"));
        }
    }

    /**
     * {@code lastStep = <<actor, action, detail>>}: who took the step, which call it made and what
     * it passed and got. By our convention a detail {@code <<arguments, result>>} reads as
     * {@code action(arguments) -> result}.
     */
    record Step(TlcValue actor, String action, TlcValue detail) {
        static Step of(TlcValue lastStep) {
            if (!(lastStep instanceof TlcValue.Tuple t) || t.elements().size() != 3
                    || !(t.elements().get(1) instanceof TlcValue.Str action)) {
                throw new IllegalArgumentException(
                        "lastStep is not <<actor, \"action\", detail>>: " + lastStep.display());
            }
            return new Step(t.elements().get(0), action.value(), t.elements().get(2));
        }

        /** The actor's name: a process ({@code p1}), an environment actor ({@code clock}), or
         *  {@code p1.child} for {@code <<p1, "child">>}. */
        String actorName() {
            if (actor instanceof TlcValue.Tuple t) {
                return t.elements().stream().map(TlcValue::display)
                        .reduce((a, b) -> a + "." + b).orElse("");
            }
            return actor.display();
        }

        /** The arguments if the detail is {@code <<arguments, result>>}. */
        Optional<TlcValue> arguments() {
            return pair().map(p -> p.get(0));
        }

        /** The result if the detail is {@code <<arguments, result>>}. */
        Optional<TlcValue> result() {
            return pair().map(p -> p.get(1));
        }

        private Optional<List<TlcValue>> pair() {
            if (detail instanceof TlcValue.Tuple t && t.elements().size() == 2) {
                return Optional.of(t.elements());
            }
            return Optional.empty();
        }

        /** The call as people read it: {@code rename(P, B.p3) → ok}. */
        String describe() {
            Optional<TlcValue> args = arguments();
            if (args.isPresent()) {
                String a = args.get() instanceof TlcValue.Tuple t
                        ? t.elements().stream().map(TlcValue::display).reduce((x, y) -> x + ", " + y).orElse("")
                        : args.get().display();
                String r = result().orElseThrow().display();
                if (a.isEmpty() && r.isEmpty()) {
                    return action;
                }
                return action + "(" + a + ")" + (r.isEmpty() ? "" : " → " + r);
            }
            String d = detail.display();
            return d.isEmpty() ? action : action + " " + d;
        }
    }

    private static final Pattern STATE_HEADER =
            Pattern.compile("^State (\\d+): (?:<(.*)>|(Stuttering))\\s*$");
    private static final Pattern BACK_TO = Pattern.compile("^Back to state (\\d+)(?::.*)?$");
    private static final Pattern VARIABLE = Pattern.compile("^(?:/\\\\ )?([A-Za-z_][A-Za-z0-9_]*) = (.*)$");
    private static final List<String> TRACE_START = List.of(
            "Error: The behavior up to this point is:",
            "Error: The following behavior constitutes a counter-example:");

    /** The first error trace in {@code output}; fails if there is none. */
    static TlcTrace parse(String output) {
        List<String> lines = output.lines().toList();
        int start = -1;
        for (int k = 0; k < lines.size() && start < 0; k++) {
            if (TRACE_START.contains(lines.get(k).strip())) {
                start = k + 1;
            }
        }
        if (start < 0) {
            throw new IllegalArgumentException("no error trace in the TLC output");
        }
        List<State> states = new ArrayList<>();
        int k = start;
        while (k < lines.size()) {
            String line = lines.get(k);
            if (line.isBlank()) {
                k++;
                continue;
            }
            Matcher back = BACK_TO.matcher(line.strip());
            if (back.matches()) {
                states.add(new State(-1, "Back to state " + back.group(1), Map.of()));
                break;
            }
            Matcher header = STATE_HEADER.matcher(line.strip());
            if (!header.matches()) {
                break; // the trace is over (statistics, "Finished ...")
            }
            int number = Integer.parseInt(header.group(1));
            String label = header.group(2) != null ? header.group(2) : header.group(3);
            k++;
            if (header.group(3) != null) {
                states.add(new State(number, label, Map.of())); // stuttering ends a liveness trace
                break;
            }
            // The variables: "/\ name = value" lines; a long value continues on indented lines.
            List<String> block = new ArrayList<>();
            while (k < lines.size() && !lines.get(k).isBlank() && !STATE_HEADER.matcher(lines.get(k).strip()).matches()) {
                block.add(lines.get(k));
                k++;
            }
            states.add(new State(number, actionName(label), variables(block)));
        }
        if (states.isEmpty()) {
            throw new IllegalArgumentException("the TLC error trace has no states");
        }
        return new TlcTrace(Collections.unmodifiableList(states));
    }

    /** "Open line 76, col 5 to line 84, col 31 of module M" -> "Open"; other labels as they are. */
    private static String actionName(String label) {
        int at = label.indexOf(" line ");
        return at > 0 ? label.substring(0, at) : label;
    }

    private static Map<String, TlcValue> variables(List<String> block) {
        Map<String, StringBuilder> raw = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : block) {
            Matcher m = VARIABLE.matcher(line);
            boolean newVariable = line.startsWith("/\\ ") || (current == null && m.matches());
            if (newVariable && m.matches()) {
                current = new StringBuilder(m.group(2));
                raw.put(m.group(1), current);
            } else if (current != null) {
                current.append('\n').append(line);
            } else {
                throw new IllegalArgumentException("cannot read trace line: " + line);
            }
        }
        Map<String, TlcValue> vars = new LinkedHashMap<>();
        raw.forEach((name, text) -> vars.put(name, TlcValue.parse(text.toString())));
        return Collections.unmodifiableMap(vars);
    }

    /** The states that carry variables (without "Stuttering" and "Back to state" markers). */
    List<State> realStates() {
        return states.stream().filter(s -> !s.variables().isEmpty()).toList();
    }

    /** The last state with variables: for a safety violation, the state that violates. */
    State last() {
        List<State> real = realStates();
        return real.get(real.size() - 1);
    }
}
