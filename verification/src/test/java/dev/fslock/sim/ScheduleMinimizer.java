package dev.fslock.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finishes what jqwik's shrinking started: from a failing schedule, removes runs of one process's
 * steps, single ops and processes, and simplifies plans, for as long as the run still fails the
 * same way, so that the printed schedule is 1-minimal (no single op can go). Each candidate is the schedule as executed
 * (cut at the violation), so it is cheap: a few hundred short runs.
 */
final class ScheduleMinimizer {
    private ScheduleMinimizer() {}

    /**
     * @param run  runs a schedule; empty if it does not fail the way we are minimizing for
     * @return the smallest failing result found (its schedule is the executed one)
     */
    static Simulation.Result minimize(Simulation.Result failing, Function<Schedule, Optional<Simulation.Result>> run) {
        Simulation.Result best = failing;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Schedule candidate : candidates(best.schedule())) {
                Optional<Simulation.Result> r = run.apply(candidate);
                if (r.isPresent() && size(r.get().schedule()) < size(best.schedule())) {
                    best = r.get();
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    private static int size(Schedule s) {
        int plans = s.procs().stream().mapToInt(p -> p.holds().size() + p.holds().stream().mapToInt(h -> h).sum()
                + (p.otherHost() ? 1 : 0) + (p.waitMillis() > 0 ? 1 : 0)).sum();
        return s.ops().size() * 100 + s.procs().size() * 10 + plans;
    }

    /** Smaller variants of s, the most promising first. */
    private static List<Schedule> candidates(Schedule s) {
        List<Schedule> out = new ArrayList<>();
        List<Schedule.Op> ops = s.ops();
        // Several consecutive steps of one process (an attempt it need not make), longest first.
        for (int k = 6; k >= 2; k--) {
            for (int i = 0; i < ops.size(); i++) {
                if (!(ops.get(i) instanceof Schedule.Step)) {
                    continue;
                }
                int target = ops.get(i).target();
                List<Integer> own = new ArrayList<>();
                for (int j = i; j < ops.size() && own.size() < k; j++) {
                    if (ops.get(j) instanceof Schedule.Step && ops.get(j).target() == target) {
                        own.add(j);
                    }
                }
                if (own.size() == k) {
                    List<Schedule.Op> fewer = new ArrayList<>(ops);
                    for (int j = own.size() - 1; j >= 0; j--) {
                        fewer.remove((int) own.get(j));
                    }
                    out.add(new Schedule(s.procs(), fewer));
                }
            }
        }
        for (int i = ops.size() - 1; i >= 0; i--) {
            List<Schedule.Op> fewer = new ArrayList<>(ops);
            fewer.remove(i);
            out.add(new Schedule(s.procs(), fewer));
        }
        for (int k = s.procs().size() - 1; k >= 0 && s.procs().size() > 1; k--) {
            out.add(withoutProcess(s, k));
        }
        for (int k = 0; k < s.procs().size(); k++) {
            Schedule.Plan p = s.procs().get(k);
            if (p.holds().size() > 1) {
                out.add(withPlan(s, k, new Schedule.Plan(p.otherHost(), p.holds().subList(0, p.holds().size() - 1), p.waitMillis())));
            }
            if (p.holds().stream().anyMatch(h -> h > 1)) {
                out.add(withPlan(s, k, new Schedule.Plan(p.otherHost(), p.holds().stream().map(h -> 1).toList(), p.waitMillis())));
            }
            if (p.otherHost()) {
                out.add(withPlan(s, k, new Schedule.Plan(false, p.holds(), p.waitMillis())));
            }
            if (p.waitMillis() > 0) {
                out.add(withPlan(s, k, new Schedule.Plan(p.otherHost(), p.holds(), 0)));
            }
        }
        return out;
    }

    private static Schedule withPlan(Schedule s, int k, Schedule.Plan plan) {
        List<Schedule.Plan> plans = new ArrayList<>(s.procs());
        plans.set(k, plan);
        return new Schedule(plans, s.ops());
    }

    /** Drops initial process k: its ops go, higher process numbers move down by one. */
    private static Schedule withoutProcess(Schedule s, int k) {
        List<Schedule.Plan> plans = new ArrayList<>(s.procs());
        plans.remove(k);
        List<Schedule.Op> ops = new ArrayList<>();
        for (Schedule.Op op : s.ops()) {
            int t = op.target();
            if (t == k) {
                continue;
            }
            int moved = t > k ? t - 1 : t;
            if (op instanceof Schedule.Kill) {
                ops.add(new Schedule.Kill(moved));
            } else if (op instanceof Schedule.Spawn) {
                ops.add(new Schedule.Spawn(moved));
            } else {
                ops.add(new Schedule.Step(moved));
            }
        }
        return new Schedule(plans, ops);
    }
}
