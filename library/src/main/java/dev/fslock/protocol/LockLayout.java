package dev.fslock.protocol;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where the lock's files are, for a lock path P = {@code DIR/NAME}:
 * <pre>
 *   DIR/NAME/                      the lock: a directory holding the holder's owner entries
 *   DIR/NAME/ENTRY                 an owner entry, ENTRY = {@link OwnerId#entryName()}
 *   DIR/NAME.fence                 the last fencing token handed out
 *   DIR/NAME.queue                 the waiters' queue: a file only kernel-locked, never removed
 *   DIR/.STEM.tmp.ENTRY/           an acquirer's private temp directory (renamed to NAME)
 *   DIR/.STEM.fence.ENTRY          a holder's fence temp file (renamed to NAME.fence)
 * </pre>
 * Everything lives in DIR so that each rename stays within one filesystem. Leftover temp files are
 * named after their owner, so a sweeper can judge and remove them by name alone.
 *
 * <p>STEM is NAME itself for names of up to {@value #STEM_MAX} bytes; a longer name is cut there
 * and followed by {@code ~} and 12 hex digits of its SHA-256, so that temp names, which also carry
 * an owner entry's name, stay within the filesystem's 255 bytes for every lock name fslock
 * accepts (up to {@value #LONGEST_NAME} bytes: 255 less room for the {@code .fence} suffix).
 */
public final class LockLayout {
    /** Longest file name most filesystems allow, in bytes. */
    private static final int NAME_MAX = 255;
    /** The longest lock name, in bytes: NAME_MAX less a margin for NAME.fence and sibling suffixes. */
    public static final int LONGEST_NAME = 240;
    /** Longest lock name used whole in temp names (".STEM.fence." and an entry name fit in NAME_MAX). */
    static final int STEM_MAX = 64;
    /** Bytes of a long name kept in its stem, before "~" and the hash. */
    private static final int STEM_CUT = 48;

    private final Path lock;
    private final Path parent;
    private final String name;
    private final String stem;

    /**
     * @throws IllegalArgumentException if {@code lock} names no lock: it is empty, the root, ends
     *     in "." or "..", ends in ".fence" or ".queue", or its name is longer than {@value #LONGEST_NAME} bytes.
     *     Nothing on disk is looked at before these checks.
     */
    public LockLayout(Path lock) {
        requireNamesALock(lock);
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
        if (name.endsWith(".queue")) {
            // DIR/X.queue is lock X's queue file: a lock of that name would find that file at its path.
            throw new IllegalArgumentException("lock name must not end in \".queue\" (that is where the lock named "
                    + name.substring(0, name.length() - 6) + " lines up its waiters): " + name);
        }
        // NAME_MAX counts bytes: 100 three-byte characters pass a count of characters and then
        // fail at mkdir with "File name too long".
        int bytes = fileNameBytes(name).length;
        if (bytes > LONGEST_NAME) {
            throw new IllegalArgumentException("lock name too long: " + bytes + " bytes, at most " + LONGEST_NAME
                    + " (the filesystem's 255 less room for NAME.fence beside it): " + name);
        }
        this.stem = bytes <= STEM_MAX ? name : stem(name);
    }

    /**
     * A lock path must end in a name of its own. "", ".", ".." and paths ending in "/." or "/.."
     * name a directory that exists for other reasons (the working directory, its parent): made a
     * lock, it would be replaced by rename and removed on release. Checked on the path as given,
     * before normalization turns "a/.." into "a"'s parent.
     */
    private static void requireNamesALock(Path given) {
        if (given.toString().isEmpty()) {
            throw new IllegalArgumentException("the lock path is empty: give the lock a name of its own, such as"
                    + " /var/tmp/deploy.lock");
        }
        Path last = given.getFileName();
        if (last == null) {
            throw new IllegalArgumentException("the lock path " + given + " is the root directory, not a lock: give the"
                    + " lock a name of its own, such as /var/tmp/deploy.lock");
        }
        String n = last.toString();
        if (n.equals(".") || n.equals("..")) {
            throw new IllegalArgumentException("the lock path " + given + " ends in \"" + n + "\", which names a"
                    + " directory, not a lock: give the lock a name of its own, such as /var/tmp/deploy.lock");
        }
    }

    /** The bytes of a file name as this JVM writes it to the filesystem (sun.jnu.encoding). */
    static byte[] fileNameBytes(String fileName) {
        return fileName.getBytes(FileNameCharset.CHARSET);
    }

    private static final class FileNameCharset {
        static final Charset CHARSET = charset();

        private static Charset charset() {
            try {
                return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
    }

    /** The first STEM_CUT bytes of {@code longName} (whole characters only), "~" and 12 hex digits of its SHA-256. */
    private static String stem(String longName) {
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < longName.length(); ) {
            int cp = longName.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            int size = fileNameBytes(ch).length;
            if (used + size > STEM_CUT) {
                break;
            }
            cut.append(ch);
            used += size;
            i += Character.charCount(cp);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(fileNameBytes(longName));
            return cut + "~" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
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

    /** The waiters' queue file (wait.WaitQueue): made on first contention, never removed by fslock. */
    public Path queue() {
        return parent.resolve(name + ".queue");
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
        return "." + stem + ".tmp.";
    }

    private String fenceTempPrefix() {
        return "." + stem + ".fence.";
    }

    @Override
    public String toString() {
        return lock.toString();
    }
}
