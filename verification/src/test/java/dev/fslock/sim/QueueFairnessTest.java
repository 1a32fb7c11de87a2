package dev.fslock.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fslock.testing.LockVariants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Example;

/**
 * Issue 11's fairness in the simulated Java code: a process that releases and comes straight back
 * does not overtake the queue's head that waits for it (spec HeadNotOvertaken, checked by TLC on
 * MCFsLockQueueNoBypass). Checked on the recorded steps of every run of a family of deterministic
 * schedules: p1 holds, p2 waits and becomes the head, p1 releases and acquires again, running
 * alone for a while, then both alternate.
 */
class QueueFairnessTest {

    @Example
    void aReleaserThatComesStraightBackDoesNotOvertakeTheHead() {
        List<String> violations = new ArrayList<>();
        int headsWaitedWhileTheHolderCameBack = 0;
        for (int first = 1; first <= 16; first++) {
            for (int second = 1; second <= 16; second++) {
                Schedule schedule = Schedule.parse("1,1@1000|1@1000;" + "1 ".repeat(first) + "2 ".repeat(second)
                        + "1 ".repeat(24) + "2 1 ".repeat(40));
                Simulation.Result r = new Simulation(LockVariants.FSLOCK, schedule, Simulation.Checks.SAFETY).run();
                assertTrue(r.violation().isEmpty(), r.report());
                Check check = check(r.trace().events());
                check.overtaking().ifPresent(v -> violations.add(v + "\nschedule: " + schedule));
                if (check.headWaitedWhileAnotherStarted()) {
                    headsWaitedWhileTheHolderCameBack++;
                }
            }
        }
        // Not vacuous: in some runs p2 was the waiting head when p1 began its second acquisition.
        assertTrue(headsWaitedWhileTheHolderCameBack > 0, "no run had a head waiting while the holder came back");
        assertTrue(violations.isEmpty(), () -> violations.size() + " runs with a waiting head overtaken, e.g.:\n"
                + violations.get(0));
    }

    /** What {@link #check} found in one run. */
    record Check(Optional<String> overtaking, boolean headWaitedWhileAnotherStarted) {}

    /**
     * Replays the reported steps: who is the queue's head and still waits (joined, no successful
     * rename yet), and who bypassed the queue in its current acquisition. A successful rename by
     * one process while another is a waiting head is allowed only after a bypass (a timeout, a
     * single try, an unusable queue: the spec's QueueBypass, where nothing is promised).
     */
    static Check check(List<SpecTrace.Event> events) {
        Set<String> waitingHeads = new HashSet<>();
        Map<String, Boolean> bypassed = new HashMap<>();
        boolean headWaitedWhileAnotherStarted = false;
        for (int i = 0; i < events.size(); i++) {
            SpecTrace.Event e = events.get(i);
            String p = e.process();
            switch (e.action()) {
                case "Start" -> {
                    bypassed.put(p, false);
                    headWaitedWhileAnotherStarted |= waitingHeads.stream().anyMatch(h -> !h.equals(p));
                }
                case "QueueBypass" -> bypassed.put(p, true);
                case "QueueJoin" -> waitingHeads.add(p);
                case "QueueLeave", "Crash", "AbandonStart" -> waitingHeads.remove(p);
                case "RenameToLock" -> {
                    if (e.detail().equals("ok")) {
                        waitingHeads.remove(p);
                        Optional<String> overtaken = waitingHeads.stream().filter(h -> !h.equals(p)).findFirst();
                        if (overtaken.isPresent() && !bypassed.getOrDefault(p, false)) {
                            return new Check(Optional.of("event " + (i + 1) + ": " + e + " while " + overtaken.get()
                                    + " is the queue's head and waits, without a bypass"), headWaitedWhileAnotherStarted);
                        }
                    }
                }
                default -> { }
            }
        }
        return new Check(Optional.empty(), headWaitedWhileAnotherStarted);
    }
}
