package dev.fslock.bench.proc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The figures of one round. */
final class RoundStats {
    /** One acquisition: when its process started waiting, got the lock, began releasing it. */
    record Acq(long waitStart, long acquired, long releaseStart) {}

    int acquisitions;
    long[] handoffs = new long[0]; // release to the next acquisition, by anyone, while another process waited
    long[] passes = new long[0]; // the same, where the next holder is another process
    long[] perProcess;
    double jain;
    int minAcq;
    int maxAcq;
    long longestWait;
    long cpuNanos;
    long waitNanos;
    int waits; // acquire calls that returned, including any that returned after the window
    int overlaps;

    static RoundStats of(List<Acq>[] perProc, long start, long end) {
        RoundStats s = new RoundStats();
        int k = perProc.length;
        s.perProcess = new long[k];
        List<long[]> all = new ArrayList<>(); // {waitStart, acquired, releaseStart, proc}
        for (int p = 0; p < k; p++) {
            for (Acq a : perProc[p]) {
                if (a.waitStart() < 0) {
                    s.cpuNanos += a.acquired();
                    continue;
                }
                all.add(new long[] {a.waitStart(), a.acquired(), a.releaseStart(), p});
                s.waitNanos += a.acquired() - a.waitStart();
                s.waits++;
                s.longestWait = Math.max(s.longestWait, a.acquired() - a.waitStart());
                if (a.acquired() < end) {
                    s.perProcess[p]++;
                }
            }
        }
        all.sort((x, y) -> Long.compare(x[1], y[1]));
        s.acquisitions = (int) Arrays.stream(s.perProcess).sum();
        double sum = 0;
        double squares = 0;
        s.minAcq = Integer.MAX_VALUE;
        for (long c : s.perProcess) {
            sum += c;
            squares += (double) c * c;
            s.minAcq = (int) Math.min(s.minAcq, c);
            s.maxAcq = (int) Math.max(s.maxAcq, c);
        }
        s.jain = squares == 0 ? 0 : sum * sum / (k * squares);
        // A handoff: a release while another process waits, to the next acquisition (by anyone).
        long[][] acquiredBy = new long[k][];
        long[][] waitStartBy = new long[k][];
        for (int p = 0; p < k; p++) {
            List<Acq> own = perProc[p].stream().filter(a -> a.waitStart() >= 0).toList(); // in order
            acquiredBy[p] = own.stream().mapToLong(Acq::acquired).toArray();
            waitStartBy[p] = own.stream().mapToLong(Acq::waitStart).toArray();
        }
        List<Long> handoffs = new ArrayList<>();
        List<Long> passes = new ArrayList<>();
        for (int i = 0; i + 1 < all.size(); i++) {
            long[] cur = all.get(i);
            long[] next = all.get(i + 1);
            if (next[1] < cur[2]) {
                s.overlaps++; // two holders at once: must never happen
                continue;
            }
            if (cur[2] >= end) {
                continue;
            }
            if (someoneWaiting(acquiredBy, waitStartBy, (int) cur[3], cur[2])) {
                handoffs.add(next[1] - cur[2]);
                if (next[3] != cur[3]) {
                    passes.add(next[1] - cur[2]);
                }
            }
        }
        s.handoffs = handoffs.stream().mapToLong(Long::longValue).sorted().toArray();
        s.passes = passes.stream().mapToLong(Long::longValue).sorted().toArray();
        return s;
    }

    /** Was a process other than {@code releaser} waiting at {@code release}? */
    private static boolean someoneWaiting(long[][] acquiredBy, long[][] waitStartBy, int releaser, long release) {
        for (int p = 0; p < acquiredBy.length; p++) {
            if (p == releaser) {
                continue;
            }
            int i = Arrays.binarySearch(acquiredBy[p], release);
            i = i >= 0 ? i + 1 : -i - 1; // first acquisition after the release
            if (i < acquiredBy[p].length && waitStartBy[p][i] < release) {
                return true;
            }
        }
        return false;
    }

    /** The mean time an acquire call waited, in nanoseconds (NaN without any). */
    double meanWait() {
        return waits == 0 ? Double.NaN : (double) waitNanos / waits;
    }

    double percentile(double p) {
        return percentile(handoffs, p);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    double max() {
        return handoffs.length == 0 ? Double.NaN : handoffs[handoffs.length - 1];
    }
}
