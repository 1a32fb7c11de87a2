package dev.fslock.bench.proc;

import static dev.fslock.bench.proc.Bench.fmt;
import static dev.fslock.bench.proc.Bench.progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line tools' start-up: flock(1) against {@code fslock run}, uncontended runs
 * alternating (with a bare JVM start, {@code java -version} with the launcher's JVM flags, and
 * {@code true} alone, for scale), then concurrent loops of each tool. Writes cli.tsv.
 */
final class CliExperiment {
    private final Bench bench;

    CliExperiment(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        String fslock = Bench.env("FSLOCK_CLI", "./fslock");
        Path dir = bench.fresh("cli");
        Path flockLock = dir.resolve("flock.lock");
        Path fslockLock = dir.resolve("fslock.lock");
        List<String> flockCmd = List.of("flock", flockLock.toString(), "true");
        List<String> fslockCmd = List.of(fslock, "run", fslockLock.toString(), "--", "true");
        // A bare JVM start with the flags the fslock launcher gives its JVM: the yardstick of fslock run's overhead.
        List<String> jvmCmd = List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-version");
        List<String> trueCmd = List.of("true");
        int n = bench.quick ? 3 : 10;
        progress("cli: %d uncontended runs each of flock(1), fslock run, a bare JVM (java -version) and true, alternating", n);
        runCommand(fslockCmd); // builds the CLI jar if needed, fills the page cache
        runCommand(jvmCmd);
        long flockTotal = 0;
        long fslockTotal = 0;
        long jvmTotal = 0;
        long trueTotal = 0;
        for (int i = 0; i < n; i++) {
            flockTotal += runCommand(flockCmd);
            fslockTotal += runCommand(fslockCmd);
            jvmTotal += runCommand(jvmCmd);
            trueTotal += runCommand(trueCmd);
        }
        int k = 4;
        int m = bench.quick ? 2 : 4;
        progress("cli: %d concurrent loops of %d runs each, flock(1) then fslock run", k, m);
        long flockContended = contendedRuns(flockCmd, k, m);
        long fslockContended = contendedRuns(fslockCmd, k, m);
        String tsv = "tool\tuncontended_ms\tcontended_runs_per_s\n"
                + "flock(1)\t" + fmt(flockTotal / 1e6 / n) + "\t" + fmt(k * m / (flockContended / 1e9)) + "\n"
                + "fslock run\t" + fmt(fslockTotal / 1e6 / n) + "\t" + fmt(k * m / (fslockContended / 1e9)) + "\n"
                + "bare JVM start\t" + fmt(jvmTotal / 1e6 / n) + "\tNaN\n"
                + "true\t" + fmt(trueTotal / 1e6 / n) + "\tNaN\n";
        Files.writeString(bench.out.resolve("cli.tsv"), tsv);
        progress("%s", tsv.strip());
    }

    private long runCommand(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int status = p.waitFor();
        long t = System.nanoTime() - t0;
        if (status != 0) {
            throw new IllegalStateException(cmd + " exited " + status);
        }
        return t;
    }

    private long contendedRuns(List<String> cmd, int k, int m) throws Exception {
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < k; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int j = 0; j < m; j++) {
                        runCommand(cmd);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return System.nanoTime() - t0;
    }
}
