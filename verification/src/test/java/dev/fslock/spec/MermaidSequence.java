package dev.fslock.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders a TLC error trace of one of our specs as a Mermaid {@code sequenceDiagram}.
 *
 * <ul>
 *   <li>Participants: the processes that appear in the trace (in order of first appearance), then
 *       the service they call ({@code filesystem}, or another one the caller names, such as
 *       {@code ZooKeeper}), then any other participant a step names (below).</li>
 *   <li>One arrow per step, numbered like the steps of the trace (step k leads to TLC's state k+1):
 *       a system call (or request) is an arrow from the process to the service; a liveness probe
 *       ({@code kill}, {@code probe}) is a dashed arrow to the probed process; an action named
 *       {@code X.call} (such as {@code resource.write}) is an arrow to participant {@code X}.</li>
 *   <li>A crash is a note over the process; a step of the environment (an actor that is not a
 *       process, such as the clock) is a note across the diagram.</li>
 *   <li>A note marks each process as it enters the critical section; the final step is shaded and
 *       names the violated property and the processes inside.</li>
 * </ul>
 *
 * "Inside" is what our specs call {@code Inside(p)}: {@code alive[p] /\ pc[p] \in HoldStates}; the
 * caller passes {@code HoldStates} (see {@link CounterexampleDocs#holdStates}).
 */
final class MermaidSequence {

    static final String FS = "fs";
    private static final Set<String> PROBES = Set.of("kill", "probe");

    private MermaidSequence() {}

    /**
     * @param trace      the error trace; its states carry {@code lastStep}, {@code pc} and {@code alive}
     * @param holdStates the pc values in which a live process is inside (empty: no inside marks)
     * @param violated   the invariant TLC reports violated in the last state
     */
    static String render(TlcTrace trace, Set<String> holdStates, String violated) {
        return render(trace, holdStates, violated, "filesystem");
    }

    /**
     * As {@link #render(TlcTrace, Set, String)}, with {@code service} as the name of the participant
     * that the processes call (the filesystem, ZooKeeper...).
     */
    static String render(TlcTrace trace, Set<String> holdStates, String violated, String service) {
        List<TlcTrace.State> states = trace.realStates();
        Set<String> processes = processes(states.get(0));
        List<String> body = new ArrayList<>();
        Set<String> participants = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        Set<String> insideBefore = inside(states.get(0), holdStates);

        for (int k = 1; k < states.size(); k++) {
            TlcTrace.State state = states.get(k);
            TlcTrace.Step step = state.lastStep();
            boolean last = k == states.size() - 1;
            String actor = step.actorName();
            boolean isProcess = processes.contains(actor);
            List<String> lines = new ArrayList<>();
            String text = k + ". " + step.describe();
            if (isProcess) {
                participants.add(actor);
            }
            if (!isProcess) {
                String what = (step.arguments().map(TlcValue::display).orElse("") + " "
                        + step.result().map(TlcValue::display).orElse("")).strip();
                String env = k + ". " + actor + ": " + step.action() + (what.isEmpty() ? "" : " (" + what + ")");
                lines.add("Note over " + (participants.isEmpty() ? FS : id(participants.iterator().next()))
                        + "," + FS + ": " + escape(env));
            } else if (step.action().equals("crash")) {
                lines.add("Note over " + id(actor) + ": " + escape(k + ". crashes (takes no further step)"));
            } else {
                Optional<String> target = probeTarget(step, processes);
                int dot = step.action().indexOf('.');
                if (target.isPresent()) {
                    participants.add(target.get());
                    lines.add(id(actor) + "-->>" + id(target.get()) + ": " + escape(text));
                } else if (dot > 0) {
                    String other = step.action().substring(0, dot);
                    others.add(other);
                    lines.add(id(actor) + "->>" + id(other) + ": "
                            + escape(k + ". " + step.describe().substring(dot + 1)));
                } else {
                    lines.add(id(actor) + "->>" + FS + ": " + escape(text));
                }
            }
            Set<String> insideNow = inside(state, holdStates);
            for (String p : insideNow) {
                if (!insideBefore.contains(p) && !last) {
                    participants.add(p);
                    lines.add("Note over " + id(p) + ": inside (holds the lock)");
                }
            }
            if (last) {
                participants.addAll(insideNow);
                String who = switch (insideNow.size()) {
                    case 0, 1 -> "";
                    case 2 -> join(insideNow) + " are both inside: ";
                    default -> join(insideNow) + " are all inside: ";
                };
                List<String> inOrder = participants.stream().filter(insideNow::contains).toList();
                String span = inOrder.size() >= 2
                        ? id(inOrder.get(0)) + "," + id(inOrder.get(inOrder.size() - 1))
                        : isProcess ? id(actor) : FS;
                body.add("rect rgb(255, 221, 221)");
                body.addAll(lines);
                body.add("Note over " + span + ": " + escape(who + violated + " violated"));
                body.add("end");
            } else {
                body.addAll(lines);
            }
            insideBefore = insideNow;
        }

        StringBuilder out = new StringBuilder("sequenceDiagram\n");
        // Declare participants in order of first appearance, so the diagram reads left to right.
        List<String> ordered = new ArrayList<>(participants);
        for (String p : ordered) {
            out.append("    participant ").append(id(p));
            if (!id(p).equals(p)) {
                out.append(" as ").append(p);
            }
            out.append('\n');
        }
        out.append("    participant ").append(FS).append(" as ").append(service).append('\n');
        for (String p : others) {
            out.append("    participant ").append(id(p));
            if (!id(p).equals(p)) {
                out.append(" as ").append(p);
            }
            out.append('\n');
        }
        for (String line : body) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }

    /** The processes of the model: the domain of {@code alive} (or of {@code pc}). */
    static Set<String> processes(TlcTrace.State state) {
        for (String var : List.of("alive", "pc")) {
            if (state.variables().get(var) instanceof TlcValue.Fcn f) {
                return f.mapping().keySet().stream().map(TlcValue::display)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
            }
        }
        throw new IllegalArgumentException("the trace has no 'alive' or 'pc' function: cannot tell the processes");
    }

    /**
     * The processes inside in {@code state}: alive, with pc in {@code holdStates}; or, in FsLock,
     * whose command runs under {@code fslock run} ({@code child[p] = "running"}, even after p
     * died). In name order.
     */
    static Set<String> inside(TlcTrace.State state, Set<String> holdStates) {
        Set<String> out = new TreeSet<>();
        if (holdStates.isEmpty()) {
            return out;
        }
        TlcValue.Fcn pc = (TlcValue.Fcn) state.get("pc");
        TlcValue.Fcn alive = (TlcValue.Fcn) state.get("alive");
        pc.mapping().forEach((p, s) -> {
            if (holdStates.contains(s.display()) && alive.apply(p).equals(new TlcValue.Bool(true))) {
                out.add(p.display());
            }
        });
        if (state.variables().get("child") instanceof TlcValue.Fcn child) {
            child.mapping().forEach((p, s) -> {
                if (s.display().equals("running")) {
                    out.add(p.display());
                }
            });
        }
        return out;
    }

    /** For a probe step, the probed process: the first atom of the arguments, if it is a process. */
    private static Optional<String> probeTarget(TlcTrace.Step step, Set<String> processes) {
        if (!PROBES.contains(step.action())) {
            return Optional.empty();
        }
        TlcValue v = step.arguments().orElse(step.detail());
        while (v instanceof TlcValue.Tuple t && !t.elements().isEmpty()) {
            v = t.elements().get(0);
        }
        String name = v.display();
        return processes.contains(name) ? Optional.of(name) : Optional.empty();
    }

    /** A Mermaid participant id: letters, digits and underscores. */
    private static String id(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Mermaid reads ';' as a statement end and '#' as an entity start in message text. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '#' -> b.append("#35;");
                case ';' -> b.append("#59;");
                case '\n' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String join(Set<String> names) {
        List<String> l = new ArrayList<>(names);
        if (l.size() <= 1) {
            return String.join("", l);
        }
        return String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

}
