package io.clustersync.syncer.stream;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.api.Reply;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The share of a {@link ReplicationTask} that one source proxy carries: everything (figures included) goes to the
 * source's task but the status, which is combined.
 */
final class PartTask implements ReplicationTask {

    /** Told each part's state. */
    interface Combiner {
        void report(String proxy, String state, String detail);
    }

    private final ReplicationTask task;
    private final String proxy;
    private final Combiner combiner;

    PartTask(ReplicationTask task, String proxy, Combiner combiner) {
        this.task = task;
        this.proxy = proxy;
        this.combiner = combiner;
    }

    @Override
    public Database destination() {
        return task.destination();
    }

    @Override
    public Share share() {
        return task.share();
    }

    @Override
    public int sourceIndex() {
        return task.sourceIndex();
    }

    @Override
    public ReplicaSource source() {
        return task.source();
    }

    @Override
    public Map<String, Checkpoint> resumePoints() {
        return task.resumePoints();
    }

    @Override
    public CompletableFuture<Void> fullResyncStarting(String sourceShard, int firstSlot, int lastSlot) {
        return task.fullResyncStarting(sourceShard, firstSlot, lastSlot);
    }

    @Override
    public CompletableFuture<Reply> load(byte[][] write) {
        return task.load(write);
    }

    @Override
    public CompletableFuture<Reply> apply(String sourceShard, String replicationId, long offset, byte[][] write) {
        return task.apply(sourceShard, replicationId, offset, write);
    }

    @Override
    public CompletableFuture<List<Reply>> applyAll(List<Write> writes) {
        return task.applyAll(writes);
    }

    @Override
    public CompletableFuture<List<Reply>> loadAll(List<byte[][]> writes) {
        return task.loadAll(writes);
    }

    @Override
    public CompletableFuture<Void> checkpoint(String sourceShard, String replicationId, long offset) {
        return task.checkpoint(sourceShard, replicationId, offset);
    }

    @Override
    public void status(String state, String detail) {
        combiner.report(proxy, state, detail);
    }

    @Override
    public void received(String sourceShard, long offset, long sourceMillis) {
        task.received(sourceShard, offset, sourceMillis);
    }

    @Override
    public void applied(String sourceShard, long offset, long sourceMillis) {
        task.applied(sourceShard, offset, sourceMillis);
    }

    @Override
    public void ingress(long bytes) {
        task.ingress(bytes);
    }

    @Override
    public void resynced(String sourceShard, boolean full, long offset) {
        task.resynced(sourceShard, full, offset);
    }

    @Override
    public void connection(int delta) {
        task.connection(delta);
    }
}
