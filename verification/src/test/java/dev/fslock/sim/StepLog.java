package dev.fslock.sim;

import dev.fslock.protocol.LockLayout;
import dev.fslock.protocol.OwnerId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The step list of a run, for people: each line numbered with the scheduler's step, paths,
 * owners and file contents named after the processes ({@code P}, {@code P/p2#1}, {@code
 * T[p2#1]}, {@code F[p2#1]}, {@code "p2#1"}...).
 */
final class StepLog {
    private final List<String> lines = new ArrayList<>();
    private final ProcessTable procs;
    private final LockLayout layout;
    private int stepNo;

    StepLog(ProcessTable procs, LockLayout layout) {
        this.procs = procs;
        this.layout = layout;
    }

    /** The scheduler starts a step. */
    void nextStep() {
        stepNo++;
    }

    /** Scheduler steps taken so far. */
    int steps() {
        return stepNo;
    }

    void log(String line) {
        lines.add(String.format("%5d  %s", stepNo, line));
    }

    /** A line without a step number (the violation, at the end). */
    void note(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** A short name for a path: P, P/p2#1, T[p2#1], T[p2#1]/p2#1, P.fence, F[p2#1], P.stale-p2... */
    String label(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path lock = SimWorld.LOCK;
        Path dir = SimWorld.DIR;
        if (p.equals(lock)) {
            return "P";
        }
        if (p.equals(dir)) {
            return "dir";
        }
        if (p.equals(layout.fence())) {
            return "P.fence";
        }
        if (p.getParent().equals(lock)) {
            return "P/" + owner(p.getFileName().toString());
        }
        if (p.getParent().equals(dir)) {
            String name = p.getFileName().toString();
            Optional<LockLayout.Leftover> left = layout.leftover(name);
            if (left.isPresent()) {
                return (left.get().isTempDir() ? "T[" : "F[") + owner(left.get().owner().entryName()) + "]";
            }
            String stale = lock.getFileName() + ".stale-";
            if (name.startsWith(stale)) {
                String pid = name.substring(stale.length()).split("-")[0];
                return "P.stale(" + procs.nameOfPid(pid) + ")";
            }
            return name;
        }
        if (p.getParent().getParent().equals(dir)) {
            return label(p.getParent()) + "/" + owner(p.getFileName().toString());
        }
        return p.toString();
    }

    /** p2#1 for the first owner of process p2. */
    String owner(String entryName) {
        Optional<OwnerId> o = OwnerId.parse(entryName);
        if (o.isEmpty()) {
            return entryName;
        }
        return procs.byIdentity(o.get().process()).map(q -> q.name).orElse("?") + "#" + o.get().nonce();
    }

    /** A file's content: a number, an owner ("p2#1"), empty, absent, or its size. */
    String content(Optional<byte[]> bytes) {
        if (bytes.isEmpty()) {
            return "absent";
        }
        String text = new String(bytes.get(), StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return "empty";
        }
        String first = text.split("\n")[0];
        if (first.matches("[0-9]+")) {
            return first;
        }
        return OwnerId.parse(first).isPresent() ? "\"" + owner(first) + "\"" : bytes.get().length + " bytes";
    }
}
