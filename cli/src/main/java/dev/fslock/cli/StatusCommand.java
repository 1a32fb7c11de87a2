package dev.fslock.cli;

import dev.fslock.FsLock;
import dev.fslock.Liveness;
import dev.fslock.LockStatus;
import dev.fslock.internal.Durations;
import dev.fslock.protocol.LockContents;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fslock status LOCK [--json]}: who holds the lock, whether they live, since when; what
 * lies beside it. Reads only. Its exit status answers "would an acquirer have to wait?" for
 * scripts: 0 busy, 1 not busy, 74 not a lock ({@link #exitStatus}).
 */
@Command(name = "status",
        description = {"Show whether LOCK is free or held, by whom, and whether they are alive.",
            "Also: since when, labels, the last fencing token, leftovers of crashed acquisitions.",
            "Changes nothing. JSON schema: docs/cli.md.",
            "The exit status says whether an acquirer would have to wait: 'if fslock status LOCK >/dev/null'"
                    + " is true while the lock is busy."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:busy: held by an owner that is ALIVE or UNKNOWN (an acquirer would wait)",
            "1:not busy: free, or held only by DEAD owners (the next acquirer removes them)",
            "64:usage error",
            "74:LOCK is not a lock (the report says what is there), or an I/O error",
            "77:permission denied"})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print JSON (schema in docs/cli.md).")
    boolean json;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock path, or zk://HOST:PORT[,HOST:PORT...]/PATH.")
    String lockName;

    @Override
    public Integer call() throws IOException {
        main.logTo(new Stderr(spec.commandLine().getErr()), false);
        PrintWriter out = spec.commandLine().getOut();
        if (ZkLockName.isZk(lockName)) {
            return ZkBackend.status(ZkLockName.parse(lockName), json, out);
        }
        LockStatus status = inOrderOfArrival(FsLock.open(Path.of(lockName), main.options()).status());
        out.println(json ? json(status) : text(status));
        return exitStatus(status);
    }

    /** Exit status 0 (true) while an acquirer would have to wait. */
    static final int BUSY = 0;
    /** Exit status 1 (false) while an acquirer would get the lock at once. */
    static final int NOT_BUSY = 1;

    /** The exit status for scripts: {@link #BUSY}, {@link #NOT_BUSY}, or 74 for something that is not a lock. */
    static int exitStatus(LockStatus status) {
        return busy(status).map(b -> b ? BUSY : NOT_BUSY).orElse(ExitCodes.IO_ERROR);
    }

    /**
     * Whether an acquirer would have to wait: some holder is ALIVE or UNKNOWN (DEAD ones it would
     * remove first). Empty for something that is not a lock, which no acquirer can take.
     */
    static Optional<Boolean> busy(LockStatus status) {
        if (status.state() == LockStatus.State.FOREIGN) {
            return Optional.empty();
        }
        return Optional.of(status.holders().stream().anyMatch(h -> h.liveness() != Liveness.DEAD));
    }

    /** Holders oldest first (the directory lists them in any order): fslock run's process, then its command. */
    static LockStatus inOrderOfArrival(LockStatus s) {
        List<LockStatus.Holder> holders = s.holders().stream()
                .sorted(Comparator.comparing((LockStatus.Holder h) -> h.since().orElse(Instant.MAX))).toList();
        return new LockStatus(s.lock(), s.state(), s.foreignKind(), holders, s.foreignNames(), s.leftovers(), s.lastToken(),
                s.observedAt());
    }

    static String text(LockStatus status) {
        Instant now = status.observedAt();
        StringBuilder s = new StringBuilder("lock ").append(status.lock()).append(": ");
        switch (status.state()) {
            case FREE -> s.append("free");
            case HELD -> s.append("held");
            case FOREIGN -> s.append("not a lock");
        }
        s.append(status.lastToken() >= 0 ? ", last fencing token " + status.lastToken() : ", fence file corrupt");
        if (status.state() == LockStatus.State.FOREIGN) {
            s.append(": ").append(notALock(status));
        }
        for (LockStatus.Holder h : status.holders()) {
            s.append("\n  ");
            if (h.process().isPresent()) {
                LockStatus.OwnerProcess p = h.process().get();
                s.append("holder pid ").append(p.pid()).append(" on ").append(p.host()).append(": ").append(h.liveness());
            } else {
                s.append("owner entry this fslock cannot read (never broken automatically): UNKNOWN");
            }
            h.heldFor(now).ifPresent(d -> s.append(", held for ").append(Durations.human(d)));
            if (!h.label().isEmpty()) {
                s.append(", label \"").append(h.label()).append('"');
            }
            command(h).ifPresent(c -> s.append("\n      command: ").append(c));
            s.append("\n      entry:   ").append(h.entryName());
        }
        if (status.holders().stream().anyMatch(h -> h.liveness() != Liveness.ALIVE)) {
            s.append("\n  (DEAD owners are removed by the next acquirer or by fslock break; UNKNOWN ones only by"
                    + " fslock break --force)");
        }
        if (!status.leftovers().isEmpty()) {
            s.append("\nleftovers beside it (temp files of acquisitions in progress or of crashed processes):");
            for (LockStatus.Leftover l : status.leftovers()) {
                s.append("\n  ").append(l.fileName()).append(": pid ").append(l.process().pid()).append(" on ")
                        .append(l.process().host()).append(", ").append(l.liveness());
            }
        }
        return s.toString();
    }

    /** What is at a lock path that is not a lock, and that fslock leaves it alone. */
    static String notALock(LockStatus status) {
        return switch (status.foreignKind()) {
            case "directory" -> "a directory holding files fslock did not make (" + LockContents.named(status.foreignNames())
                    + "); fslock never removes them: use another lock path";
            case "empty directory" -> "an empty directory with no " + status.lock().getFileName() + ".fence beside it,"
                    + " which fslock did not make; fslock never removes it: use another lock path, or remove it yourself";
            default -> "a " + status.foreignKind() + " fslock did not make is in its place; fslock never removes it: use"
                    + " another lock path, or remove it yourself if nothing uses it";
        };
    }

    /**
     * The command line of a holder: the one its entry records, or else, for a live process of this
     * host (a co-owner entry records nothing), the one the system reports.
     */
    static Optional<String> command(LockStatus.Holder h) {
        if (!h.command().isEmpty()) {
            return Optional.of(h.command());
        }
        if (h.liveness() != Liveness.ALIVE || h.process().isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(h.process().get().pid()).flatMap(p -> p.info().commandLine());
    }

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * ISO-8601 UTC with milliseconds, always: {@code Instant.toString} drops zero fractions and
     * gives a file's nanoseconds, so one document mixed three precisions.
     */
    static String timestamp(Instant instant) {
        return MILLIS.format(instant);
    }

    static String json(LockStatus status) {
        Instant now = status.observedAt();
        Json j = new Json().beginObject()
                .name("lock").value(status.lock().toString())
                .name("state").value(status.state().name().toLowerCase(Locale.ROOT))
                .name("foreignKind").value(status.state() == LockStatus.State.FOREIGN ? status.foreignKind() : null)
                .name("lastFencingToken").value(status.lastToken())
                .name("observedAt").value(timestamp(now));
        j.name("holders").beginArray();
        for (LockStatus.Holder h : status.holders()) {
            if (h.process().isEmpty()) {
                continue;
            }
            LockStatus.OwnerProcess p = h.process().get();
            j.beginObject()
                    .name("entry").value(h.entryName())
                    .name("pid").value(p.pid())
                    .name("host").value(p.host())
                    .name("bootId").value(p.bootId())
                    .name("pidNamespace").value(p.pidNamespace())
                    .name("startTime").value(p.startTime())
                    .name("liveness").value(h.liveness().name().toLowerCase(Locale.ROOT))
                    .name("label").value(h.label())
                    .name("since").value(h.since().map(StatusCommand::timestamp).orElse(null));
            Optional<Duration> heldFor = h.heldFor(now);
            if (heldFor.isPresent()) {
                j.name("heldForMillis").value(heldFor.get().toMillis());
            } else {
                j.name("heldForMillis").nullValue();
            }
            j.name("command").value(command(h).orElse(null)).endObject();
        }
        j.endArray();
        j.name("foreignEntries").beginArray();
        for (LockStatus.Holder h : status.holders()) {
            if (h.process().isEmpty()) {
                j.beginObject().name("entry").value(h.entryName())
                        .name("since").value(h.since().map(StatusCommand::timestamp).orElse(null))
                        .name("ownerEntry").value(true).endObject();
            }
        }
        for (String name : status.foreignNames()) {
            j.beginObject().name("entry").value(name).name("since").nullValue().name("ownerEntry").value(false).endObject();
        }
        j.endArray();
        j.name("leftovers").beginArray();
        for (LockStatus.Leftover l : status.leftovers()) {
            j.beginObject().name("file").value(l.fileName())
                    .name("pid").value(l.process().pid())
                    .name("host").value(l.process().host())
                    .name("liveness").value(l.liveness().name().toLowerCase(Locale.ROOT)).endObject();
        }
        j.endArray();
        j.name("busy");
        Optional<Boolean> busy = busy(status);
        if (busy.isPresent()) {
            j.value(busy.get());
        } else {
            j.nullValue();
        }
        return j.endObject().toString();
    }
}
