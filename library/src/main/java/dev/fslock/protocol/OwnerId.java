package dev.fslock.protocol;

import dev.fslock.internal.Ascii;
import dev.fslock.process.ProcessIdentity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One owner of a lock: a process identity plus a nonce that makes each acquisition (and each
 * co-owner) a new owner. Its {@link #entryName()} is the name of its owner entry, the only file
 * anybody ever removes on its behalf; so removing "the entry of a dead owner" can never remove
 * anybody else's.
 *
 * <p>Entry name: {@code o1_HOST_BOOT_PIDNS_PID_START_NONCE}, where HOST escapes every byte outside
 * {@code [A-Za-z0-9.-]} as {@code %XX}. The format is versioned by its prefix; names that do not
 * parse are foreign entries, whose owner is UNKNOWN. This class is the one place that knows the
 * format ({@link #hasEntryShape} the one place that knows what every version's names share).
 */
public record OwnerId(ProcessIdentity process, String nonce) {
    private static final String PREFIX = "o1";

    public OwnerId {
        if (!Ascii.isDigitsOrLowerLetters(nonce, 1, 32)) { // [0-9a-z]{1,32}
            throw new IllegalArgumentException("nonce must be 1-32 of [0-9a-z]: " + nonce);
        }
    }

    public String entryName() {
        return entryNameBeforePid() + process.pid() + "_" + process.startTime() + "_" + nonce;
    }

    /**
     * The part of the entry name before the pid, {@code o1_HOST_BOOT_PIDNS_}: the same for every
     * process of this owner's host, boot and PID namespace (a co-owner's entry begins with its holder's).
     */
    public String entryNameBeforePid() {
        return String.join("_", PREFIX, escape(process.host()), process.bootId(), process.pidNamespace()) + "_";
    }

    /**
     * Has {@code name} the entry shape of any version of fslock, {@code o<digits>_...}? Such a name
     * is an owner entry even where it does not {@link #parse} (another version's, a hand-made one).
     */
    public static boolean hasEntryShape(String name) {
        int i = 1;
        while (i < name.length() && name.charAt(i) >= '0' && name.charAt(i) <= '9') {
            i++;
        }
        return name.startsWith("o") && i > 1 && i < name.length() && name.charAt(i) == '_';
    }

    /** The owner named by an entry, or empty for a name this version did not write. */
    public static Optional<OwnerId> parse(String entryName) {
        String[] f = entryName.split("_", -1);
        if (f.length != 7 || !f[0].equals(PREFIX)) {
            return Optional.empty();
        }
        try {
            ProcessIdentity process = new ProcessIdentity(unescape(f[1]), f[2], f[3], Long.parseLong(f[4]), f[5]);
            OwnerId owner = new OwnerId(process, f[6]);
            // Only the one spelling this version writes: "%41" for "A" or pid "042" would give one
            // owner two names, and removals by re-encoded name would miss the file found.
            return owner.entryName().equals(entryName) ? Optional.of(owner) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String escape(String host) {
        StringBuilder out = new StringBuilder();
        for (byte b : host.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (b >= 0 && isHostSafe(c)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** {@code [A-Za-z0-9.-]}: host name characters kept as they are. (Called per character on every
     * entry name built or parsed, several times per acquisition: no regex.) */
    private static boolean isHostSafe(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    private static String unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("bad escape in " + s);
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (isHostSafe(c)) {
                out.write(c);
            } else {
                throw new IllegalArgumentException("unescaped character in " + s);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return entryName();
    }
}
