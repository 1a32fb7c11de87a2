package dev.fslock.zookeeper;

import java.time.Duration;
import java.util.Locale;

/**
 * Short human forms of durations, as the library writes them (850ms, 3.2s, 3m12s, 2h05m, 3d04h):
 * a copy of dev.fslock.internal.Durations, which the library's module does not export
 * (DurationsTest checks that the two agree).
 */
final class Durations {
    private Durations() {}

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", (ms / 100) / 10.0); // truncated: 59999 ms is 59.9s
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3600);
    }
}
