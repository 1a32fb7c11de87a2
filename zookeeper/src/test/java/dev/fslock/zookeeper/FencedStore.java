package dev.fslock.zookeeper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource a lock protects, as a database or an object store would be: a counter in a file,
 * shared by processes, that checks fencing tokens. Every operation carries the caller's token and
 * is refused if a larger token has been seen; otherwise the token becomes the largest seen. Reads
 * count too: a holder that read with an old token cannot then write over a newer holder who read
 * after it. Each operation is atomic (an OS file lock on the store, which is the store's own
 * business, not the lock under test), and every accepted write is appended to a journal
 * ({@code STORE.journal}: {@code token value} lines), so that a test can check afterwards that no
 * update was lost: the values are 1, 2, 3... in order. With {@code checking} false, the store
 * accepts every token (the resource of spec MCZkLockNoFence).
 *
 * <p>File: {@code MAXTOKEN VALUE}.
 */
final class FencedStore {
    private final Path file;
    private final Path journal;
    private final boolean checking;

    FencedStore(Path file, boolean checking) {
        this.file = file;
        this.journal = file.resolveSibling(file.getFileName() + ".journal");
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
        return Files.exists(file) ? parse(Files.readString(file))[1] : 0;
    }

    /** The accepted writes, in order: {token, value}. */
    List<long[]> journal() throws IOException {
        List<long[]> writes = new ArrayList<>();
        if (Files.exists(journal)) {
            for (String line : Files.readAllLines(journal)) {
                if (!line.isBlank()) {
                    String[] f = line.trim().split(" ");
                    writes.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                }
            }
        }
        return writes;
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
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(64, ch.size()));
            ch.read(buf, 0);
            long[] state = parse(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
            if (checking && token < state[0]) {
                return false;
            }
            Long value = change.apply(state);
            long max = Math.max(token, state[0]);
            long newValue = value == null ? state[1] : value;
            byte[] out = (max + " " + newValue + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(out), 0);
            if (value != null) {
                Files.writeString(journal, token + " " + value + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            return true;
        }
    }

    private static long[] parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new long[] {0, 0};
        }
        String[] f = t.split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }
}
