package io.clustersync.core.api;

/**
 * The replication of one Replica Of source as the node running its syncer reports it.
 *
 * @param implementation the syncer's bundle and class, or "" when no syncer serves the mode
 * @param state          {@code syncing}, {@code synced}, {@code paused} or {@code stopped}
 * @param detail         progress, or the last error of a stopped replication
 */
public record SourceStatus(int databaseId, int sourceIndex, String source, int nodeId, String mode,
                           String implementation, String state, String detail, Figures figures) {

    public SourceStatus(int databaseId, int sourceIndex, String source, int nodeId, String mode, String implementation,
                        String state, String detail) {
        this(databaseId, sourceIndex, source, nodeId, mode, implementation, state, detail, Figures.NONE);
    }

    /**
     * What the replication has done since this node started running it (across syncer swaps).
     *
     * @param lagMs             how long the write applied last took from the source proxy to the destination
     *                          (0 when every write received is applied)
     * @param sourceOffset      the sum over source shards of the highest offset received
     * @param destinationOffset the sum over source shards of the highest offset applied
     * @param ingressBytes      bytes read from source proxies
     * @param opsPerSecond      writes applied in the last second
     * @param lastError         the last error met (a lost connection, a refused password), or ""
     * @param connections       connections to source proxies now open
     */
    public record Figures(long lagMs, long sourceOffset, long destinationOffset, long ingressBytes, long opsPerSecond,
                          long fullSyncs, long partialSyncs, String lastError, int connections) {

        public static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0, "", 0);
    }
}
