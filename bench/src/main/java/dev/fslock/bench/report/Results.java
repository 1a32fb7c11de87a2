package dev.fslock.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the report's sections share: the raw results bench/run left in OUT, the readers of their
 * formats (TSV with a header, "key: value" lines, one number a line), the variants' labels, and
 * how numbers are shown.
 */
final class Results {
    static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("fslock", "fslock");
        LABELS.put("kernel", "FileChannel.lock");
        LABELS.put("seed", "seed port (Java)");
        LABELS.put("py-filelock", "Python FileLock");
        LABELS.put("py-softfilelock", "Python SoftFileLock");
        LABELS.put("proper-lockfile", "proper-lockfile");
        LABELS.put("zk1", "ZkLock, 1 ZooKeeper server");
        LABELS.put("zk3", "ZkLock, 3 ZooKeeper servers");
    }

    final Path out;
    /** machine.txt: the machine and the run, "key: value" lines. */
    final Map<String, String> machine;

    Results(Path out) throws IOException {
        this.out = out;
        this.machine = readKeyValues(out.resolve("machine.txt"));
    }

    Path file(String name) {
        return out.resolve(name);
    }

    static String runtime(String v) {
        return v.startsWith("py-") ? "Python 3 (Debian)" : v.equals("proper-lockfile") ? "Node.js" : "JVM";
    }

    static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String csLabel(String csNanos) {
        return Long.parseLong(csNanos) / 1000 + " µs";
    }

    static double num(Map<String, String> row, String key) {
        String v = row.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "" : String.format(Locale.ROOT, "%.1fx", a / b);
    }

    static String f(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        if (d >= 100) {
            return String.format(Locale.ROOT, "%.0f", d);
        }
        if (d >= 10) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static List<Map<String, String>> readTsv(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split("\t");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < f.length; i++) {
                row.put(header[i], f[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    static Map<String, String> readKeyValues(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    m.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        }
        return m;
    }

    static long[] readLongs(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(s -> !s.isBlank()).mapToLong(Long::parseLong).toArray();
    }
}
