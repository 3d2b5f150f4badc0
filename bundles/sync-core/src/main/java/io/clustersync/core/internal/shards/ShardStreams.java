package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Shard;
import io.clustersync.core.api.ShardStream;
import io.clustersync.core.api.ShardStreamListener;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Replication streams of shards: opened here on a local shard store, or relayed over the cluster bus from the
 * node that masters the shard. On that node a relay subscribes for the asking node and sends each event as a
 * frame; a stream whose other side is gone (link down, shard closed) is ended on both sides.
 */
final class ShardStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ShardStreams.class);

    /** How many bytes of events one relayed frame carries at most. */
    static final int BATCH_BYTES = 1024 * 1024;

    private final BusMessaging bus;
    private final IntFunction<ShardStore> localStore;
    private final AtomicLong ids = new AtomicLong();
    /** Streams this node consumes from other nodes, by stream id. */
    private final Map<Long, Remote> consumed = new ConcurrentHashMap<>();
    /** Streams this node serves to other nodes, by "node/stream id". */
    private final Map<String, Relay> served = new ConcurrentHashMap<>();
    /** Opens relayed streams off the bus's I/O thread: a full resync copies the whole shard. */
    private final ExecutorService opener =
            Executors.newSingleThreadExecutor(new DefaultThreadFactory("clustersync-stream-opener", true));

    ShardStreams(BusMessaging bus, IntFunction<ShardStore> localStore) {
        this.bus = bus;
        this.localStore = localStore;
    }

    void register() {
        bus.handle(StreamFrames.OPEN, this::onOpen);
        bus.handle(StreamFrames.EVENT, this::onEvent);
        bus.handle(StreamFrames.CLOSE, this::onClose);
    }

    void unregister() {
        bus.unhandle(StreamFrames.OPEN);
        bus.unhandle(StreamFrames.EVENT);
        bus.unhandle(StreamFrames.CLOSE);
        opener.shutdownNow();
        consumed.values().forEach(r -> r.listener.ended("the node's data plane stops"));
        consumed.clear();
        served.values().forEach(Relay::stop);
        served.clear();
    }

    /** Opens a stream of a shard held here, or asks the node that holds it. */
    ShardStream open(Shard shard, boolean local, String replicationId, long offset, ShardStreamListener listener) {
        if (local) {
            ShardStore store = localStore.apply(shard.id());
            if (store == null) {
                listener.ended(shard.ref() + " of db:" + shard.databaseId() + " is not open on node:" + shard.nodeId());
                return closed(shard);
            }
            store.subscribe(replicationId, offset, listener);
            return new LocalStream(shard, () -> store.unsubscribe(listener));
        }
        long id = ids.incrementAndGet();
        Remote remote = new Remote(id, shard, listener);
        consumed.put(id, remote);
        if (!bus.send(shard.nodeId(), StreamFrames.open(new StreamFrames.Open(id, shard.id(), replicationId, offset)))) {
            consumed.remove(id);
            listener.ended("node:" + shard.nodeId() + ", which holds " + shard.ref() + ", is not reachable over the cluster bus");
            return closed(shard);
        }
        return remote;
    }

    private static ShardStream closed(Shard shard) {
        return new LocalStream(shard, () -> { });
    }

    /** A stream that closes by running {@code onClose} (unsubscribing from a store of this node, or nothing). */
    private record LocalStream(Shard shard, Runnable onClose) implements ShardStream {
        @Override
        public void close() {
            onClose.run();
        }
    }

    /** Ends streams whose other side's link is down. */
    void sweep() {
        for (Remote remote : consumed.values()) {
            if (!bus.isLinkUp(remote.shard.nodeId()) && consumed.remove(remote.id) != null) {
                remote.listener.ended("the link to node:" + remote.shard.nodeId() + ", which holds " + remote.shard.ref()
                        + ", went down");
            }
        }
        for (Map.Entry<String, Relay> relay : served.entrySet()) {
            if (!bus.isLinkUp(relay.getValue().toNode) && served.remove(relay.getKey()) != null) {
                relay.getValue().stop();
            }
        }
    }

    private final class Remote implements ShardStream {
        final long id;
        final Shard shard;
        final ShardStreamListener listener;

        Remote(long id, Shard shard, ShardStreamListener listener) {
            this.id = id;
            this.shard = shard;
            this.listener = listener;
        }

        @Override
        public Shard shard() {
            return shard;
        }

        @Override
        public void close() {
            if (consumed.remove(id) != null) {
                bus.send(shard.nodeId(), StreamFrames.close(id));
            }
        }
    }

    private void onEvent(int fromNodeId, Frame frame) {
        List<StreamFrames.Event> events;
        try {
            events = StreamFrames.readEvents(frame);
        } catch (IOException e) {
            LOG.warn("malformed stream event from node:{}: {}", fromNodeId, e.getMessage());
            return;
        }
        if (events.isEmpty()) {
            return;
        }
        long streamId = events.get(0).streamId();
        Remote remote = consumed.get(streamId);
        if (remote == null) {
            if (events.get(events.size() - 1).kind() != StreamFrames.ENDED) {
                // no one here reads this stream (any more): the node serving it stops, instead of relaying to no one
                bus.send(fromNodeId, StreamFrames.close(streamId));
            }
            return;
        }
        for (StreamFrames.Event event : events) {
            if (!deliver(fromNodeId, remote, event)) {
                return;
            }
        }
    }

    /** Hands one event to the stream's reader; false once the stream has ended. */
    private boolean deliver(int fromNodeId, Remote remote, StreamFrames.Event event) {
        ShardStreamListener listener = remote.listener;
        switch (event.kind()) {
            case StreamFrames.FULL -> listener.fullResync(event.text(), event.offset());
            case StreamFrames.SNAPSHOT -> listener.snapshotWrite(event.args());
            case StreamFrames.SNAPSHOT_END -> listener.snapshotEnd();
            case StreamFrames.PARTIAL -> listener.partialResync(event.text(), event.offset());
            case StreamFrames.WRITE -> listener.write(event.offset(), event.args());
            case StreamFrames.ENDED -> {
                consumed.remove(event.streamId());
                listener.ended(event.text());
                return false;
            }
            default -> LOG.warn("unknown stream event '{}' from node:{}", (char) event.kind(), fromNodeId);
        }
        return true;
    }

    /** On the node holding the shard: subscribes for the asking node and relays every event to it. */
    private void onOpen(int fromNodeId, Frame frame) {
        StreamFrames.Open open;
        try {
            open = StreamFrames.readOpen(frame);
        } catch (IOException e) {
            LOG.warn("malformed stream request from node:{}: {}", fromNodeId, e.getMessage());
            return;
        }
        Relay relay = new Relay(fromNodeId, open.streamId());
        ShardStore store = localStore.apply(open.shardId());
        if (store == null) {
            relay.ended("shard:" + open.shardId() + " is not open on this node");
            return;
        }
        relay.store = store;
        served.put(fromNodeId + "/" + open.streamId(), relay);
        StreamFrames.Open request = open;
        opener.execute(() -> {
            if (!relay.stopped) {
                store.subscribe(request.replicationId(), request.offset(), relay);
                if (relay.stopped) {
                    store.unsubscribe(relay);
                }
            }
        });
    }

    private void onClose(int fromNodeId, Frame frame) {
        try {
            Relay relay = served.remove(fromNodeId + "/" + StreamFrames.readClose(frame));
            if (relay != null) {
                relay.stop();
            }
        } catch (IOException e) {
            LOG.warn("malformed stream close from node:{}: {}", fromNodeId, e.getMessage());
        }
    }

    /**
     * A stream served to another node. Events queue here; the first one queued asks the bus for a frame, which is
     * made when its turn to leave comes and carries every event queued by then (up to {@link #BATCH_BYTES}).
     */
    private final class Relay implements ShardStreamListener {
        final int toNode;
        final long streamId;
        volatile ShardStore store;
        volatile boolean stopped;
        private final Queue<StreamFrames.Event> queued = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean frameAsked = new AtomicBoolean();

        Relay(int toNode, long streamId) {
            this.toNode = toNode;
            this.streamId = streamId;
        }

        void stop() {
            stopped = true;
            if (store != null) {
                store.unsubscribe(this);
            }
        }

        private void send(byte kind, long offset, String text, byte[][] args) {
            queued.add(new StreamFrames.Event(streamId, kind, offset, text, args));
            askFrame();
        }

        private void askFrame() {
            // a link that is down drops the ask: the sweep stops this relay, and the reader asks again
            if (frameAsked.compareAndSet(false, true) && !bus.send(toNode, this::frame)) {
                frameAsked.set(false);
            }
        }

        /** On the bus's I/O thread: the events queued so far, in one frame. */
        private Frame frame() {
            frameAsked.set(false);
            List<StreamFrames.Event> events = new ArrayList<>();
            long bytes = 0;
            while (bytes < BATCH_BYTES) {
                StreamFrames.Event event = queued.poll();
                if (event == null) {
                    break;
                }
                events.add(event);
                bytes += 32 + StreamFrames.argBytes(event.args());
            }
            if (!queued.isEmpty()) {
                askFrame();
            }
            return events.isEmpty() ? null : StreamFrames.events(streamId, events);
        }

        @Override
        public void fullResync(String replicationId, long offset) {
            send(StreamFrames.FULL, offset, replicationId, null);
        }

        @Override
        public void snapshotWrite(byte[][] write) {
            send(StreamFrames.SNAPSHOT, 0, null, write);
        }

        @Override
        public void snapshotEnd() {
            send(StreamFrames.SNAPSHOT_END, 0, null, null);
        }

        @Override
        public void partialResync(String replicationId, long offset) {
            send(StreamFrames.PARTIAL, offset, replicationId, null);
        }

        @Override
        public void write(long offset, byte[][] write) {
            send(StreamFrames.WRITE, offset, null, write);
        }

        @Override
        public void ended(String reason) {
            served.remove(toNode + "/" + streamId);
            send(StreamFrames.ENDED, 0, reason, null);
        }
    }
}
