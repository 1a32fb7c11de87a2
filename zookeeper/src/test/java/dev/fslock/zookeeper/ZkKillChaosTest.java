package dev.fslock.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill chaos with real processes on ZooKeeper, as cli's KillChaosTest does for the file lock: four
 * worker JVMs ({@link ZkWorker} chaos) take the lock over and over, log the enter and exit of each
 * critical section and increment a {@link FencedStore} in it; the test SIGKILLs random holders
 * (inside their critical section) and waiters, and starts a new worker for each. Then:
 * <ul>
 *   <li>the store lost no update: its journal reads 1, 2, 3..., tokens never decreasing;
 *   <li>critical sections do not overlap, except after a holder that was killed (the next enter
 *       comes after the kill, once ZooKeeper expired its session) or that lost its session while it
 *       held the lock (its release said so: a stall on a loaded machine; reported);
 *   <li>fencing tokens strictly increase from one critical section to the next;
 *   <li>survivors make progress: after every kill, a new critical section starts.
 * </ul>
 * Prints its seed (rerun with -Dfslock.chaos.seed=SEED) and how soon the lock was taken again after
 * a holder's SIGKILL: about the session timeout, which is how long ZooKeeper waits for a silent
 * client (reported, not asserted).
 */
class ZkKillChaosTest {
    private static final int SCALE = Integer.getInteger("fslock.test.scale", 1);
    private static final int WORKERS = 4;
    /** Server tick 200 ms: sessions of up to 4 s; the workers ask for 3 s. */
    private static final int TICK_MS = 200;
    private static final long SESSION_MS = 3_000;

    @TempDir Path dir;
    @TempDir Path output;
    TestingServer server;
    Path log;
    Path stop;
    Path store;
    Random random;
    int nextWorker;
    final Map<String, Jvms.Started> workers = new LinkedHashMap<>(); // live workers, by id
    final Map<String, Long> killedAt = new HashMap<>(); // worker id -> epoch nanos just before its SIGKILL
    final List<Jvms.Started> everything = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        everything.forEach(s -> s.process().destroyForcibly());
        if (server != null) {
            server.close();
        }
    }

    @Test
    void noLostUpdateAndNoOverlapWhileHoldersAndWaitersAreKilled() throws Exception {
        long seed = Long.getLong("fslock.chaos.seed", new SecureRandom().nextLong());
        System.out.println("ZkKillChaosTest: seed " + seed + " (rerun: -Dtest=ZkKillChaosTest -Dfslock.chaos.seed=" + seed + ")");
        random = new Random(seed);
        server = ZkServers.standalone(TICK_MS);
        log = dir.resolve("log");
        stop = dir.resolve("stop");
        store = dir.resolve("store");
        for (int i = 0; i < WORKERS; i++) {
            spawnWorker();
        }
        awaitNewEnter(0);

        List<Character> schedule = new ArrayList<>();
        // Each holder's kill costs a session timeout: the default run stays short, -Pextended kills ten times more.
        schedule.addAll(Collections.nCopies(2 * SCALE, 'H')); // kill the holder, inside its critical section
        schedule.addAll(Collections.nCopies(2 * SCALE, 'W')); // kill another worker (waiting, most likely)
        Collections.shuffle(schedule, random);
        for (char action : schedule) {
            Thread.sleep(10 + random.nextInt(110)); // the schedule's pace, not synchronization
            if (action == 'H') {
                killHolder();
            } else {
                killWaiter();
            }
            awaitNewEnter(records().size()); // the survivors go on
        }

        Files.createFile(stop);
        for (Jvms.Started w : workers.values()) {
            assertEquals(0, w.await(), w.output());
        }
        Check check = check(records());
        FencedStore fenced = new FencedStore(store);
        int writes = FencedStore.checkJournal(fenced.journal());
        assertEquals(writes, fenced.value());
        System.out.printf(Locale.ROOT, "ZkKillChaosTest: %d critical sections, %d accepted writes; %d holders killed inside"
                + " them, %d other workers killed; %d sessions lost by live holders (stalls) (seed %d)%n", check.sections,
                writes, check.reacquired.size(), killedAt.size() - check.reacquired.size(), check.lost, seed);
        System.out.println("ZkKillChaosTest: lock taken again after a holder's SIGKILL (session timeout " + SESSION_MS
                + " ms): " + summary(check.reacquired));
        assertTrue(check.sections > schedule.size(), "too little progress");
    }

    /** The log check can fail: overlapping sections, a section entered before its killed holder died, a token reused. */
    @Test
    void checkRejectsOverlaps() {
        Rec w1 = new Rec(Kind.ENTER, "w1", 10, 1, 1000, 1);
        Rec w2 = new Rec(Kind.ENTER, "w2", 20, 1, 2000, 2);
        assertThrows(AssertionError.class, () -> check(List.of(w1, w2)), "w1 never left, nobody killed it");
        killedAt.put("w1", 3000L);
        assertThrows(AssertionError.class, () -> check(List.of(w1, w2)), "w2 entered before w1 was killed");
        killedAt.put("w1", 1500L);
        assertEquals(2, check(List.of(w1, w2)).sections());
        killedAt.clear();
        Rec w1Lost = new Rec(Kind.LOST, "w1", 10, 1, 2500, 0);
        assertEquals(1, check(List.of(w1, w2, new Rec(Kind.EXIT, "w1", 10, 1, 2400, 0), w1Lost)).lost(),
                "a holder that lost its session may overlap, and says so");
        assertThrows(AssertionError.class, () -> check(List.of(w1, new Rec(Kind.EXIT, "w2", 20, 1, 1100, 0))), "wrong exit");
        assertThrows(AssertionError.class, () -> check(List.of(w2, new Rec(Kind.ENTER, "w3", 30, 1, 5000, 2))), "token reused");
    }

    private void spawnWorker() throws IOException {
        String id = "w" + (++nextWorker);
        Jvms.Started w = Jvms.start(output, ZkWorker.class, "chaos", id, server.getConnectString(), "/locks/chaos",
                store.toString(), log.toString(), stop.toString(), Long.toString(random.nextLong()),
                Long.toString(SESSION_MS));
        workers.put(id, w);
        everything.add(w);
    }

    private void kill(String id) throws Exception {
        Jvms.Started w = workers.remove(id);
        killedAt.put(id, ZkWorker.now());
        w.process().destroyForcibly(); // SIGKILL
        w.process().waitFor();
        spawnWorker();
    }

    /** Kills the worker whose enter record is the last one (inside its section), once every worker is ready. */
    private void killHolder() throws Exception {
        ZkLockTest.await("every worker is ready", () -> workers.keySet().stream()
                .allMatch(id -> Files.exists(dir.resolve("ready-" + id))));
        String[] holder = {null};
        ZkLockTest.await("a worker is inside its critical section", () -> {
            Optional<Rec> last = lastRecord();
            if (last.isPresent() && last.get().kind == Kind.ENTER && workers.containsKey(last.get().id)) {
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
                .filter(id -> last.isEmpty() || last.get().kind != Kind.ENTER || !last.get().id.equals(id)).toList();
        kill(others.get(random.nextInt(others.size())));
    }

    private void awaitNewEnter(int after) throws Exception {
        ZkLockTest.await("a new critical section begins", () -> {
            List<Rec> all = records();
            return all.subList(Math.min(after, all.size()), all.size()).stream().anyMatch(r -> r.kind == Kind.ENTER);
        });
    }

    enum Kind { ENTER, EXIT, LOST }

    /** One log record: pid, seq, time (epoch nanos), token (enter only). */
    record Rec(Kind kind, String id, long pid, long seq, long time, long token) {
        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + " " + id + " pid " + pid + " #" + seq;
        }
    }

    private List<Rec> records() throws IOException {
        List<Rec> recs = new ArrayList<>();
        String text = Jvms.read(log);
        int end = text.lastIndexOf('\n'); // a record still being written has no newline yet
        if (end < 0) {
            return recs;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.split(" ");
            Kind kind = Kind.valueOf(f[0].toUpperCase(Locale.ROOT));
            recs.add(new Rec(kind, f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    kind == Kind.ENTER ? Long.parseLong(f[5]) : 0));
        }
        return recs;
    }

    private Optional<Rec> lastRecord() throws IOException {
        List<Rec> all = records();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Sections, re-acquisition delays after a holder's kill (nanoseconds), sessions lost by live holders. */
    record Check(int sections, List<Long> reacquired, int lost) {}

    private Check check(List<Rec> recs) {
        // Sections whose holder lost its session while inside: they may overlap the next one.
        Set<String> lostSections = new HashSet<>();
        for (Rec r : recs) {
            if (r.kind == Kind.LOST) {
                lostSections.add(r.id + " #" + r.seq);
            }
        }
        Map<String, Rec> open = new LinkedHashMap<>(); // sections under way (more than one only after a lost session)
        Rec last = null;
        long lastToken = 0;
        int sections = 0;
        List<Long> reacquired = new ArrayList<>();
        for (Rec r : recs) {
            String key = r.id + " #" + r.seq;
            switch (r.kind) {
                case ENTER -> {
                    sections++;
                    assertTrue(r.token > lastToken, "fencing token " + r.token + " of " + r + " after " + lastToken);
                    lastToken = r.token;
                    for (Rec inside : open.values()) {
                        if (lostSections.contains(inside.id + " #" + inside.seq)) {
                            continue; // its session expired while it held the lock: the store decides
                        }
                        Long killed = killedAt.get(inside.id);
                        assertNotNull(killed, "two critical sections overlap: " + inside + " had not left when " + r
                                + " entered");
                        assertTrue(r.time > killed, r + " entered before " + inside + " was killed");
                        reacquired.add(r.time - killed);
                    }
                    open.keySet().removeIf(k -> !lostSections.contains(k)); // the killed ones never exit
                    open.put(key, r);
                    last = r;
                }
                case EXIT -> {
                    Rec inside = open.remove(key);
                    assertNotNull(inside, "exit without its enter: " + r + " (last enter: " + last + ")");
                }
                case LOST -> { }
            }
        }
        return new Check(sections, reacquired, lostSections.size());
    }

    private static String summary(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no case";
        }
        List<Long> sorted = nanos.stream().sorted().toList();
        return String.format(Locale.ROOT, "n=%d, p50 %.0f ms, max %.0f ms", sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
}
