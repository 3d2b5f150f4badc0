package io.clustersync.proxy.internal.server;

/** Commands per second over the last few samples of a counter (one sample a second). */
final class OpsRate {

    private static final int WINDOW = 5;
    private final long[] counts = new long[WINDOW + 1];
    private final long[] times = new long[WINDOW + 1];
    private int next;
    private int filled;

    synchronized void sample(long count) {
        counts[next] = count;
        times[next] = System.nanoTime();
        next = (next + 1) % counts.length;
        filled = Math.min(filled + 1, counts.length);
    }

    synchronized double perSecond() {
        if (filled < 2) {
            return 0;
        }
        int newest = (next - 1 + counts.length) % counts.length;
        int oldest = (next - filled + counts.length) % counts.length;
        double seconds = (times[newest] - times[oldest]) / 1e9;
        return seconds <= 0 ? 0 : (counts[newest] - counts[oldest]) / seconds;
    }
}
