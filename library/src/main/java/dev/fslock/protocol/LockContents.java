package dev.fslock.protocol;

import dev.fslock.NotALockException;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps;
import java.io.IOException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What is a lock and what is not: the one predicate that acquire, status, break and break --force
 * share, so that nothing fslock did not make is ever waited on forever, emptied or removed.
 *
 * <ul>
 *   <li>A name in the lock directory is an <b>owner entry</b> if it has fslock's entry shape
 *       ({@link OwnerId#hasEntryShape}):
 *       {@code o}, a format version in digits, {@code _}, anything ({@code o1_...} is this
 *       version's). An entry of that shape that does not parse (another version, a hand-made
 *       name) is an owner whose liveness cannot be judged: UNKNOWN, waited for, removed only by
 *       {@code fslock break --force}.</li>
 *   <li>Any other name ({@code notes.txt}, {@code .hidden}) is a <b>stranger</b>: fslock never
 *       puts such a file into a lock directory (its temp names live beside the lock, not in it), so
 *       a directory holding one is <b>not a lock</b>, whatever else it holds. Waiting for it to empty
 *       would wait forever; emptying it would destroy someone's files.</li>
 *   <li>An <b>empty directory</b> is a free lock only if the lock's fence ({@code NAME.fence}) is
 *       beside it: every lock directory fslock makes holds an entry when it appears, and can be left
 *       empty only by a release or a break, which come after the holder took a fencing token. An
 *       empty directory without a fence is somebody's directory (a {@code mkdir} at the lock path),
 *       which an acquisition would replace by rename: not a lock.</li>
 *   <li>A file, symbolic link or special file at the lock path is not a lock either (another
 *       tool's lock file, perhaps).</li>
 * </ul>
 */
public final class LockContents {
    /** How many strangers a message names before "and N more". */
    private static final int NAMED = 3;

    private LockContents() {}

    /** The names in a lock directory's listing that are not owner entries. */
    public static List<String> strangers(List<String> names) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            if (!OwnerId.hasEntryShape(name)) {
                found.add(name);
            }
        }
        return found;
    }

    /** What is at the lock path, as acquire, status and break judge it. */
    public record Verdict(FileKind kind, List<String> entries, List<String> strangers, boolean fenceBeside) {
        /** Nothing there, or a lock directory (free or held). */
        public boolean isLock() {
            return kind == FileKind.ABSENT || (kind == FileKind.DIRECTORY && strangers.isEmpty()
                    && (!entries.isEmpty() || fenceBeside));
        }

        /** For a lock path that is not a lock: what is there, in words ("regular file", "directory"...). */
        public String foreignKind() {
            return switch (kind) {
                case FILE -> "regular file";
                case SYMLINK -> "symbolic link";
                case OTHER -> "special file";
                case DIRECTORY -> strangers.isEmpty() ? "empty directory" : "directory";
                case ABSENT -> "nothing";
            };
        }
    }

    /** A class, not a lambda: every fslock run's start-up (docs/cli.md). */
    private static final Consumer<List<String>> IGNORE_LISTING = new Consumer<>() {
        @Override
        public void accept(List<String> entries) {}
    };

    /**
     * Looks at the lock path: {@code lstat}, and for a directory {@code readdir}, and for an empty
     * one the fence's {@code lstat}. Reads only.
     */
    public static Verdict examine(LockLayout layout, FileOps fs) throws IOException {
        return examine(layout, fs, IGNORE_LISTING);
    }

    /**
     * As {@link #examine(LockLayout, FileOps)}, telling {@code listed} the owner entries found
     * right after the call that found them, before any other call: nothing for an absent P, the
     * listing of a directory holding only owner entries (for a P that is not a lock, nothing is
     * told). {@code fslock break} reports it as its spec step BreakerReadLockDir.
     */
    public static Verdict examine(LockLayout layout, FileOps fs, Consumer<List<String>> listed) throws IOException {
        FileKind kind = fs.kind(layout.lock());
        if (kind != FileKind.DIRECTORY) {
            if (kind == FileKind.ABSENT) {
                listed.accept(List.of());
            }
            return new Verdict(kind, List.of(), List.of(), false);
        }
        List<String> names;
        try {
            names = fs.list(layout.lock());
        } catch (NotDirectoryException e) { // replaced meanwhile
            return examine(layout, fs, listed);
        }
        List<String> strangers = strangers(names);
        if (strangers.isEmpty()) {
            listed.accept(names);
        }
        List<String> entries = new ArrayList<>(names);
        entries.removeAll(strangers);
        boolean fence = names.isEmpty() && fs.kind(layout.fence()) != FileKind.ABSENT;
        return new Verdict(FileKind.DIRECTORY, List.copyOf(entries), List.copyOf(strangers), fence);
    }

    /** Throws {@link NotALockException} unless {@link #examine} finds a lock or nothing. */
    public static void requireLock(LockLayout layout, FileOps fs) throws IOException {
        Verdict verdict = examine(layout, fs);
        if (!verdict.isLock()) {
            throw notALock(layout, verdict);
        }
    }

    /** The error for a lock path that is not a lock, saying what is there and what to do. */
    public static NotALockException notALock(LockLayout layout, Verdict verdict) {
        String lock = layout.lock().toString();
        String what;
        String remedy;
        switch (verdict.kind()) {
            case DIRECTORY -> {
                if (verdict.strangers().isEmpty()) {
                    what = "it is an empty directory with no " + layout.fence().getFileName() + " beside it, so fslock"
                            + " did not make it (a lock fslock has used keeps its fence)";
                    remedy = "use another lock path, or if nobody needs that directory, remove it yourself: rmdir "
                            + Shell.quote(lock);
                } else {
                    what = "it is a directory holding files fslock did not make (" + named(verdict.strangers()) + ")";
                    remedy = "use another lock path (for a lock inside that directory, a name of its own such as "
                            + Shell.quote(lock + "/NAME.lock") + ")";
                }
            }
            default -> {
                what = "it is a " + verdict.foreignKind() + ", not an fslock lock directory (perhaps another tool's"
                        + " lock file)";
                remedy = "use another lock path, or if nothing uses it, remove it yourself: rm " + Shell.quote(lock);
            }
        }
        return new NotALockException(layout.lock(), what, remedy);
    }

    /** "a, b, c and 4 more". */
    public static String named(List<String> names) {
        List<String> first = names.subList(0, Math.min(NAMED, names.size()));
        String list = String.join(", ", first);
        return names.size() > NAMED ? list + " and " + (names.size() - NAMED) + " more" : list;
    }
}
