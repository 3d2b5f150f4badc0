package io.clustersync.syncer.stream;

import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.api.Reply;
import io.clustersync.core.spi.SyncerRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One source's replication over one connection: asks the source proxy for its shards, opens every shard's stream
 * from the destination's resume points (a full resync for a shard without one), and applies what arrives.
 * Writes are applied pipelined (each destination shard applies in order); every 200 ms, and after each snapshot,
 * it waits for what it sent and records the checkpoint on every destination shard. A lost connection is retried
 * with a growing pause; a refused password stops the replication with that error.
 */
public final class StreamRun implements SyncerRun, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRun.class);
    static final int CHECKPOINT_EVERY_MS = 200;
    static final int MAX_IN_FLIGHT = 4096;
    static final int MAX_BATCH = 256;

    /** A source shard's stream as this run follows it. */
    private static final class Stream {
        final String shard;
        final int firstSlot;
        final int lastSlot;
        String replicationId = "";
        long offset = -1;
        long checkpointed = -1;
        boolean loading;

        Stream(String shard, int firstSlot, int lastSlot) {
            this.shard = shard;
            this.firstSlot = firstSlot;
            this.lastSlot = lastSlot;
        }
    }

    private final ReplicationTask task;
    private final String mode;
    private final String host;
    private final int port;
    /** The source shards this run streams, or null for all of them. */
    private final Set<String> only;
    private final Thread thread;
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    /** Writes read but not handed to the destination yet: they go together once nothing more waits to be read. */
    private final List<ReplicationTask.Write> batch = new ArrayList<>();
    private final List<Long> batchStamps = new ArrayList<>();
    /** Snapshot keys read but not handed over yet (never at the same time as writes: each waits for the other). */
    private final List<byte[][]> loads = new ArrayList<>();
    private int writesInFlight;
    private volatile boolean stopped;
    private volatile SourceConnection connection;
    private long applied;
    private long fullSyncs;
    private long partialSyncs;

    /** Streams every shard of the source through the proxy of its URI. */
    /** One connection to the proxy the source URI names, for every source shard. */
    public StreamRun(ReplicationTask task, String mode) {
        this(task, mode, task.source().host(), task.source().port(), null);
    }

    /** Streams the given shards through the given proxy of the source. */
    StreamRun(ReplicationTask task, String mode, String host, int port, Set<String> only) {
        this.task = task;
        this.mode = mode;
        this.host = host;
        this.port = port;
        this.only = only;
        this.thread = new Thread(this, "clustersync-syncer-" + mode + "-db" + task.destination().id() + "-src" + task.sourceIndex()
                + "-" + host + ":" + port);
        this.thread.setDaemon(true);
    }

    /** Starts the run on a thread of its own; returns at once. */
    public void start() {
        thread.start();
    }

    @Override
    public void stop() {
        stopped = true;
        SourceConnection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.debug("closing the source connection: {}", e.getMessage());
            }
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        ReplicaSource source = task.source();
        long pauseMs = 200;
        while (!stopped) {
            try (SourceConnection conn = new SourceConnection(source, host, port, 5000)) {
                connection = conn;
                task.connection(1);
                try {
                    follow(conn, source);
                } finally {
                    task.connection(-1);
                    task.ingress(conn.takeBytesRead());
                }
            } catch (Refused refused) {
                task.status("stopped", refused.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                task.status("syncing", "reconnecting to " + host + ":" + port + " in " + pauseMs + " ms: " + e.getMessage());
                LOG.info("replication of {} from {} through {}:{}: {}; again in {} ms", task.destination().ref(),
                        source.display(), host, port, e.getMessage(), pauseMs);
                sleep(pauseMs);
                pauseMs = Math.min(pauseMs * 2, 5000);
            }
        }
    }

    /** An error no retry can cure (a wrong password); the replication stops with it. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private void follow(SourceConnection conn, ReplicaSource source) throws IOException {
        batch.clear(); // writes read from a lost connection and never handed over come again from the checkpoints
        batchStamps.clear();
        loads.clear();
        Map<String, Stream> streams = new HashMap<>();
        Map<String, ReplicationTask.Checkpoint> resume = task.resumePoints();
        for (SourceShard shard : SourceHandshake.shards(conn, source)) {
            Stream stream = new Stream(shard.name(), shard.firstSlot(), shard.lastSlot());
            if (only != null && !only.contains(stream.shard)) {
                continue;
            }
            streams.put(stream.shard, stream);
            ReplicationTask.Checkpoint from = resume.get(stream.shard);
            conn.send("CSYNC", "PSYNC", stream.shard, from == null ? "?" : from.replicationId(),
                    from == null ? "0" : Long.toString(from.offset()));
        }
        task.status("syncing", "asked " + streams.size() + " shard stream(s) of " + source.display() + " through " + host + ":" + port);
        conn.readTimeout(CHECKPOINT_EVERY_MS);
        long lastCheckpoint = System.currentTimeMillis();
        while (!stopped) {
            Object event;
            try {
                event = conn.read();
            } catch (SocketTimeoutException idle) {
                event = null;
            }
            if (event instanceof SourceConnection.SourceError error) {
                throw new IOException("the source ended the streams: " + error.message());
            }
            if (event != null) {
                handle(conn, streams, (List<?>) event);
            }
            int read = batch.size() + loads.size();
            if (read > 0 && (read >= MAX_BATCH || !conn.hasBuffered())) {
                applyBatch();
            }
            if (System.currentTimeMillis() - lastCheckpoint >= CHECKPOINT_EVERY_MS || writesInFlight >= MAX_IN_FLIGHT) {
                task.ingress(conn.takeBytesRead());
                checkpoint(streams);
                lastCheckpoint = System.currentTimeMillis();
            }
        }
    }

    private void handle(SourceConnection conn, Map<String, Stream> streams, List<?> event) throws IOException {
        String kind = SourceConnection.text(event.get(0));
        Stream stream = streams.get(SourceConnection.text(event.get(1)));
        if (stream == null) {
            throw new IOException("the source sent an event of an unknown shard: " + event.get(1));
        }
        if (!(kind.equals("write") && loads.isEmpty()) && !(kind.equals("snapshot") && batch.isEmpty())) {
            applyBatch(); // what was read before this event goes first
        }
        switch (kind) {
            case "full" -> {
                drain();
                stream.replicationId = SourceConnection.text(event.get(2));
                stream.offset = Long.parseLong(SourceConnection.text(event.get(3)));
                stream.loading = true;
                fullSyncs++;
                task.resynced(stream.shard, true, stream.offset);
                task.fullResyncStarting(stream.shard, stream.firstSlot, stream.lastSlot).join();
                task.status("syncing", "full resync of " + stream.shard + " at offset " + stream.offset);
            }
            case "snapshot" -> loads.add(write(event, 2));
            case "snapshot-end" -> {
                drain();
                task.checkpoint(stream.shard, stream.replicationId, stream.offset).join();
                stream.checkpointed = stream.offset;
                stream.loading = false;
                reportIfSynced(streams);
            }
            case "partial" -> {
                stream.replicationId = SourceConnection.text(event.get(2));
                stream.offset = Long.parseLong(SourceConnection.text(event.get(3)));
                stream.checkpointed = stream.offset;
                partialSyncs++;
                task.resynced(stream.shard, false, stream.offset);
                reportIfSynced(streams);
            }
            case "write" -> {
                long offset = Long.parseLong(SourceConnection.text(event.get(2)));
                if (stream.offset >= 0 && offset != stream.offset + 1) {
                    // a shard's writes are numbered one by one: a gap or a step back is a broken stream, never applied
                    drain(); // what came before the gap is good: applied, so the resume point is right behind it
                    throw new IOException("the stream of " + stream.shard + " went from offset " + stream.offset + " to "
                            + offset + "; resuming from the checkpoints");
                }
                long stamp = Long.parseLong(SourceConnection.text(event.get(3)));
                task.received(stream.shard, offset, stamp);
                batch.add(new ReplicationTask.Write(stream.shard, stream.replicationId, offset, write(event, 4)));
                batchStamps.add(stamp);
                stream.offset = offset;
                applied++;
            }
            case "ended" -> {
                checkpoint(streams);
                ReplicationTask.Checkpoint from = task.resumePoints().get(stream.shard);
                conn.send("CSYNC", "PSYNC", stream.shard, from == null ? "?" : from.replicationId(),
                        from == null ? "0" : Long.toString(from.offset()));
            }
            default -> throw new IOException("the source sent an unknown event '" + kind + "'");
        }
    }

    private static byte[][] write(List<?> event, int from) {
        byte[][] write = new byte[event.size() - from][];
        for (int i = from; i < event.size(); i++) {
            write[i - from] = (byte[]) event.get(i);
        }
        return write;
    }

    /** Hands the writes read so far to the destination, in one go. */
    private void applyBatch() {
        if (!loads.isEmpty()) {
            List<byte[][]> keys = List.copyOf(loads);
            loads.clear();
            inFlight.add(task.loadAll(keys));
            writesInFlight += keys.size();
        }
        if (batch.isEmpty()) {
            return;
        }
        List<ReplicationTask.Write> writes = List.copyOf(batch);
        long[] stamps = batchStamps.stream().mapToLong(Long::longValue).toArray();
        batch.clear();
        batchStamps.clear();
        inFlight.add(task.applyAll(writes).whenComplete((replies, failure) -> {
            for (int i = 0; i < writes.size(); i++) {
                task.applied(writes.get(i).sourceShard(), writes.get(i).offset(), stamps[i]);
            }
        }));
        writesInFlight += writes.size();
    }

    /** Waits for every write sent; an error reply of the destination is logged, not retried. */
    private void drain() {
        applyBatch();
        for (CompletableFuture<?> applying : inFlight) {
            Object answer = applying.join();
            List<?> replies = answer instanceof List<?> list ? list : Collections.singletonList(answer);
            for (Object reply : replies) {
                if (reply instanceof Reply.Err error) {
                    LOG.warn("replication of {}: the destination refused a write: {}", task.destination().ref(), error.message());
                }
            }
        }
        inFlight.clear();
        writesInFlight = 0;
    }

    /** Once everything sent is applied, records each stream's offset on every destination shard. */
    private void checkpoint(Map<String, Stream> streams) {
        drain();
        for (Stream stream : streams.values()) {
            if (!stream.loading && stream.offset > stream.checkpointed && !stream.replicationId.isEmpty()) {
                task.checkpoint(stream.shard, stream.replicationId, stream.offset).join();
                stream.checkpointed = stream.offset;
            }
        }
        reportIfSynced(streams);
    }

    private void reportIfSynced(Map<String, Stream> streams) {
        boolean synced = streams.values().stream().allMatch(s -> s.offset >= 0 && !s.loading);
        if (synced) {
            task.status("synced", streams.size() + " shard stream(s) through " + host + ":" + port + "; " + applied
                    + " writes applied; " + fullSyncs + " full and " + partialSyncs + " partial resyncs");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
