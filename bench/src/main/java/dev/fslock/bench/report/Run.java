package dev.fslock.bench.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One results folder of bench/run read whole: bench/target/results (the quiet run) or
 * bench/target/results-load (the run with CPU hogs on every core, {@code bench/run --load}).
 */
record Run(Results results, JmhSection jmh, ContentionSection contention, RecoverySection recovery, CliSection cli) {
    static Run of(Path out) throws IOException {
        Results r = new Results(out);
        return new Run(r, new JmhSection(r), new ContentionSection(r), new RecoverySection(r), new CliSection(r));
    }
}
