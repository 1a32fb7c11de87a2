package dev.fslock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill chaos with real processes: library workers ({@link ChaosWorker}) acquire the lock over and
 * over and log the enter and exit of each critical section; the test SIGKILLs random holders (in
 * their critical section) and waiters, and starts {@code fslock run} rounds whose fslock JVM it
 * SIGKILLs while the command runs. Then it checks the log:
 * <ul>
 *   <li>enter and exit records strictly alternate, each exit matching the enter before it; an enter
 *       without exit is allowed only for a worker the test killed, and the next enter must come
 *       after the kill (a SIGKILL lands at once, so that bounds the holder's death from below);
 *   <li>the command of a killed {@code fslock run} keeps the lock until it exits: its enter and exit
 *       records are adjacent, and meanwhile the lock holds its entry after a waiter broke the dead
 *       fslock's;
 *   <li>fencing tokens strictly increase from one critical section to the next;
 *   <li>survivors make progress: after every kill, a new critical section starts.
 * </ul>
 * It prints the seed of its kill schedule (rerun with -Dfslock.chaos.seed=SEED), and how soon the
 * lock was taken again after a holder's death (reported, not asserted): from the SIGKILL to the
 * next enter record, with every other worker already waiting.
 */
class KillChaosTest {
    private static final int SCALE = Integer.getInteger("fslock.test.scale", 1);
    private static final int WORKERS = 4;

    @TempDir Path dir;
    @TempDir Path output;
    Path lock;
    Path log;
    Path stop;
    Random random;
    int nextWorker;
    final Map<String, Processes.Started> workers = new LinkedHashMap<>(); // live library workers, by id
    final Map<String, Long> killedAt = new HashMap<>(); // worker id -> epoch nanos just before its SIGKILL
    final List<Processes.Started> everything = new ArrayList<>();
    final List<Long> commands = new ArrayList<>();
    int fslockKills;

    @AfterEach
    void cleanUp() {
        everything.forEach(s -> s.process().destroyForcibly());
        commands.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void criticalSectionsNeverOverlapWhileHoldersAndWaitersAreKilled() throws Exception {
        long seed = Long.getLong("fslock.chaos.seed", new SecureRandom().nextLong());
        System.out.println("KillChaosTest: seed " + seed + " (rerun: mvn test -Dtest=KillChaosTest -Dfslock.chaos.seed="
                + seed + ")");
        random = new Random(seed);
        lock = dir.resolve("x.lock");
        log = dir.resolve("log");
        stop = dir.resolve("stop");
        for (int i = 0; i < WORKERS; i++) {
            spawnWorker();
        }
        awaitNewEnter(0);

        List<Character> schedule = new ArrayList<>();
        schedule.addAll(Collections.nCopies(12 * SCALE, 'H')); // kill the holder, inside its critical section
        schedule.addAll(Collections.nCopies(8 * SCALE, 'W'));  // kill another worker (waiting, most likely)
        schedule.addAll(Collections.nCopies(3 * SCALE, 'C'));  // fslock run; kill its JVM while the command runs
        Collections.shuffle(schedule, random);
        int round = 0;
        for (char action : schedule) {
            Thread.sleep(10 + random.nextInt(110)); // the schedule's pace, not synchronization
            switch (action) {
                case 'H' -> killHolder();
                case 'W' -> killWaiter();
                default -> fslockRunKilledWhileItsCommandRuns(++round);
            }
            awaitNewEnter(records().size()); // the survivors go on
        }

        Files.createFile(stop);
        for (Processes.Started w : workers.values()) {
            Processes.Result r = w.await();
            assertEquals(0, r.status(), r::toString);
        }
        Check check = check(records());
        System.out.printf(Locale.ROOT, "KillChaosTest: %d critical sections; %d holders killed inside them, %d other"
                + " workers killed, %d fslock JVMs killed while their command ran (seed %d)%n", check.sections,
                check.reacquired.size(), killedAt.size() - check.reacquired.size(), fslockKills, seed);
        System.out.println("KillChaosTest: lock taken again after a holder's SIGKILL: " + summary(check.reacquired));
        System.out.println("KillChaosTest: lock taken again after a co-owned command (its fslock killed) exited: "
                + summary(check.afterCommand));
        assertTrue(check.sections > schedule.size(), "too little progress");
    }

    /** The log check can fail: overlapping sections, and a section entered before its killed holder died. */
    @Test
    void checkRejectsOverlaps() {
        Rec w1 = new Rec(true, "w1", 10, 1, 1000, 1);
        Rec w2 = new Rec(true, "w2", 20, 1, 2000, 2);
        assertThrows(AssertionError.class, () -> check(List.of(w1, w2)), "w1 never left, nobody killed it");
        killedAt.put("w1", 3000L);
        assertThrows(AssertionError.class, () -> check(List.of(w1, w2)), "w2 entered before w1 was killed");
        killedAt.put("w1", 1500L);
        assertEquals(2, check(List.of(w1, w2)).sections());
        assertThrows(AssertionError.class, () -> check(List.of(w1, new Rec(false, "w2", 20, 1, 1100, 0))), "wrong exit");
        assertThrows(AssertionError.class, () -> check(List.of(w2, new Rec(true, "w3", 30, 1, 5000, 2))), "token reused");
    }

    private void spawnWorker() throws IOException {
        String id = "w" + (++nextWorker);
        Processes.Started w = Processes.start(output, Processes.java(ChaosWorker.class, id, lock.toString(),
                log.toString(), stop.toString(), Long.toString(random.nextLong())));
        workers.put(id, w);
        everything.add(w);
    }

    private void kill(String id) throws Exception {
        Processes.Started w = workers.remove(id);
        killedAt.put(id, ChaosWorker.now());
        w.process().destroyForcibly(); // SIGKILL
        w.process().waitFor();
        spawnWorker();
    }

    /**
     * Kills the worker whose enter record is the last one: it is inside its critical section. First
     * every live worker must be ready (its JVM started), so that the time until the lock is taken
     * again measures the protocol, not the start-up of a replacement JVM.
     */
    private void killHolder() throws Exception {
        Processes.await("every worker is ready", () -> workers.keySet().stream()
                .allMatch(id -> Files.exists(dir.resolve("ready-" + id))));
        String[] holder = {null};
        Processes.await("a worker is inside its critical section", () -> {
            Optional<Rec> last = lastRecord();
            if (last.isPresent() && last.get().enter && workers.containsKey(last.get().id)) {
                holder[0] = last.get().id;
                return true;
            }
            return false;
        });
        kill(holder[0]);
    }

    private void killWaiter() throws Exception {
        Optional<Rec> last = lastRecord();
        List<String> others = workers.keySet().stream()
                .filter(id -> last.isEmpty() || !last.get().enter || !last.get().id.equals(id)).toList();
        kill(others.get(random.nextInt(others.size())));
    }

    /**
     * fslock run with a command that logs its enter, waits for a release file, logs its exit. Once
     * it has entered, SIGKILL its fslock JVM; wait until a waiter has broken the dead fslock's entry
     * (the command's keeps the lock held meanwhile), then let the command finish.
     */
    private void fslockRunKilledWhileItsCommandRuns(int round) throws Exception {
        String id = "cli" + round;
        Path release = output.resolve("release-" + id);
        String cs = "echo \"enter $3 $$ 1 $(date +%s%N) $FSLOCK_FENCING_TOKEN\" >> \"$1\";"
                + " while [ ! -e \"$2\" ]; do sleep 0.005; done;"
                + " echo \"exit $3 $$ 1 $(date +%s%N)\" >> \"$1\"";
        Processes.Started fslock = Processes.start(output, Processes.fslock("run", lock.toString(), "--", "sh", "-c", cs,
                "sh", log.toString(), release.toString(), id));
        everything.add(fslock);
        Rec[] entered = {null};
        Processes.await("the command of " + id + " is inside", () -> {
            entered[0] = records().stream().filter(r -> r.enter && r.id.equals(id)).findFirst().orElse(null);
            return entered[0] != null;
        });
        long command = entered[0].pid;
        commands.add(command);
        fslock.process().destroyForcibly();
        fslock.process().waitFor();
        fslockKills++;
        Processes.await("a waiter breaks the entry of the killed fslock of " + id, () -> {
            List<Long> holders = entryPids();
            if (!holders.contains(command)) {
                fail("the entry of the command of " + id + " (pid " + command + ") is gone while it runs: " + holders);
            }
            return !holders.contains(fslock.pid());
        });
        Files.createFile(release);
        Processes.await("the command of " + id + " exits", () -> records().stream().anyMatch(r -> !r.enter && r.id.equals(id)));
    }

    private List<Long> entryPids() {
        try {
            return Processes.list(lock).stream().map(Processes::pidOf).toList();
        } catch (IOException e) {
            return List.of(); // it changed while listed
        }
    }

    private void awaitNewEnter(int after) throws InterruptedException {
        Processes.await("a new critical section begins", () -> {
            List<Rec> all = records();
            return all.subList(Math.min(after, all.size()), all.size()).stream().anyMatch(r -> r.enter);
        });
    }

    /** One log record. pid, seq, time (epoch nanos), token (enter only). */
    record Rec(boolean enter, String id, long pid, long seq, long time, long token) {
        @Override
        public String toString() {
            return (enter ? "enter " : "exit ") + id + " pid " + pid + " #" + seq;
        }
    }

    private List<Rec> records() {
        List<Rec> recs = new ArrayList<>();
        String text = Processes.readQuietly(log).orElse("");
        int end = text.lastIndexOf('\n'); // a record still being written has no newline yet
        if (end < 0) {
            return recs;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.split(" ");
            boolean enter = f[0].equals("enter");
            recs.add(new Rec(enter, f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    enter ? Long.parseLong(f[5]) : 0));
        }
        return recs;
    }

    private Optional<Rec> lastRecord() {
        List<Rec> all = records();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The result of checking a log: sections, and re-acquisition delays in nanoseconds. */
    record Check(int sections, List<Long> reacquired, List<Long> afterCommand) {}

    private Check check(List<Rec> recs) {
        Rec inside = null; // the section under way: its enter, no exit yet
        Rec lastExit = null; // the exit just before, if the lock was released normally
        long lastToken = 0;
        int sections = 0;
        List<Long> reacquired = new ArrayList<>();
        List<Long> afterCommand = new ArrayList<>();
        for (Rec r : recs) {
            if (r.enter) {
                sections++;
                assertTrue(r.token > lastToken, "fencing token " + r.token + " of " + r + " after " + lastToken);
                lastToken = r.token;
                if (inside != null) {
                    Long killed = killedAt.get(inside.id);
                    assertNotNull(killed, "two critical sections overlap: " + inside + " had not left when " + r + " entered");
                    assertTrue(r.time > killed, r + " entered before " + inside + " was killed");
                    reacquired.add(r.time - killed);
                } else if (lastExit != null && lastExit.id.startsWith("cli")) {
                    afterCommand.add(r.time - lastExit.time);
                }
                inside = r;
                lastExit = null;
            } else {
                assertNotNull(inside, "exit without enter: " + r);
                assertEquals(inside.id + " #" + inside.seq, r.id + " #" + r.seq, "exit does not match the enter before it");
                inside = null;
                lastExit = r;
            }
        }
        return new Check(sections, reacquired, afterCommand);
    }

    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no case";
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        return String.format(Locale.ROOT, "n=%d, p50 %.1f ms, p90 %.1f ms, max %.1f ms", sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() * 9 / 10) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }
}
