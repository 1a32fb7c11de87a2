package dev.fslock.bench.proc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The multi-process benchmark: real processes contending for one lock ({@link
 * ContentionExperiment}), crashed holders ({@link RecoveryExperiment}), and the command-line tools
 * ({@link CliExperiment}), the ZooKeeper backend under the first two ({@link ZkExperiment}); what they share is in {@link Bench}. Writes raw data and summaries (TSV)
 * to OUT; {@code dev.fslock.bench.report.Report} turns them into docs/benchmarks.md.
 *
 * <pre>
 * Harness OUT LOCK_BASE_DIR [--quick] [--variants a,b,...] [--phases contention,recovery,zk,cli]
 * </pre>
 */
public final class Harness {
    private Harness() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path base = Path.of(args[1]);
        boolean quick = false;
        List<String> only = List.of();
        List<String> phases = List.of("contention", "recovery", "cli");
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--variants" -> only = Arrays.asList(args[++i].split(","));
                case "--phases" -> phases = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(out);
        Files.createDirectories(base);
        Bench bench = new Bench(out, base, quick, only);
        if (phases.contains("contention")) {
            new ContentionExperiment(bench).run();
        }
        if (phases.contains("recovery")) {
            new RecoveryExperiment(bench).run();
        }
        if (phases.contains("zk")) {
            new ZkExperiment(bench).run();
        }
        if (phases.contains("cli")) {
            new CliExperiment(bench).run();
        }
    }
}
