package dev.fslock.sim;

import dev.fslock.process.ProcessIdentity;
import dev.fslock.protocol.OwnerId;
import dev.fslock.protocol.SpecAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A simulated run of our protocol as the sequence of spec actions it performed: what {@link
 * dev.fslock.protocol.StepObserver} reported, plus each kill as the spec's {@code Crash}. Written
 * as a TLA+ module extending {@code FsLockTrace} (which extends the spec), for TLC to check that
 * the run is a behavior of spec/FsLock.tla ({@link TraceCheck#validate}).
 *
 * <p>Mapping: each simulated process is a model value named like it (p1, p2...); an owner entry
 * is {@code <<process, "main", round>>} where round k is that process's k-th Start (the spec's
 * nonce); processes of another host are the spec's {@code OtherHost}. A process that runs
 * {@code fslock break} is the spec's breaker actor, not one of its processes: its steps, which the
 * Java code reports under the waiters' names, are recorded under the breaker's (ReadLockDir as
 * BreakerReadLockDir, ProbeOwner as BreakerProbe, BreakEntry as BreakerUnlink..., a kill as
 * BreakerStop).
 */
public final class SpecTrace {

    /** One step: {@code action} is a {@link SpecAction} name or "Crash". */
    public record Event(String process, String action, String detail, OwnerId owner) {
        @Override
        public String toString() {
            return process + " " + action + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, ProcessIdentity> processes = new LinkedHashMap<>();
    private final List<String> otherHost = new ArrayList<>();
    private final List<String> breakers = new ArrayList<>();

    /** The spec's names for the steps of {@code fslock break}. */
    private static final Map<String, String> BREAKER_ACTIONS = Map.of(
            "ReadLockDir", "BreakerReadLockDir", "ProbeOwner", "BreakerProbe", "BreakEntry", "BreakerUnlink",
            "RmdirLock", "BreakerRmdir", "ScanTemps", "BreakerScan", "SweepProbe", "BreakerSweepProbe",
            "SweepEntry", "BreakerSweepEntry", "SweepTemp", "BreakerSweepTemp", "SweepFence", "BreakerSweepFence",
            "Crash", "BreakerStop");

    void process(String name, ProcessIdentity id, boolean onOtherHost) {
        processes.put(name, id);
        if (onOtherHost) {
            otherHost.add(name);
        }
    }

    /** A process that runs {@code fslock break}: the spec's breaker (one per run). */
    void breaker(String name) {
        if (!breakers.isEmpty()) {
            throw new IllegalStateException("the spec has one breaker; a second: " + name);
        }
        breakers.add(name);
    }

    public boolean isBreaker(String process) {
        return breakers.contains(process);
    }

    void step(String process, OwnerId owner, SpecAction action, String detail) {
        events.add(new Event(process, actionOf(process, action.name()), detail, owner));
    }

    void crash(String process) {
        events.add(new Event(process, actionOf(process, "Crash"), "", null));
    }

    private String actionOf(String process, String action) {
        if (!isBreaker(process)) {
            return action;
        }
        String renamed = BREAKER_ACTIONS.get(action);
        if (renamed == null) {
            throw new IllegalStateException("fslock break reported " + action + ": not a step of the spec's breaker");
        }
        return renamed;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public long count(String action) {
        return events.stream().filter(e -> e.action().equals(action)).count();
    }

    /** A copy with the events rewritten: for building corrupted traces in negative tests. */
    public SpecTrace edited(UnaryOperator<List<Event>> edit) {
        SpecTrace copy = new SpecTrace();
        copy.processes.putAll(processes);
        copy.otherHost.addAll(otherHost);
        copy.breakers.addAll(breakers);
        copy.events.addAll(edit.apply(new ArrayList<>(events)));
        return copy;
    }

    // ------------------------------------------------------------------------------------------
    // TLA+

    /**
     * The trace module: the template FsLockTrace.tla (in this package's resources) renamed, with
     * its {@code CONSTANT TraceLog} replaced by the process constants and {@code TraceLog == <<...>>}.
     */
    public String toModule(String moduleName, String comment) {
        Map<String, Integer> rounds = new HashMap<>();
        Map<String, String> owners = new HashMap<>(); // entry name -> <<p, "main", r>>
        List<String> records = new ArrayList<>();
        for (Event e : events) {
            records.add(record(e, rounds, owners));
        }
        StringBuilder log = new StringBuilder();
        for (String line : comment.split("\n")) {
            log.append("\\* ").append(line).append('\n');
        }
        log.append("CONSTANTS ").append(String.join(", ", processes.keySet())).append("\n\n");
        log.append("TraceLog == <<\n");
        for (int k = 0; k < records.size(); k++) {
            log.append("    ").append(records.get(k)).append(k + 1 < records.size() ? "," : "")
                    .append("  \\* ").append(k + 1).append('\n');
        }
        log.append(">>\n\n");
        log.append("TraceClockReadings == {0").append(events.stream().filter(e -> e.action().equals("CreateFenceTmp"))
                .map(e -> ", " + Long.parseLong(e.detail())).distinct().collect(Collectors.joining())).append("}");
        String template = template();
        String constant = template.lines().filter(l -> l.startsWith("CONSTANT TraceLog")).findFirst()
                .orElseThrow(() -> new IllegalStateException("FsLockTrace.tla has no line CONSTANT TraceLog"));
        String header = template.lines().filter(l -> l.contains(" MODULE FsLockTrace ")).findFirst().orElseThrow();
        String dashes = "-".repeat(Math.max(4, (77 - moduleName.length() - 8) / 2));
        return template.replace(header, dashes + " MODULE " + moduleName + " " + dashes)
                .replace(constant, log.toString());
    }

    private static String template() {
        try (var in = SpecTrace.class.getResourceAsStream("FsLockTrace.tla")) {
            if (in == null) {
                throw new IllegalStateException("FsLockTrace.tla missing from the test resources");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The TLC configuration for {@link #toModule}: the spec's constants, the invariants to check. */
    public String toConfig() {
        int maxRounds = Math.max(1, events.stream().filter(e -> e.action().equals("Start"))
                .collect(Collectors.groupingBy(Event::process, Collectors.counting()))
                .values().stream().mapToInt(Long::intValue).max().orElse(1));
        StringBuilder out = new StringBuilder();
        out.append("INIT TraceInit\nNEXT TraceNext\nCONSTANTS\n");
        for (String p : processes.keySet()) {
            out.append("    ").append(p).append(" = ").append(p).append('\n');
        }
        out.append("    Procs = {").append(String.join(", ", processes.keySet())).append("}\n");
        out.append("    OtherHost = {").append(String.join(", ", otherHost)).append("}\n");
        out.append("    MaxRounds = ").append(maxRounds).append('\n');
        out.append("    WithChild = FALSE\n");
        out.append("    UsesQueue = TRUE\n"); // LockProtocol always queues (a queue it cannot use is bypassed)
        out.append("    ClockReadings <- TraceClockReadings\n");
        out.append("    BreakerActs <- TraceBreakerActs\n");
        out.append("INVARIANTS\n    TraceNotFinished\n    TypeOK\n    DirsHoldEntriesOnlyWhenPresent\n"
                + "    MutualExclusion\n    LiveHolderKeepsEntry\n    SingleAcquisition\n    FencingTokenCurrent\n");
        out.append("CHECK_DEADLOCK FALSE\n");
        return out.toString();
    }

    private String record(Event e, Map<String, Integer> rounds, Map<String, String> owners) {
        String head = "[a |-> \"" + e.action() + "\", p |-> " + (isBreaker(e.process()) ? "\"breaker\"" : e.process());
        String d = e.detail();
        String fields = switch (e.action()) {
            case "Start" -> {
                int r = rounds.merge(e.process(), 1, Integer::sum);
                owners.put(e.owner().entryName(), "<<" + e.process() + ", \"main\", " + r + ">>");
                yield ", r |-> " + r;
            }
            case "RenameToLock" -> ", ok |-> " + bool(expect(d, "ok", "ENOTEMPTY"));
            case "CheckEntry", "VerifyHeld" -> ", present |-> " + bool(expect(d, "present", "ENOENT"));
            case "ReadLockDir", "ScanTemps", "BreakerReadLockDir", "BreakerScan" -> {
                if (d.equals("not a directory")) {
                    throw new IllegalStateException("P is not a directory: outside the spec: " + e);
                }
                yield ", s |-> {" + (d.isEmpty() ? "" : java.util.Arrays.stream(d.split(","))
                        .map(n -> owner(n, owners, e)).collect(Collectors.joining(", "))) + "}";
            }
            case "ProbeOwner", "SweepProbe", "BreakerProbe", "BreakerSweepProbe" -> {
                String[] f = d.split(" ");
                yield ", o |-> " + owner(f[0], owners, e) + ", v |-> \"" + verdict(f[1]) + "\"";
            }
            case "BreakEntry", "BreakerUnlink" -> {
                String[] f = d.split(" ");
                yield ", o |-> " + owner(f[0], owners, e) + ", gone |-> " + bool(f.length > 1 && f[1].equals("ENOENT"));
            }
            case "ReleaseUnlink" -> ", gone |-> " + bool(d.endsWith(" ENOENT"));
            case "RmdirLock", "ReleaseRmdir", "SweepTemp", "DropLock", "BreakerRmdir", "BreakerSweepTemp" -> ", r |-> \"" + expectOneOf(d, e, "REMOVED", "ABSENT", "NOT_EMPTY") + "\"";
            case "SweepEntry", "SweepFence", "BreakerSweepEntry", "BreakerSweepFence" -> ", o |-> " + owner(d, owners, e);
            case "ReadFence", "CreateFenceTmp", "RenameFence" -> ", v |-> " + Long.parseLong(d);
            default -> "";
        };
        return head + fields + "]";
    }

    private static boolean expect(String detail, String yes, String no) {
        if (!detail.equals(yes) && !detail.equals(no)) {
            throw new IllegalStateException("unexpected outcome " + detail);
        }
        return detail.equals(yes);
    }

    private static String expectOneOf(String detail, Event e, String... allowed) {
        for (String a : allowed) {
            if (a.equals(detail)) {
                return a;
            }
        }
        throw new IllegalStateException("unexpected outcome in " + e);
    }

    private String owner(String entryName, Map<String, String> owners, Event e) {
        String o = owners.get(entryName);
        if (o == null) {
            Optional<OwnerId> parsed = OwnerId.parse(entryName);
            throw new IllegalStateException("entry " + entryName + " in " + e + " belongs to no recorded Start"
                    + parsed.map(p -> " (" + p.process().describe() + ")").orElse(" (unparseable: a foreign entry)"));
        }
        return o;
    }

    private static String verdict(String liveness) {
        return switch (liveness) {
            case "ALIVE" -> "alive";
            case "DEAD" -> "dead";
            case "UNKNOWN" -> "unknown";
            default -> throw new IllegalStateException("unknown verdict " + liveness);
        };
    }

    private static String bool(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    /** The events, one a line, for reports. */
    @Override
    public String toString() {
        return events.stream().map(Event::toString).collect(Collectors.joining("\n"));
    }
}
