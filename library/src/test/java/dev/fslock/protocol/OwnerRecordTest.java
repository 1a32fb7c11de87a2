package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An owner entry's content is for humans (fslock status, timeout messages): one field a line,
 * whatever the label holds, read back tolerantly from whatever a person or an older version left.
 */
class OwnerRecordTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:15:30.123Z");

    @Test
    void aRecordReadsBackAsWritten() {
        OwnerRecord record = new OwnerRecord("deploy = prod", AT, "java -jar app.jar");
        assertEquals("fslock owner v1\nlabel=deploy = prod\nacquired=2026-12-07T10:15:30.123Z\ncommand=java -jar app.jar\n",
                new String(record.encode(), StandardCharsets.UTF_8));
        assertEquals(Optional.of(record), OwnerRecord.decode(record.encode()));
    }

    @Test
    void aLabelCannotAddLinesAndLongFieldsAreCut() {
        String label = "a\nlabel=forged\rb";
        OwnerRecord decoded = OwnerRecord.decode(new OwnerRecord(label, AT, "x".repeat(1000)).encode()).orElseThrow();
        assertEquals("a label=forged b", decoded.label());
        assertEquals(400, decoded.command().length());
        assertTrue(decoded.command().endsWith("xxx..."), decoded.command());
        String fits = "y".repeat(400);
        assertEquals(fits, OwnerRecord.decode(new OwnerRecord("", AT, fits).encode()).orElseThrow().command());
    }

    @Test
    void whatIsNotARecordIsNoneAndMissingFieldsAreEmpty() {
        assertEquals(Optional.empty(), OwnerRecord.decode("pid 1234\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), OwnerRecord.decode("fslock owner v1".getBytes(StandardCharsets.UTF_8)));
        OwnerRecord sparse = OwnerRecord.decode("fslock owner v1\n=orphan\nacquired=yesterday\nnoise\n"
                .getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(new OwnerRecord("", Instant.EPOCH, ""), sparse);
    }

    @Test
    void thisProcessesCommandIsOneLine() {
        String command = OwnerRecord.currentCommand();
        assertFalse(command.contains("\n"));
        assertTrue(command.length() <= 400);
    }

    /** The hand-written ISO form is Instant.toString's, character for character, in its years and around them. */
    @Test
    void acquiredIsWrittenAsInstantToStringWritesIt() {
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000001Z", "2000-02-29T12:00:00.5Z",
            "2100-02-28T23:59:59.999999999Z", "2100-03-01T00:00:00.010Z", "2400-02-29T00:00:00.000100Z",
            "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "-1000-01-01T00:00:00Z"}) {
            Instant t = Instant.parse(edge);
            assertEquals(t.toString(), OwnerRecord.isoInstant(t), edge);
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(-86_400L * 800, last + 86_400L * 800);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertEquals(t.toString(), OwnerRecord.isoInstant(t));
        }
    }
}
