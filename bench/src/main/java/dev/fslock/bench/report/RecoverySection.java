package dev.fslock.bench.report;

import static dev.fslock.bench.report.Results.LABELS;
import static dev.fslock.bench.report.Results.f;
import static dev.fslock.bench.report.Results.pct;
import static dev.fslock.bench.report.Results.readTsv;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The recovery experiment (recovery.tsv): how soon another process holds the lock after its holder's SIGKILL. */
final class RecoverySection {
    private final List<Map<String, String>> rows;

    RecoverySection(Results results) throws IOException {
        this(results, "recovery.tsv");
    }

    /** The kills of the summaries {@code files} (recovery.tsv, zkN-recovery.tsv) together. */
    RecoverySection(Results results, String... files) throws IOException {
        List<Map<String, String>> all = new ArrayList<>();
        for (String file : files) {
            all.addAll(readTsv(results.file(file)));
        }
        this.rows = all;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void append(StringBuilder md) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## 4. Recovery from a crashed holder\n\n");
        explain(md);
        appendTable(md, List.copyOf(LABELS.keySet()));
    }

    static void explain(StringBuilder md) {
        md.append("Four processes of one kind contend; the harness waits until one holds the lock and the three others have")
                .append(" been waiting for at least a second (past start-up and warm-up: no replacement's warm-up runs beside")
                .append(" a kill), waits 0-50 ms more at random, notes the time and sends SIGKILL")
                .append(" to the holder. The next holder notes when it acquired. Recovery = acquired - killed, on the")
                .append(" monotonic clock; a replacement process keeps the pool at four. JVM workers run here with a young")
                .append(" generation of 8 MB (`-Xmn8m`): Linux frees a killed process's locks only after tearing its memory")
                .append(" down (about 0.07 ms per MB here, `bench/workers/kill_release.py`), and a bigger young generation")
                .append(" made the victim's size depend on how much its variant's warm-up allocated (an fslock worker's eden:")
                .append(" 42 MB touched, 87 MB resident against FileChannel.lock's 43 MB), not on its lock.\n\n");
    }

    void appendTable(StringBuilder md, List<String> variants) {
        md.append("| lock | kills | recovered | two holders seen | p50 ms | p99 ms | max ms | how it notices |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        Map<String, String> how = Map.of(
                "fslock", "the queue head's shared kernel lock on the holder's entry, granted when it dies, then /proc; the 20 ms probe timer as a fallback",
                "kernel", "the kernel drops the lock when the process dies",
                "seed", "waiter reads the pid in the file, kill(pid, 0) equivalent (/proc), unlinks",
                "py-filelock", "flock(2): the kernel drops it; waiters poll every 50 ms (filelock's default)",
                "py-softfilelock", "never: a lock file without stale handling stays until removed by hand",
                "proper-lockfile", "mtime older than `stale` (2 s here, the minimum; 10 s by default)",
                "zk1", "the server expires the dead client's session (session timeout), deleting its ephemeral node",
                "zk3", "the leader expires the dead client's session (session timeout), deleting its ephemeral node");
        for (String v : variants) {
            List<Map<String, String>> rs = rows.stream().filter(r -> r.get("variant").equals(v)).toList();
            if (rs.isEmpty()) {
                continue;
            }
            long[] ok = recoveryOf(v);
            long twoHolders = rs.stream().filter(r -> r.get("recovery_us").startsWith("-")).count();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s |\n", LABELS.get(v), rs.size(),
                    ok.length, twoHolders, ok.length == 0 ? "never" : f(pct(ok, 50) / 1000), ok.length == 0 ? "" : f(pct(ok, 99) / 1000),
                    ok.length == 0 ? "" : f(ok[ok.length - 1] / 1000.0), how.getOrDefault(v, "")));
        }
        md.append("\n");
    }

    long[] recoveryOf(String v) {
        return rows.stream().filter(r -> r.get("variant").equals(v))
                .filter(r -> !r.get("recovery_us").equals("NaN")).mapToLong(r -> Long.parseLong(r.get("recovery_us")))
                .filter(us -> us >= 0) // negative: another process held the lock before the kill (two holders)
                .sorted().toArray();
    }
}
