package io.clustersync.admin.api;

/**
 * Another instance of an Active-Active database, as this instance's syncer pulls its writes.
 *
 * @param instance The peer's instance id.
 * @param cluster The peer's cluster.
 * @param endpoint {@code host:port} its writes are pulled from.
 * @param status {@code in sync}, {@code syncing} (a full or partial resync runs) or {@code out of sync} (no stream).
 * @param detail The syncer's progress or its last error.
 * @param lagMs Milliseconds from the peer's proxy to this instance for the write applied last (0 when none waits).
 * @param peerOffset The sum over the peer's shards of the highest offset received.
 * @param appliedOffset The sum over the peer's shards of the highest offset merged here.
 * @param ingressBytes Bytes read from the peer since this node started pulling.
 * @param fullSyncs Full resyncs from the peer.
 * @param partialSyncs Partial resyncs from the peer (from this instance's checkpoints).
 * @param appliedAgeMs How old, in ms, the newest point is up to which the peer has applied every write of every
 *                     instance, as its records say (-1 until heard from for every shard's slots): this
 *                     instance's tombstones younger than it wait for the peer.
 */
public record CrdbPeerRow(int instance, String cluster, String endpoint, String status, String detail, long lagMs,
                          long peerOffset, long appliedOffset, long ingressBytes, long fullSyncs, long partialSyncs,
                          long appliedAgeMs) {
}
