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
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("label=").append(clean(label)).append('\n');
        out.append("acquired=").append(clean(isoInstant(acquired))).append('\n');
        out.append("command=").append(clean(command)).append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The last second of year 9999: up to here an instant prints as {@code yyyy-MM-ddTHH:mm:ss[.fff...]Z}. */
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /**
     * {@code instant.toString()}, the same characters, written by hand for the years 1970 to 9999:
     * Instant.toString builds the JDK's DateTimeFormatter machinery (about 60 classes), a start-up
     * cost of every fslock run (docs/cli.md, "Start-up"). Other instants go to Instant.toString.
     */
    static String isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString();
        }
        long days = seconds / 86_400;
        int secondOfDay = (int) (seconds % 86_400);
        // The proleptic Gregorian date of a day count (H. Hinnant's civil_from_days), days >= 0.
        long z = days + 719_468;
        long era = z / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153; // March = 0
        long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
        long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder out = new StringBuilder(30);
        digits(out, year, 4).append('-');
        digits(out, month, 2).append('-');
        digits(out, day, 2).append('T');
        digits(out, secondOfDay / 3_600, 2).append(':');
        digits(out, secondOfDay / 60 % 60, 2).append(':');
        digits(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano > 0) {
            // As ISO_INSTANT: as many digits as needed, in groups of three.
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(out, nano / 1_000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        return out.append('Z').toString();
    }

    /** {@code value} (not negative) in at least {@code width} digits, zero-padded. */
    private static StringBuilder digits(StringBuilder out, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
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
        static final String COMMAND = clean(ProcessHandle.current().info().commandLine().orElse(""));
    }

    private static String clean(String s) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_FIELD ? oneLine : oneLine.substring(0, MAX_FIELD - 3) + "...";
    }
}
