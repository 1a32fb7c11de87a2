package dev.fslock.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
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
}
