package dev.fslock.process;

import dev.fslock.internal.Ascii;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The boot-time offset of this process's time namespace, which the kernel adds to every start time
 * it shows us in /proc/PID/stat (field 22): it computes {@code floor((start + offset) / tick)} with
 * the READER's offset. Subtracting {@code floor(offset / tick)} gives start times in the initial
 * time namespace, the same numbers for every reader, which is what owner entries record.
 *
 * <p>Rounding: for an offset that is a whole number of ticks the result is exact. For any other
 * (CRIU sets such offsets), {@code floor((s + o) / t) - floor(o / t)} is {@code floor(s / t)} or
 * one more, depending on the reader's remainder; so two readers, or a writer and a reader, may
 * differ by one tick for one process. {@link ProcLivenessProbe} therefore takes start times within
 * one tick of each other for the same process: never DEAD for a live one; the cost is that a pid
 * reused within the same or the next tick reads ALIVE (the lock waits for that process).
 */
final class BootTimeOffset {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long AT_CLKTCK = 17;

    /** Offset in whole ticks, floored; meaningless unless {@link #known}. */
    private final long ticks;
    private final boolean known;
    /** Ticks at or above this are a negative offset's wrap-around, not a start time. */
    private final long wrapped;
    private final String description;

    private BootTimeOffset(long ticks, boolean known, long wrapped, String description) {
        this.ticks = ticks;
        this.known = known;
        this.wrapped = wrapped;
        this.description = description;
    }

    static BootTimeOffset read(ProcFs proc) {
        Optional<String> offsets = proc.read("self/timens_offsets");
        if (offsets.isEmpty()) {
            // No file and no time namespace link: a kernel without time namespaces, offset 0.
            return proc.exists("self/ns/time") ? unknown("/proc/self/timens_offsets is unreadable")
                    : new BootTimeOffset(0, true, Long.MAX_VALUE, "no time namespaces");
        }
        // timens_offsets shows the namespace of our CHILDREN; it is ours unless we unshared
        // without exec (or, before Linux 5.18, unshared and exec'd without a fork).
        Optional<String> mine = proc.link("self/ns/time");
        if (mine.isEmpty() || !mine.equals(proc.link("self/ns/time_for_children"))) {
            return unknown("this process's time namespace is not its children's (unshare -T without --fork?)");
        }
        for (String line : offsets.get().split("\n")) {
            String[] f = Ascii.splitAtWhitespace(line.trim());
            if (f.length == 3 && f[0].equals("boottime")) {
                OptionalLong seconds = ProcFs.parseLong(f[1]);
                OptionalLong nanos = ProcFs.parseLong(f[2]);
                if (seconds.isEmpty() || nanos.isEmpty() || nanos.getAsLong() < 0 || nanos.getAsLong() >= NANOS_PER_SECOND) {
                    break;
                }
                if (seconds.getAsLong() == 0 && nanos.getAsLong() == 0) {
                    return new BootTimeOffset(0, true, Long.MAX_VALUE, "boottime offset 0");
                }
                return of(seconds.getAsLong(), nanos.getAsLong(), clockTicksPerSecond(proc));
            }
        }
        return unknown("no boottime line in /proc/self/timens_offsets");
    }

    /** An offset of {@code seconds} s + {@code nanos} ns with {@code hz} ticks per second (empty: unknown). */
    static BootTimeOffset of(long seconds, long nanos, OptionalLong hz) {
        if (hz.isEmpty() || hz.getAsLong() <= 0 || NANOS_PER_SECOND % hz.getAsLong() != 0) {
            return unknown("the clock tick (AT_CLKTCK) is unknown or does not divide a second");
        }
        long tickNanos = NANOS_PER_SECOND / hz.getAsLong();
        // nanos is in [0, 1 s), so this is floor(offset / tick) also for a negative offset.
        long ticks = Math.multiplyExact(seconds, hz.getAsLong()) + nanos / tickNanos;
        // The kernel adds in unsigned 64 bits: a process that started before a negative offset's
        // zero shows about 2^64 ns. No real boot time reaches 2^63 ns (292 years).
        long wrapped = seconds < 0 ? Long.MAX_VALUE / tickNanos : Long.MAX_VALUE;
        return new BootTimeOffset(ticks, true, wrapped, "boottime offset " + seconds + " s " + nanos + " ns");
    }

    private static BootTimeOffset unknown(String why) {
        return new BootTimeOffset(0, false, Long.MAX_VALUE, why);
    }

    /** Start ticks as this process reads them, in the initial time namespace; empty if we cannot tell. */
    OptionalLong normalize(long rawTicks) {
        if (!known || rawTicks < 0 || rawTicks >= wrapped) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(rawTicks - ticks);
    }

    boolean known() {
        return known;
    }

    @Override
    public String toString() {
        return description;
    }

    /** sysconf(_SC_CLK_TCK) as glibc finds it: the AT_CLKTCK entry of the auxiliary vector. */
    static OptionalLong clockTicksPerSecond(ProcFs proc) {
        try {
            byte[] auxv = Files.readAllBytes(proc.path("self/auxv"));
            boolean wide = !"32".equals(System.getProperty("sun.arch.data.model"));
            ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
            int word = wide ? 8 : 4;
            while (b.remaining() >= 2 * word) {
                long key = wide ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                long value = wide ? b.getLong() : Integer.toUnsignedLong(b.getInt());
                if (key == AT_CLKTCK) {
                    return OptionalLong.of(value);
                }
                if (key == 0) {
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through: unknown
        }
        return OptionalLong.empty();
    }
}
