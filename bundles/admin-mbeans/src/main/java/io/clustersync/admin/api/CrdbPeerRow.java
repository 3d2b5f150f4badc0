package io.clustersync.admin.api;

/** Another instance of an Active-Active database, as this instance's syncer pulls its writes. */
@Description("Another instance of an Active-Active database, as this instance's syncer pulls its writes")
public record CrdbPeerRow(
        @Description("The peer's instance id") int instance,
        @Description("The peer's cluster") String cluster,
        @Description("host:port its writes are pulled from") String endpoint,
        @Description("in sync, syncing (a full or partial resync runs) or out of sync (no stream)") String status,
        @Description("The syncer's progress or its last error") String detail,
        @Description("Milliseconds from the peer's proxy to this instance for the write applied last (0 when none waits)") long lagMs,
        @Description("The sum over the peer's shards of the highest offset received") long peerOffset,
        @Description("The sum over the peer's shards of the highest offset merged here") long appliedOffset,
        @Description("Bytes read from the peer since this node started pulling") long ingressBytes,
        @Description("Full resyncs from the peer") long fullSyncs,
        @Description("Partial resyncs from the peer (from this instance's checkpoints)") long partialSyncs,
        @Description("How old, in ms, the newest point is up to which the peer has applied every write of every"
                + " instance (-1 until heard from for every shard's slots): this instance's tombstones younger than it"
                + " wait for the peer") long appliedAgeMs) {
}
