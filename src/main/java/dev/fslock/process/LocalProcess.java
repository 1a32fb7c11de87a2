package dev.fslock.process;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads this process's identity once, from /proc where it exists and ProcessHandle elsewhere. */
final class LocalProcess {
    private static final Path PROC = Path.of("/proc");
    private static final Pattern NAMESPACE_LINK = Pattern.compile("pid:\\[([0-9]+)]");
    private static volatile ProcessIdentity identity;

    private LocalProcess() {}

    static ProcessIdentity identity() {
        ProcessIdentity id = identity;
        if (id == null) {
            id = detect();
            identity = id;
        }
        return id;
    }

    static boolean hasProc() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    private static ProcessIdentity detect() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessIdentity(hostName(), bootId(), pidNamespace(), self.pid(), startTime(self));
    }

    private static String hostName() {
        Optional<String> uts = readTrimmed(PROC.resolve("sys/kernel/hostname"));
        if (uts.isPresent() && !uts.get().isEmpty()) {
            return uts.get();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String bootId() {
        return readTrimmed(PROC.resolve("sys/kernel/random/boot_id"))
                .map(s -> s.replace("-", "").toLowerCase(Locale.ROOT))
                .filter(s -> s.matches("[0-9a-f]{32}"))
                .orElse(ProcessIdentity.UNKNOWN_FIELD);
    }

    private static String pidNamespace() {
        try {
            Matcher m = NAMESPACE_LINK.matcher(Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString());
            return m.matches() ? m.group(1) : ProcessIdentity.UNKNOWN_FIELD;
        } catch (IOException | UnsupportedOperationException e) {
            return ProcessIdentity.UNKNOWN_FIELD;
        }
    }

    /**
     * The identity of another process of this host, boot and PID namespace, with its start time in
     * the form this host's probe compares ({@code k} with /proc, {@code m} without); empty if it is
     * gone or its start time cannot be read.
     */
    static Optional<ProcessIdentity> other(long pid) {
        ProcessIdentity self = identity();
        Optional<String> start;
        if (self.startTime().startsWith("k")) {
            start = readTrimmed(PROC.resolve(pid + "/stat")).flatMap(ProcStat::parse)
                    .filter(stat -> !stat.exited()).map(ProcStat::startTime);
        } else {
            start = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(h -> h.info().startInstant()).map(i -> "m" + i.toEpochMilli());
        }
        return start.map(s -> new ProcessIdentity(self.host(), self.bootId(), self.pidNamespace(), pid, s));
    }

    private static String startTime(ProcessHandle self) {
        Optional<ProcStat> stat = readTrimmed(PROC.resolve("self/stat")).flatMap(ProcStat::parse);
        if (stat.isPresent()) {
            return stat.get().startTime();
        }
        // Without a start time, pid reuse cannot be told apart: "m0" makes every probe of a live
        // pid answer ALIVE, which can only keep a lock held too long, never break a live one.
        return self.info().startInstant().map(i -> "m" + i.toEpochMilli()).orElse("m0");
    }

    static Optional<String> readTrimmed(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
