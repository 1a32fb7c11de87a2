package dev.fslock.bench.report;

import static dev.fslock.bench.report.Results.LABELS;
import static dev.fslock.bench.report.Results.f;
import static dev.fslock.bench.report.Results.num;
import static dev.fslock.bench.report.Results.pct;
import static dev.fslock.bench.report.Results.readKeyValues;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ZooKeeper backend (issue 14): zkN-contention.tsv and zkN-recovery.tsv (N = 1 and 3 servers,
 * {@code bench/run --only zk}) beside fslock and FileChannel.lock from the same results folder,
 * with the ensemble's settings (zk.txt).
 */
final class ZkSection {
    private static final List<String> VARIANTS = List.of("fslock", "kernel", "zk1", "zk3");

    private final Map<String, String> settings;
    private final ContentionSection contention;
    private final RecoverySection recovery;

    ZkSection(Results results) throws IOException {
        this.settings = readKeyValues(results.file("zk.txt"));
        this.contention = new ContentionSection(results, "contention.tsv", "zk1-contention.tsv", "zk3-contention.tsv");
        this.recovery = new RecoverySection(results, "recovery.tsv", "zk1-recovery.tsv", "zk3-recovery.tsv");
    }

    boolean measured() {
        return !contention.rows("zk1", r -> true).isEmpty() || !contention.rows("zk3", r -> true).isEmpty()
                || recovery.recoveryOf("zk1").length > 0 || recovery.recoveryOf("zk3").length > 0;
    }

    void append(StringBuilder md) {
        if (!measured()) {
            return;
        }
        String session = settings.getOrDefault("session_timeout_ms", "?");
        md.append("## 7. The ZooKeeper backend (`dev.fslock.zookeeper.ZkLock`)\n\n");
        md.append("The same contention and recovery experiments, the worker processes using `ZkLock.acquire` and")
                .append(" `release` with one Curator session each (session timeout ").append(session).append(" ms), against")
                .append(" a real ZooKeeper ensemble on this machine: curator-test's `TestingServer` (1 server) and")
                .append(" `TestingCluster` (3 servers, a real quorum) in a JVM of their own (tick ")
                .append(settings.getOrDefault("tick_ms", "?")).append(" ms), started and stopped by the harness")
                .append(" (`bench/run --only zk`). fslock and FileChannel.lock come from the same results folder (§2, §4).")
                .append(" The servers keep their data in ").append(settings.getOrDefault("data_dir", "a temporary directory"))
                .append(", on the filesystem of the file locks: ZooKeeper syncs its transaction log to disk on every")
                .append(" write (the node an acquisition creates, the one a release deletes), so a ZooKeeper acquisition")
                .append(" costs round trips over loopback TCP, log syncs and, on three servers, a quorum; a holder killed with SIGKILL keeps its ephemeral node until the ensemble expires")
                .append(" its session, so recovery is bounded below by the session timeout, not by the lock.\n\n");
        md.append("| lock | uncontended µs per cycle (K = 1) | K = 8 acq/s, cs 0 µs | K = 8 acq/s, cs 100 µs |")
                .append(" handoff p50 / p99 µs, K = 8, cs 100 µs | Jain, K = 8, cs 100 µs | recovery p50 / p99 / max ms |")
                .append(" kills |\n|---|---|---|---|---|---|---|---|\n");
        for (String v : VARIANTS) {
            Map<String, String> k1 = contention.row(v, "1", "0");
            Map<String, String> k8 = contention.row(v, "8", "0");
            Map<String, String> k8cs = contention.row(v, "8", "100000");
            long[] rec = recovery.recoveryOf(v);
            if (k1 == null && rec.length == 0) {
                continue;
            }
            String recovery = rec.length == 0 ? "" : String.format(Locale.ROOT, "%s / %s / %s", f(pct(rec, 50) / 1000),
                    f(pct(rec, 99) / 1000), f(rec[rec.length - 1] / 1000.0));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d |\n", LABELS.get(v),
                    k1 == null ? "" : f(1e6 / num(k1, "throughput_per_s")), k8 == null ? "" : f(num(k8, "throughput_per_s")),
                    k8cs == null ? "" : f(num(k8cs, "throughput_per_s")),
                    k8cs == null ? "" : f(num(k8cs, "pass_p50_us")) + " / " + f(num(k8cs, "pass_p99_us")),
                    k8cs == null ? "" : String.format(Locale.ROOT, "%.3f", num(k8cs, "jain")), recovery, rec.length));
        }
        md.append("\nRecovery on ZooKeeper is set by the session timeout T (").append(session).append(" ms here;")
                .append(" Curator's default is 60 s): the ensemble expires a session T after it last heard from the")
                .append(" client, and an idle client pings every T/3, so a killed holder's lock passes on between 2T/3")
                .append(" and T plus a tick after the kill. A shorter timeout recovers sooner but also expires a paused")
                .append(" or partitioned holder sooner (docs/zookeeper.md).\n\n");
        md.append("### Contention, every K\n\n");
        contention.appendTables(md, "####", VARIANTS);
        md.append("### Recovery from a crashed holder\n\n");
        recovery.appendTable(md, VARIANTS);
    }
}
