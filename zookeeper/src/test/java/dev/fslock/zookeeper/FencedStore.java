package dev.fslock.zookeeper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource a lock protects, as a database or an object store would be: a counter in a file,
 * shared by processes, that checks fencing tokens. Every operation carries the caller's token and
 * is refused if a larger token has been seen; otherwise the token becomes the largest seen. Reads
 * count too: a holder that read with an old token cannot then write over a newer holder who read
 * after it. Each operation is atomic, also when its process is killed in the middle (as a
 * database's would be): operations take turns by an OS file lock on {@code STORE.lock} (the
 * store's own business, not the lock under test), and each one that changes something writes the
 * whole new content to a temporary file and renames it over the store. Every accepted write is in
 * the store's journal, so that a test can check afterwards that no update was lost: the values are
 * 1, 2, 3... in order. With {@code checking} false, the store accepts every token (the resource of
 * spec MCZkLockNoFence).
 *
 * <p>File: {@code MAXTOKEN VALUE}, then the journal: one {@code TOKEN VALUE} line per accepted write.
 */
final class FencedStore {
    private final Path file;
    private final Path lock;
    private final Path next;
    private final boolean checking;

    FencedStore(Path file, boolean checking) {
        this.file = file;
        this.lock = file.resolveSibling(file.getFileName() + ".lock");
        this.next = file.resolveSibling(file.getFileName() + ".next");
        this.checking = checking;
    }

    FencedStore(Path file) {
        this(file, true);
    }

    /** The counter, or empty if the token is stale (refused). */
    java.util.OptionalLong read(long token) throws IOException {
        long[] state = new long[1];
        boolean ok = operate(token, s -> {
            state[0] = s[1];
            return null;
        });
        return ok ? java.util.OptionalLong.of(state[0]) : java.util.OptionalLong.empty();
    }

    /** Writes the counter. @return false if the token is stale (refused) */
    boolean write(long token, long value) throws IOException {
        return operate(token, s -> value);
    }

    /** The counter, without a token (for the test's final check). */
    long value() throws IOException {
        return lines().get(0)[1];
    }

    /** The accepted writes, in order: {token, value}. */
    List<long[]> journal() throws IOException {
        List<long[]> lines = lines();
        return lines.subList(1, lines.size());
    }

    /** The store's lines as numbers: {max token, value}, then the journal. */
    private List<long[]> lines() throws IOException {
        List<long[]> lines = new ArrayList<>();
        lines.add(new long[] {0, 0});
        if (Files.exists(file)) {
            lines.clear();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split(" ");
                lines.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
            }
        }
        return lines;
    }

    /**
     * The journal's verdict: the accepted writes set the counter to 1, 2, 3... (so every increment
     * read the value the previous one wrote: no lost update), with tokens that never decrease.
     *
     * @return the number of accepted writes
     * @throws AssertionError at the first write that breaks it
     */
    static int checkJournal(List<long[]> writes) {
        long token = 0;
        for (int i = 0; i < writes.size(); i++) {
            long[] w = writes.get(i);
            if (w[1] != i + 1) {
                throw new AssertionError("lost update: accepted write #" + (i + 1) + " (token " + w[0] + ") set the"
                        + " counter to " + w[1] + ", not " + (i + 1));
            }
            if (w[0] < token) {
                throw new AssertionError("accepted write #" + (i + 1) + " has token " + w[0] + " after " + token);
            }
            token = w[0];
        }
        return writes.size();
    }

    private interface Change {
        /** @param state {max token, value}; @return the new value, or null to leave it */
        Long apply(long[] state);
    }

    private boolean operate(long token, Change change) throws IOException {
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            List<long[]> lines = lines();
            long[] state = lines.get(0);
            if (checking && token < state[0]) {
                return false;
            }
            Long value = change.apply(state);
            long max = Math.max(token, state[0]);
            if (value == null && max == state[0]) {
                return true; // a read that changes nothing
            }
            StringBuilder out = new StringBuilder().append(max).append(' ').append(value == null ? state[1] : value).append('\n');
            for (long[] w : lines.subList(1, lines.size())) {
                out.append(w[0]).append(' ').append(w[1]).append('\n');
            }
            if (value != null) {
                out.append(token).append(' ').append(value).append('\n');
            }
            // A process killed before the rename leaves the store as it was: the operation did not happen.
            Files.writeString(next, out, StandardCharsets.US_ASCII);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }
}
