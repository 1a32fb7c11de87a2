package dev.fslock.sim;

import dev.fslock.spec.Tlc;
import dev.fslock.spec.TlcOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs TLC ({@link Tlc}) on a generated trace module ({@link SpecTrace#toModule}) and says
 * whether the spec accepts the trace; the spec is a copy of spec/FsLock.tla beside the module.
 *
 * <p>Accepted means: exit code 12 (a safety violation) with exactly the invariant {@code
 * TraceNotFinished} violated, i.e. a state that matched every event was reached. Rejected means:
 * exit code 0 and "No error has been found" (the log could not be consumed; the search depth says
 * where it stopped), or another invariant of the spec violated. Anything else (parse errors, a
 * crash of TLC, a missing jar) is an error, never an acceptance.
 */
public final class TraceCheck {

    /** The verdict on one trace. */
    public record Verdict(Outcome outcome, String detail, int distinctStates, long millis, Path dir, String output) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    public enum Outcome { ACCEPTED, REJECTED, ERROR }

    private static final int PARSE_ERROR = 150;
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    private TraceCheck() {}

    /** Writes {@code trace} as module {@code name} into {@code dir} (with a copy of FsLock.tla) and runs TLC. */
    public static Verdict validate(SpecTrace trace, String name, String comment, Path dir) {
        return check(name, trace.toModule(name, comment), trace.toConfig(), dir);
    }

    /** Runs TLC on a module text and its config: also used to prove that a broken module is an error. */
    public static Verdict check(String name, String module, String config, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.copy(Tlc.specDir().resolve("FsLock.tla"), dir.resolve("FsLock.tla"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".tla"), module);
            Files.writeString(dir.resolve(name + ".cfg"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = Tlc.tlcCommand(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-workers", "1", "-cleanup", "-nowarning",
                "-metadir", dir.resolve("states").toString(),
                "-config", name + ".cfg", name));
        Tlc.Run run;
        try {
            run = Tlc.execute(command, dir, dir.resolve(name + ".out"), TIMEOUT, "");
        } catch (IllegalStateException e) {
            return new Verdict(Outcome.ERROR, e.getMessage(), 0, 0, dir, "");
        }
        return judge(run.output().exitCode(), run.output().text(), run.wallTime().toMillis(), dir);
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
}
