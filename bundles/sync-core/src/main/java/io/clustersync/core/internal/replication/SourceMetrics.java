package io.clustersync.core.internal.replication;

import io.clustersync.core.api.SourceStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The figures of one Replica Of source on the node that runs it, fed by whichever syncer runs it now: offsets per
 * source shard, writes received and applied, the lag of the last write applied, bytes, resyncs, connections.
 */
final class SourceMetrics {

    static final long RATE_WINDOW_MS = 1000;

    private final Map<String, Long> received = new HashMap<>();
    private final Map<String, Long> applied = new HashMap<>();
    private long writesReceived;
    private long writesApplied;
    private long lastLagMs;
    private long bytes;
    private long fullSyncs;
    private long partialSyncs;
    private int connections;
    private String lastError = "";
    private long windowStart = System.currentTimeMillis();
    private long windowCount;
    private long rate;

    synchronized void received(String shard, long offset) {
        writesReceived++;
        received.merge(shard, offset, Math::max);
    }

    synchronized void applied(String shard, long offset, long sourceMillis) {
        long now = System.currentTimeMillis();
        writesApplied++;
        applied.merge(shard, offset, Math::max);
        if (sourceMillis > 0) {
            lastLagMs = Math.max(0, now - sourceMillis);
        }
        roll(now);
        windowCount++;
    }

    /** A resync starts from what the source says: received and applied offsets of the shard start over. */
    synchronized void resynced(String shard, boolean full, long offset) {
        if (full) {
            fullSyncs++;
            received.put(shard, offset);
            applied.remove(shard);
        } else {
            partialSyncs++;
            at(shard, offset);
        }
    }

    /** Where a shard stands once loaded or resumed: received and applied up to this offset. */
    synchronized void at(String shard, long offset) {
        received.merge(shard, offset, Math::max);
        applied.merge(shard, offset, Math::max);
    }

    synchronized void ingress(long count) {
        bytes += count;
    }

    synchronized void connection(int delta) {
        connections = Math.max(0, connections + delta);
    }

    /**
     * Remembers an error with the time it was met (UTC, to the second): it stays shown after the replication
     * recovers, and the time tells an operator whether it is the current trouble or an old one.
     */
    synchronized void error(String message) {
        lastError = message + " (at " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")";
    }

    private void roll(long now) {
        if (now - windowStart >= RATE_WINDOW_MS) {
            rate = now - windowStart < 2 * RATE_WINDOW_MS ? windowCount * 1000 / (now - windowStart) : 0;
            windowStart = now;
            windowCount = 0;
        }
    }

    synchronized SourceStatus.Figures figures() {
        roll(System.currentTimeMillis());
        long lag = writesApplied >= writesReceived ? 0 : lastLagMs;
        return new SourceStatus.Figures(lag, sum(received), sum(applied), bytes, rate, fullSyncs, partialSyncs, lastError,
                connections);
    }

    private static long sum(Map<String, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
