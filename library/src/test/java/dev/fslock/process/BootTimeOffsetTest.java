package dev.fslock.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of the time-namespace offset (docs/probe-soundness.md): which timens_offsets lines
 * are accepted, which clock ticks, and which start times are normalized. An accepted bad value
 * would shift every start time and make a live holder's start differ from its entry's (DEAD); a
 * refused good one only makes holders UNKNOWN.
 */
class BootTimeOffsetTest {
    private static final OptionalLong HZ = OptionalLong.of(100);

    @TempDir
    Path root;

    @Test
    void theNanosecondsOfAnOffsetMustBeLessThanASecond() throws IOException {
        inTimeNamespace("boottime 10 999999999\n", 100);
        BootTimeOffset almost = read();
        assertTrue(almost.known(), almost.toString());
        assertEquals(0, almost.normalize(1099).orElseThrow(), "10.99999 s is 1099 ticks, floored");
        assertEquals("boottime offset 10 s 999999999 ns", almost.toString());

        inTimeNamespace("boottime 10 1000000000\n", 100);
        assertFalse(read().known(), "a whole second in the nanoseconds field");
        inTimeNamespace("boottime 10 -1\n", 100);
        assertFalse(read().known());
        inTimeNamespace("monotonic 10 0\n", 100);
        assertFalse(read().known(), "no boottime line");
        assertEquals("no boottime line in /proc/self/timens_offsets", read().toString());
    }

    @Test
    void aZeroOffsetNeedsNoClockTickButAnyOtherDoes() throws IOException {
        inTimeNamespace("boottime 0 0\n", -1);
        assertEquals(12345, read().normalize(12345).orElseThrow());
        inTimeNamespace("boottime 0 10000000\n", -1);
        assertFalse(read().known(), "10 ms needs the clock tick, and there is none");
        inTimeNamespace("boottime 0 10000000\n", 100);
        assertEquals(12344, read().normalize(12345).orElseThrow());
        inTimeNamespace("boottime 5 0\n", 100);
        assertEquals(11845, read().normalize(12345).orElseThrow());
    }

    @Test
    void aTickRateMustBePositiveAndDivideASecond() {
        assertFalse(BootTimeOffset.of(1, 0, OptionalLong.of(0)).known());
        assertFalse(BootTimeOffset.of(1, 0, OptionalLong.of(-100)).known());
        assertEquals(99, BootTimeOffset.of(1, 0, OptionalLong.of(1)).normalize(100).orElseThrow(), "1 Hz");
    }

    @Test
    void onlyANegativeOffsetWrapsStartTimesAround() {
        long huge = Long.MAX_VALUE / 10_000_000; // ticks of 10 ms at the wrap bound
        assertTrue(BootTimeOffset.of(0, 5_000_000, HZ).normalize(huge).isPresent(), "a positive offset wraps nothing");
        assertTrue(BootTimeOffset.of(-1, 0, HZ).normalize(huge).isEmpty(), "at the bound: wrapped");
        assertEquals(huge, BootTimeOffset.of(-1, 0, HZ).normalize(huge - 100).orElseThrow(), "just below it");
    }

    @Test
    void startTimesFromZeroAreNormalizedNegativeOnesAreNot() {
        BootTimeOffset none = BootTimeOffset.of(0, 0, HZ);
        assertEquals(0, none.normalize(0).orElseThrow());
        assertTrue(none.normalize(-1).isEmpty());
    }

    @Test
    void theClockTickIsTheAuxiliaryVectorsAtClktckEntry() throws IOException {
        writeAuxv(new long[] {17, 250}); // the entry alone, no terminator after it
        assertEquals(OptionalLong.of(250), BootTimeOffset.clockTicksPerSecond(proc()));
        writeAuxv(new long[] {6, 4096, 17, 100, 0, 0});
        assertEquals(OptionalLong.of(100), BootTimeOffset.clockTicksPerSecond(proc()));
        writeAuxv(new long[] {6, 4096, 0, 0, 17, 100});
        assertEquals(OptionalLong.empty(), BootTimeOffset.clockTicksPerSecond(proc()), "after the terminator: not ours");
        writeAuxv(new long[] {6});
        assertEquals(OptionalLong.empty(), BootTimeOffset.clockTicksPerSecond(proc()), "half an entry");
    }

    private BootTimeOffset read() {
        return BootTimeOffset.read(proc());
    }

    private ProcFs proc() {
        return new ProcFs(root, "/proc", false);
    }

    /** Our namespace is our children's; {@code hz} < 0: no auxiliary vector. */
    private void inTimeNamespace(String offsets, long hz) throws IOException {
        Path self = Files.createDirectories(root.resolve("self/ns"));
        Files.deleteIfExists(self.resolve("time"));
        Files.deleteIfExists(self.resolve("time_for_children"));
        Files.createSymbolicLink(self.resolve("time"), Path.of("time:[4026532281]"));
        Files.createSymbolicLink(self.resolve("time_for_children"), Path.of("time:[4026532281]"));
        Files.writeString(root.resolve("self/timens_offsets"), offsets);
        Files.deleteIfExists(root.resolve("self/auxv"));
        if (hz >= 0) {
            writeAuxv(new long[] {17, hz, 0, 0});
        }
    }

    private void writeAuxv(long[] words) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.nativeOrder());
        for (long w : words) {
            b.putLong(w);
        }
        Files.createDirectories(root.resolve("self"));
        Files.write(root.resolve("self/auxv"), b.array());
    }
}
