package dev.fslock.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content of an owner entry: metadata for humans (label, when, which command). The protocol
 * never reads it; {@code fslock status} and timeout messages do, tolerating any content.
 *
 * @param label    what the holder said it is doing (may be empty)
 * @param acquired when the entry was written
 * @param command  the holder's command line, shortened (may be empty)
 */
public record OwnerRecord(String label, Instant acquired, String command) {
    private static final int MAX_FIELD = 400;
    private static final String HEADER = "fslock owner v1";

    public byte[] encode() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("label", label);
        fields.put("acquired", acquired.toString());
        fields.put("command", command);
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        fields.forEach((k, v) -> out.append(k).append('=').append(clean(v)).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Best effort: fields that are missing or malformed come back empty. */
    public static Optional<OwnerRecord> decode(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith(HEADER + "\n")) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Instant acquired;
        try {
            acquired = Instant.parse(fields.getOrDefault("acquired", ""));
        } catch (DateTimeParseException e) {
            acquired = Instant.EPOCH;
        }
        return Optional.of(new OwnerRecord(fields.getOrDefault("label", ""), acquired, fields.getOrDefault("command", "")));
    }

    /** This process's command line, read once. */
    public static String currentCommand() {
        return CommandHolder.COMMAND;
    }

    private static final class CommandHolder {
        static final String COMMAND = ProcessHandle.current().info().commandLine().map(OwnerRecord::clean).orElse("");
    }

    private static String clean(String s) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_FIELD ? oneLine : oneLine.substring(0, MAX_FIELD - 3) + "...";
    }
}
