package dev.fslock.protocol;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the lock's files are, for a lock path P = {@code DIR/NAME}:
 * <pre>
 *   DIR/NAME/                      the lock: a directory holding the holder's owner entries
 *   DIR/NAME/ENTRY                 an owner entry, ENTRY = {@link OwnerId#entryName()}
 *   DIR/NAME.fence                 the last fencing token handed out
 *   DIR/.NAME.tmp.ENTRY/           an acquirer's private temp directory (renamed to NAME)
 *   DIR/.NAME.fence.ENTRY          a holder's fence temp file (renamed to NAME.fence)
 * </pre>
 * Everything lives in DIR so that each rename stays within one filesystem. Leftover temp files are
 * named after their owner, so a sweeper can judge and remove them by name alone.
 */
public final class LockLayout {
    /** Longest file name most filesystems allow. */
    private static final int NAME_MAX = 255;
    /** Room for ".NAME.fence." plus an entry name with a host name of up to 64 bytes. */
    private static final int ENTRY_ROOM = 180;

    private final Path lock;
    private final Path parent;
    private final String name;

    public LockLayout(Path lock) {
        Path absolute = lock.toAbsolutePath().normalize();
        if (absolute.getFileName() == null || absolute.getParent() == null) {
            throw new IllegalArgumentException("lock path needs a parent directory and a name: " + lock);
        }
        this.lock = absolute;
        this.parent = absolute.getParent();
        this.name = absolute.getFileName().toString();
        if (name.endsWith(".fence")) {
            // DIR/X.fence is lock X's fence file: a lock of that name would be mistaken for it.
            throw new IllegalArgumentException("lock name must not end in \".fence\" (that is where the lock named "
                    + name.substring(0, name.length() - 6) + " keeps its fencing token): " + name);
        }
        // NAME_MAX counts bytes: a name of 75 three-byte characters would pass a count of characters
        // and then fail at mkdir with "File name too long".
        if (name.getBytes(StandardCharsets.UTF_8).length + ENTRY_ROOM > NAME_MAX) {
            throw new IllegalArgumentException("lock name too long (at most " + (NAME_MAX - ENTRY_ROOM)
                    + " bytes in UTF-8, to leave room for owner names beside it): " + name);
        }
    }

    public Path lock() {
        return lock;
    }

    public Path parent() {
        return parent;
    }

    public Path entry(OwnerId owner) {
        return lock.resolve(owner.entryName());
    }

    public Path entry(String entryName) {
        return lock.resolve(entryName);
    }

    public Path fence() {
        return parent.resolve(name + ".fence");
    }

    public Path tempDir(OwnerId owner) {
        return parent.resolve(tempDirPrefix() + owner.entryName());
    }

    public Path tempEntry(OwnerId owner) {
        return tempDir(owner).resolve(owner.entryName());
    }

    public Path fenceTemp(OwnerId owner) {
        return parent.resolve(fenceTempPrefix() + owner.entryName());
    }

    /** A leftover beside the lock: a temp dir or fence temp, and the owner it belongs to. */
    public record Leftover(String fileName, OwnerId owner, boolean isTempDir) {}

    /** Recognises a name listed in the parent directory as one of this lock's temp files. */
    public Optional<Leftover> leftover(String fileName) {
        if (fileName.startsWith(tempDirPrefix())) {
            return OwnerId.parse(fileName.substring(tempDirPrefix().length()))
                    .map(owner -> new Leftover(fileName, owner, true));
        }
        if (fileName.startsWith(fenceTempPrefix())) {
            return OwnerId.parse(fileName.substring(fenceTempPrefix().length()))
                    .map(owner -> new Leftover(fileName, owner, false));
        }
        return Optional.empty();
    }

    private String tempDirPrefix() {
        return "." + name + ".tmp.";
    }

    private String fenceTempPrefix() {
        return "." + name + ".fence.";
    }

    @Override
    public String toString() {
        return lock.toString();
    }
}
