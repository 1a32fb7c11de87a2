package dev.fslock.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Refuses arguments the JVM could not read byte for byte. Java decodes arguments with the
 * locale's character set (sun.jnu.encoding) and encodes them again when it starts the command or
 * opens a file: bytes that charset cannot represent (any non-ASCII byte in the C locale, or bytes
 * that are not UTF-8 in a UTF-8 locale) would silently become others ('?', U+FFFD). The raw bytes
 * are in /proc/self/cmdline (Linux); where it is missing, nothing is checked.
 */
final class ArgumentBytes {
    private ArgumentBytes() {}

    /** The first argument that would not survive, described; empty if all do. */
    static Optional<String> mangled(String[] args) {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        List<byte[]> raw = split(cmdline);
        if (raw.size() < args.length) {
            return Optional.empty();
        }
        Charset charset = jnuCharset();
        for (int i = 0; i < args.length; i++) {
            byte[] given = raw.get(raw.size() - args.length + i);
            if (!Arrays.equals(given, args[i].getBytes(charset))) {
                String head = "argument " + (i + 1) + " (" + printable(given) + ") is not valid in this JVM's character"
                        + " set " + charset + ", so Java cannot pass it on byte for byte";
                return Optional.of(charset.equals(StandardCharsets.UTF_8)
                        ? head + ": use names and arguments that are valid UTF-8."
                        : head + ": start fslock with ./fslock (it runs Java in a UTF-8 locale when yours is C or"
                                + " POSIX), or in a UTF-8 locale.");
            }
        }
        return Optional.empty();
    }

    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte b : cmdline) {
            if (b == 0) {
                parts.add(current.toByteArray());
                current.reset();
            } else {
                current.write(b);
            }
        }
        if (current.size() > 0) {
            parts.add(current.toByteArray());
        }
        return parts;
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Printable ASCII as is, every other byte as \xNN. */
    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
