package io.clustersync.core.spi;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.Reply;
import org.osgi.annotation.versioning.ProviderType;


import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link Syncer} is given for one Replica Of source: where to read, and how to apply to the destination
 * idempotently by offset. Writes are applied to the destination shard owning the key (the destination hashes
 * with its own shards); checkpoints are kept by sync-core in the destination's shard stores.
 */
@ProviderType
public interface ReplicationTask {

    /** A source shard's position: replication id and offset. */
    record Checkpoint(String replicationId, long offset) {
    }

    Database destination();

    /**
     * The part of a spread replication one destination node carries: the source nodes whose id, counted from 1,
     * falls to {@code position} (0-based) among {@code count} destination nodes. Not spread: position 0 of 1.
     */
    record Share(int position, int count) {

        public static final Share WHOLE = new Share(0, 1);

        /** Whether this share carries the streams of the shards mastered on source node {@code sourceNodeId}. */
        public boolean carries(int sourceNodeId) {
            return Math.floorMod(sourceNodeId - 1, count) == position;
        }
    }

    /** Which share of the source this run carries ({@link Share#WHOLE} unless the syncer is spread). */
    default Share share() {
        return Share.WHOLE;
    }

    /** 1 for the first source of the database, and so on. */
    int sourceIndex();

    ReplicaSource source();

    /**
     * Where each source shard's stream resumes, by shard ({@code shard:N}): the lowest checkpoint every destination
     * shard holds for it. A shard that is missing must be synchronized fully.
     */
    Map<String, Checkpoint> resumePoints();

    /** A full resync of a source shard starts: deletes the destination's keys of those hash slots. */
    CompletableFuture<Void> fullResyncStarting(String sourceShard, int firstSlot, int lastSlot);

    /** Applies one key of a snapshot. */
    CompletableFuture<Reply> load(byte[][] write);

    /** Applies one write of the stream once: a write at or below the destination shard's checkpoint is skipped. */
    CompletableFuture<Reply> apply(String sourceShard, String replicationId, long offset, byte[][] write);

    /** One write of a source shard's stream, as {@link #applyAll} takes it. */
    record Write(String sourceShard, String replicationId, long offset, byte[][] args) {
    }

    /**
     * Applies writes of the streams in the order given, each once as {@link #apply} does; the replies come in the
     * same order. Sync-core sends the writes that fall to one destination shard together (one bus frame, one pass
     * under the shard's lock), which is what a syncer should use for everything it has read at once.
     */
    default CompletableFuture<List<Reply>> applyAll(List<Write> writes) {
        return inOrder(writes.stream().map(w -> apply(w.sourceShard(), w.replicationId(), w.offset(), w.args())).toList());
    }

    /** Applies keys of a snapshot, as {@link #load} does, batched per destination shard as {@link #applyAll} is. */
    default CompletableFuture<List<Reply>> loadAll(List<byte[][]> writes) {
        return inOrder(writes.stream().map(this::load).toList());
    }

    /** The replies of futures started in order, once all are done. */
    private static CompletableFuture<List<Reply>> inOrder(List<CompletableFuture<Reply>> each) {
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    /** Records on every destination shard that the source shard is applied up to this offset. */
    CompletableFuture<Void> checkpoint(String sourceShard, String replicationId, long offset);

    /** Reports the state of the replication: {@code syncing}, {@code synced} or {@code stopped}, with a detail or error. */
    void status(String state, String detail);

    /**
     * A write of a source shard's stream arrived, stamped by the source proxy's clock at {@code sourceMillis}.
     * These figures (and the ones below) feed the Syncer MXBean; they outlive a swap of the syncer.
     */
    default void received(String sourceShard, long offset, long sourceMillis) {
    }

    /** That write is applied on the destination. */
    default void applied(String sourceShard, long offset, long sourceMillis) {
    }

    /** Bytes read from source proxies since the last call. */
    default void ingress(long bytes) {
    }

    /**
     * A resync of a source shard begins at {@code offset}: {@code full} (a snapshot, reaching that offset when it
     * ends) or partial (from the source's backlog, which follows that offset).
     */
    default void resynced(String sourceShard, boolean full, long offset) {
    }

    /** A connection to a source proxy opened ({@code +1}) or closed ({@code -1}). */
    default void connection(int delta) {
    }
}
