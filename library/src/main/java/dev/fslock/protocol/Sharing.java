package dev.fslock.protocol;

import dev.fslock.LockNotShareableException;
import dev.fslock.fs.Errors;
import dev.fslock.fs.FileKind;
import dev.fslock.fs.FileOps.Ownership;
import dev.fslock.fs.FileOps;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Several users, one lock: what permissions and sticky directories allow, and what fslock says
 * when they refuse (docs/protocol.md, "Several users, one lock").
 *
 * <p>Any user who may write the lock's directory can take the lock. Recovering from another
 * user's dead holder also needs write permission on the lock directory itself, which belongs to
 * whoever made it: hence {@code FsLockOptions.withPermissions}. In a <b>sticky</b> directory (/tmp,
 * /var/tmp) only a file's owner (or the directory's owner, or root) may rename or remove it, so the
 * fence {@code NAME.fence} of one user can never be replaced by another's next token, and an empty
 * lock directory left by one user can be neither replaced nor removed by another: there, one user
 * works, several cannot. fslock says so at once, in one line, with the directory layout that
 * works: a group-writable directory without the sticky bit.
 */
public final class Sharing {
    /** The layout that works for several users, as a command to paste. */
    public static final String SHARED_DIRECTORY = "install -d -m 2775 -g GROUP DIR";
    /** The option that makes what fslock creates writable for the group, in both spellings. */
    public static final String MODE_OPTION = "--mode 660 (FsLockOptions.withPermissions)";

    private Sharing() {}

    /**
     * Before an {@code FsLock}'s first acquisition: in a sticky directory, a fence that belongs to
     * another user can never be replaced by this one, so every acquisition would fail after taking
     * the lock. Refused at once, before anything is created.
     */
    public static void requireTakeable(LockLayout layout, FileOps fs) throws IOException {
        Optional<Ownership> dir = fs.ownership(layout.parent());
        if (dir.isEmpty() || !dir.get().isSticky()) {
            return;
        }
        OptionalInt me = fs.accessUid();
        if (me.isEmpty() || exempt(me.getAsInt(), dir.get())) {
            return;
        }
        Optional<Ownership> fence = fs.ownership(layout.fence());
        if (fence.isPresent() && fence.get().uid() != me.getAsInt()) {
            throw stuck(layout, dir.get(), me.getAsInt(), layout.fence().getFileName() + " (the lock's fencing token)"
                    + " belongs to " + owner(fs, layout.fence(), fence.get()), "");
        }
    }

    /**
     * Is {@code e}, from {@code rename(T, P)}, a refusal because P is occupied by something this
     * user may not replace (EACCES, or EPERM in a sticky directory)? Then it means "held", like
     * ENOTEMPTY, and the caller looks at the holders; otherwise it is an error.
     */
    public static boolean isOccupiedRefusal(IOException e, LockLayout layout, FileOps fs) throws IOException {
        return Errors.isPermissionRefusal(e) && fs.kind(layout.lock()) != FileKind.ABSENT;
    }

    /**
     * For an empty lock directory that a rename could not replace: in a sticky directory, if it
     * belongs to another user, only that user (or root) can ever replace or remove it. Then the
     * error to throw, unless that user's release is just finishing (the caller decides by waiting).
     */
    public static Optional<LockNotShareableException> emptyAndUnreplaceable(LockLayout layout, FileOps fs)
            throws IOException {
        Optional<Ownership> dir = fs.ownership(layout.parent());
        if (dir.isEmpty() || !dir.get().isSticky()) {
            return Optional.empty();
        }
        OptionalInt me = fs.accessUid();
        if (me.isEmpty() || exempt(me.getAsInt(), dir.get())) {
            return Optional.empty();
        }
        Optional<Ownership> lock = fs.ownership(layout.lock());
        if (lock.isEmpty() || lock.get().uid() == me.getAsInt()) {
            return Optional.empty();
        }
        return Optional.of(stuck(layout, dir.get(), me.getAsInt(), "the empty lock directory " + layout.lock()
                .getFileName() + " belongs to " + owner(fs, layout.lock(), lock.get()), "; remove it as that user or root (rmdir "
                + Shell.quote(layout.lock().toString()) + ")"));
    }

    /** {@code alice (uid 1001)}, or {@code uid 1001} if the user has no name. */
    private static String owner(FileOps fs, Path path, Ownership o) {
        return fs.ownerName(path).map(name -> name + " (uid " + o.uid() + ")").orElse("uid " + o.uid());
    }

    /** Root, and the owner of a sticky directory, may rename and remove anything in it. */
    private static boolean exempt(int uid, Ownership stickyDirectory) {
        return uid == 0 || uid == stickyDirectory.uid();
    }

    private static LockNotShareableException stuck(LockLayout layout, Ownership dir, int me, String whose, String now) {
        return new LockNotShareableException(layout.lock(), "lock " + layout.lock() + " cannot be taken by uid " + me
                + ": " + layout.parent() + " is a sticky directory (mode " + dir.octal() + "), where only a file's owner"
                + " may replace or remove it, and " + whose + now + ". Several users cannot share a lock in a sticky"
                + " directory: use one their group may write, without the sticky bit, made once with: "
                + SHARED_DIRECTORY + "; and create the lock with " + MODE_OPTION + ".");
    }

    /**
     * A permission refusal explained: which system call on which file, whose directory with what
     * mode, which user this process runs as, and the fix. Other errors come back unchanged.
     */
    public static IOException explain(IOException e, LockLayout layout, FileOps fs) {
        try {
            if (Errors.isEperm(e)) {
                FileSystemException f = (FileSystemException) e;
                Optional<Ownership> dir = fs.ownership(layout.parent());
                OptionalInt me = fs.accessUid();
                if (dir.isPresent() && dir.get().isSticky() && me.isPresent() && !exempt(me.getAsInt(), dir.get())) {
                    Path file = Path.of(f.getOtherFile() != null ? f.getOtherFile() : f.getFile());
                    Optional<Ownership> of = fs.ownership(file);
                    String whose = file.getFileName() + " belongs to "
                            + (of.isPresent() ? owner(fs, file, of.get()) : "another user");
                    return withCause(stuck(layout, dir.get(), me.getAsInt(), whose, ""), e);
                }
                return e;
            }
            if (e instanceof AccessDeniedException a && a.getReason() != null && a.getFile() != null) {
                return withCause(new AccessDeniedException(a.getFile(), a.getOtherFile(), denied(a, layout, fs)), e);
            }
        } catch (IOException | RuntimeException unexplained) {
            e.addSuppressed(unexplained);
        }
        return e;
    }

    private static String denied(AccessDeniedException a, LockLayout layout, FileOps fs) throws IOException {
        String call = a.getReason();
        Path file = Path.of(a.getFile());
        boolean reads = call.equals("readdir") || call.equals("read");
        // readdir needs read permission on the directory itself; every other call, write (or search)
        // permission on the directory holding the file.
        Path dir = call.equals("readdir") ? file : file.getParent() == null ? file : file.getParent();
        String needs = reads ? "read" : call.equals("lstat") || call.equals("readlink") || call.equals("realpath")
                ? "search" : "write and search";
        StringBuilder s = new StringBuilder("lock ").append(layout.lock()).append(": permission denied: ").append(call)
                .append(' ').append(file);
        if (a.getOtherFile() != null) {
            s.append(" -> ").append(a.getOtherFile());
        }
        s.append(" needs ").append(needs).append(" permission on ").append(dir);
        Optional<Ownership> owner = fs.ownership(dir);
        OptionalInt me = fs.accessUid();
        owner.ifPresent(o -> s.append(", which is mode ").append(o.octal()).append(", owner ").append(owner(fs, dir, o)));
        me.ifPresent(uid -> s.append("; this process runs as uid ").append(uid));
        s.append(". ");
        if (dir.equals(layout.lock())) {
            String by = owner.map(o -> owner(fs, dir, o)).orElse("its owner");
            s.append("The lock directory was made by another user without permissions for others: every user of a"
                    + " shared lock must create it with ").append(MODE_OPTION).append(", in a directory their group"
                    + " may write (made once with: ").append(SHARED_DIRECTORY).append("). To recover now, run: fslock"
                    + " break ").append(Shell.quote(layout.lock().toString())).append(" as ").append(by)
                    .append(" or root.");
        } else if (dir.equals(layout.parent()) && reads) {
            s.append("fslock lists ").append(dir).append(" to find what crashed acquisitions left beside the lock, so"
                    + " it needs read permission there: run as a user who has it, or give the users of this lock a"
                    + " directory they may use (made once with: ").append(SHARED_DIRECTORY).append(").");
        } else if (dir.equals(layout.parent())) {
            s.append("fslock creates, renames and removes its files in ").append(dir).append(", so it needs write and"
                    + " search permission there: run as a user who has it, or give the users of this lock a directory"
                    + " they may write (made once with: ").append(SHARED_DIRECTORY).append(").");
        } else {
            s.append("Give this user that permission, or use another lock path.");
        }
        return s.toString();
    }

    private static <T extends IOException> T withCause(T explained, IOException cause) {
        explained.initCause(cause);
        return explained;
    }
}
