package dev.fslock.internal;

import java.time.Duration;

/**
 * Short human forms of durations: 850ms, 3.2s, 3m12s, 2h05m, 3d04h. The one formatter of every
 * message, of the library and of the fslock command alike. Each form truncates: 59,999 ms is 59.9s,
 * never 60.0s, which would be 1m00s.
 */
public final class Durations {
    private Durations() {}

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", (ms / 100) / 10.0); // truncated: 59999 ms is 59.9s, not 60.0s
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(java.util.Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3600);
    }
}
