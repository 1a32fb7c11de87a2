package dev.fslock.sim;

import dev.fslock.spec.TlcOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

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

    private static final int PARSE_ERROR = 150;
    private static final long TIMEOUT_SECONDS = 300;

    private Tlc() {}

    /** The TLC jar: the one the spec models run with. */
    public static Path jar() {
        return dev.fslock.spec.Tlc.jar();
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
        TlcOutput tlc = new TlcOutput(exit, output);
        int distinct = (int) tlc.distinctStates().orElse(0);
        List<String> violated = tlc.violatedInvariants();
        if (exit == PARSE_ERROR) {
            return new Verdict(Outcome.ERROR, "TLC could not parse the trace spec (exit " + tlc.exitMeaning() + ")",
                    distinct, millis, dir, output);
        }
        if (exit == TlcOutput.VIOLATION_SAFETY && violated.equals(List.of("TraceNotFinished"))) {
            return new Verdict(Outcome.ACCEPTED, "all events matched", distinct, millis, dir, output);
        }
        if (exit == TlcOutput.VIOLATION_SAFETY && violated.size() == 1) {
            return new Verdict(Outcome.REJECTED, "the run violates the spec's invariant " + violated.get(0),
                    distinct, millis, dir, output);
        }
        if (exit == TlcOutput.SUCCESS && tlc.noErrorFound()) {
            OptionalInt depth = tlc.depth();
            return new Verdict(Outcome.REJECTED, depth.isPresent() ? "no behavior of the spec matches event "
                    + depth.getAsInt() + " (events 1.." + (depth.getAsInt() - 1) + " matched)" : "the log was not consumed",
                    distinct, millis, dir, output);
        }
        return new Verdict(Outcome.ERROR, "unexpected TLC result: exit " + tlc.exitMeaning() + ", violated " + violated,
                distinct, millis, dir, output);
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
