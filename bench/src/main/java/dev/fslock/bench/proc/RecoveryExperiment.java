package dev.fslock.bench.proc;

import static dev.fslock.bench.proc.Bench.progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Recovery from a crashed holder: four worker processes of one variant contend; once one holds
 * the lock and two others have waited a second, the holder gets SIGKILL and the time until the
 * next acquisition is measured, again and again (a replacement keeps the pool at four). Writes
 * recovery.tsv.
 */
final class RecoveryExperiment {
    private final Bench bench;
    private final Random random = new Random(42);
    private final Map<Integer, Long> readySince = new HashMap<>(); // worker id -> first seen ready

    private final Collection<Variant> variants;
    private final String summaryName;

    RecoveryExperiment(Bench bench) {
        this(bench, bench.variants.values(), "recovery.tsv");
    }

    /** The kills for {@code variants}, written to OUT/{@code summaryName}. */
    RecoveryExperiment(Bench bench, Collection<Variant> variants, String summaryName) {
        this.bench = bench;
        this.variants = variants;
        this.summaryName = summaryName;
    }

    void run() throws Exception {
        StringBuilder tsv = new StringBuilder("variant\tkill\trecovery_us\n");
        for (Variant v : variants) {
            Path dir = bench.fresh("recovery-" + v.name());
            Path lock = dir.resolve("bench.lock");
            progress("recovery: %s: %d SIGKILLs of the holder", v.label(), v.recoveryKills());
            Map<Integer, Process> pool = new LinkedHashMap<>();
            readySince.clear();
            int nextId = 0;
            try {
                for (int i = 0; i < 4; i++, nextId++) {
                    pool.put(nextId, bench.start(v, nextId, dir, lock, "recover"));
                }
                int failures = 0;
                for (int kill = 1; kill <= v.recoveryKills(); kill++) {
                    int holder = awaitHolder(dir, pool, -1, TimeUnit.SECONDS.toNanos(120));
                    if (holder < 0) {
                        throw new IllegalStateException("nobody acquired " + lock);
                    }
                    // Every other worker waiting for a second: past start-up and its warm-up, so that
                    // no replacement's warm-up (1.5 s of its variant's cycles on the same disk and
                    // cores) runs beside the measured recovery.
                    awaitWaiters(dir, pool, holder, pool.size() - 1);
                    TimeUnit.MILLISECONDS.sleep(random.nextInt(50));
                    Process victim = pool.remove(holder);
                    long killedAt = System.nanoTime();
                    victim.destroyForcibly(); // SIGKILL
                    // proper-lockfile: its 2 s stale time; ZooKeeper: the session timeout (a few seconds)
                    long timeout = TimeUnit.SECONDS.toNanos(v.name().equals("proper-lockfile") || v.name().startsWith("zk") ? 40 : 10);
                    int next = awaitHolder(dir, pool, holder, timeout);
                    Files.deleteIfExists(dir.resolve("acq-" + holder));
                    if (next < 0) {
                        tsv.append(v.name()).append('\t').append(kill).append("\tNaN\n");
                        progress("    kill %d: nobody acquired within %d s", kill, TimeUnit.NANOSECONDS.toSeconds(timeout));
                        if (++failures >= 1) {
                            break;
                        }
                    } else {
                        long acquiredAt = Long.parseLong(Files.readString(dir.resolve("acq-" + next)).trim().split(" ")[1]);
                        long us = (acquiredAt - killedAt) / 1000;
                        tsv.append(v.name()).append('\t').append(kill).append('\t').append(us).append('\n');
                        progress(us < 0 ? "    kill %d: another process acquired %.1f ms BEFORE the kill: two holders at once"
                                : "    kill %d: next holder after %.1f ms", kill, Math.abs(us) / 1000.0);
                    }
                    pool.put(nextId, bench.start(v, nextId, dir, lock, "recover"));
                    nextId++;
                }
            } finally {
                pool.values().forEach(Process::destroyForcibly);
            }
            Files.writeString(bench.out.resolve(summaryName), tsv.toString());
        }
    }

    /** The id of a live worker (not {@code except}) that says it acquired the lock, or -1 after the timeout. */
    private int awaitHolder(Path dir, Map<Integer, Process> pool, int except, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            for (int id : pool.keySet()) {
                if (id != except && Files.exists(dir.resolve("acq-" + id))) {
                    return id;
                }
            }
            TimeUnit.MICROSECONDS.sleep(500);
        }
        return -1;
    }

    /** Waits until {@code wanted} workers besides the holder have been waiting for a second or more. */
    private void awaitWaiters(Path dir, Map<Integer, Process> pool, int holder, int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long ready = pool.keySet().stream().filter(id -> id != holder).filter(id -> {
                if (Files.exists(dir.resolve("ready-" + id))) {
                    readySince.putIfAbsent(id, now);
                }
                return readySince.containsKey(id) && now - readySince.get(id) >= TimeUnit.SECONDS.toNanos(1);
            }).count();
            if (ready >= wanted) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IllegalStateException("waiters did not start in " + dir);
    }
}
