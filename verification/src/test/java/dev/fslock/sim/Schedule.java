package dev.fslock.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One generated run of the simulation: the processes that exist from the start, and the
 * scheduler's decisions, in order. Everything else (what each process does when it runs) is the
 * production code's business.
 *
 * <p>A process runs its {@link Plan}: for each round it acquires the lock (one try per attempt,
 * or waiting up to {@link Plan#waitMillis()} of simulated time), holds it for the given number of
 * its own turns, and releases it. It starts an acquisition the first time it is picked while idle,
 * so the schedule decides when each acquisition begins.
 *
 * <p>Process numbers in {@link Op}s are taken modulo the number of processes existing at that
 * point, so that any list of ops is meaningful and shrinking never produces an invalid schedule.
 * {@link #toString()} prints the compact form that {@link #parse} reads back (for replay).
 *
 * @param procs the processes present from the start (p1, p2, ...)
 * @param ops   the scheduler's decisions
 */
public record Schedule(List<Plan> procs, List<Op> ops) {

    public Schedule {
        procs = List.copyOf(procs);
        ops = List.copyOf(ops);
        if (procs.isEmpty()) {
            throw new IllegalArgumentException("no processes");
        }
        if (procs.stream().filter(Plan::breaker).count() > 1) {
            throw new IllegalArgumentException("at most one fslock break per run (the spec has one breaker)");
        }
    }

    /**
     * What one process wants.
     *
     * @param otherHost  the process runs on another host: every probe of it answers UNKNOWN
     * @param holds      per acquisition, how many of its turns it holds the lock (at least 1)
     * @param waitMillis 0: each attempt is one try; otherwise each attempt waits up to this much
     *                   simulated time (one scheduler step is one millisecond)
     * @param breaker    instead of acquiring, the process runs {@code fslock break} (without
     *                   --force) once, on our host; holds and waitMillis then mean nothing
     */
    public record Plan(boolean otherHost, List<Integer> holds, int waitMillis, boolean breaker) {
        public Plan {
            holds = List.copyOf(holds);
            if (holds.isEmpty() || holds.stream().anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("holds must be >= 1: " + holds);
            }
            if (breaker && otherHost) {
                throw new IllegalArgumentException("fslock break runs on our host");
            }
        }

        public Plan(boolean otherHost, List<Integer> holds, int waitMillis) {
            this(otherHost, holds, waitMillis, false);
        }

        /** The plan of a process that runs {@code fslock break} once. */
        static Plan breakOnce() {
            return new Plan(false, List.of(1), 0, true);
        }

        /** The plan of a process the schedule spawns: one short acquisition, one try at a time. */
        static Plan spawned() {
            return new Plan(false, List.of(1), 0);
        }

        @Override
        public String toString() {
            if (breaker) {
                return "b";
            }
            return (otherHost ? "u" : "") + holds.stream().map(String::valueOf).collect(Collectors.joining(","))
                    + (waitMillis > 0 ? "@" + waitMillis : "");
        }

        static Plan parse(String s) {
            if (s.equals("b")) {
                return breakOnce();
            }
            boolean other = s.startsWith("u");
            String rest = other ? s.substring(1) : s;
            int wait = 0;
            int at = rest.indexOf('@');
            if (at >= 0) {
                wait = Integer.parseInt(rest.substring(at + 1));
                rest = rest.substring(0, at);
            }
            return new Plan(other, Arrays.stream(rest.split(",")).map(Integer::valueOf).toList(), wait);
        }
    }

    /** One scheduler decision. */
    public sealed interface Op {
        /** The process the op is about, before taking it modulo the number of processes. */
        int target();
    }

    /** The process takes one step: up to and including its next filesystem call or probe. */
    public record Step(int target) implements Op {
        @Override
        public String toString() {
            return String.valueOf(target + 1);
        }
    }

    /** The process is killed (crash-stop): it never takes another step; its files stay. */
    public record Kill(int target) implements Op {
        @Override
        public String toString() {
            return "k" + (target + 1);
        }
    }

    /**
     * A new process starts. If the target is dead (and on our host) the new one reuses its pid
     * with a later start time; otherwise it gets a fresh pid.
     */
    public record Spawn(int target) implements Op {
        @Override
        public String toString() {
            return "s" + (target + 1);
        }
    }

    /** The compact, replayable form: {@code plan|plan|... ; op op op}. */
    @Override
    public String toString() {
        return procs.stream().map(Plan::toString).collect(Collectors.joining("|")) + ";"
                + ops.stream().map(Op::toString).collect(Collectors.joining(" "));
    }

    /** Reads the form {@link #toString()} prints. */
    public static Schedule parse(String text) {
        String[] halves = text.trim().split(";", -1);
        if (halves.length != 2) {
            throw new IllegalArgumentException("expected 'plans;ops': " + text);
        }
        List<Plan> plans = Arrays.stream(halves[0].trim().split("\\|")).map(String::trim).map(Plan::parse).toList();
        List<Op> ops = new ArrayList<>();
        for (String token : halves[1].trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            char kind = token.charAt(0);
            switch (kind) {
                case 'k' -> ops.add(new Kill(Integer.parseInt(token.substring(1)) - 1));
                case 's' -> ops.add(new Spawn(Integer.parseInt(token.substring(1)) - 1));
                default -> ops.add(new Step(Integer.parseInt(token) - 1));
            }
        }
        return new Schedule(plans, ops);
    }
}
