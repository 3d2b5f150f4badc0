package io.clustersync.proxy.internal.server;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.ShardStream;
import io.clustersync.core.api.ShardStreamListener;
import io.clustersync.proxy.internal.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection turned into replication streams by {@code CSYNC PSYNC}: one connection can carry the
 * streams of any number of shards (each further {@code CSYNC PSYNC} adds one), which is what a centralized
 * syncer needs. Every event is a RESP array naming its shard:
 * {@code full <shard> <replid> <offset>}, {@code snapshot <shard> <write...>}, {@code snapshot-end <shard>},
 * {@code partial <shard> <replid> <offset>}, {@code write <shard> <offset> <millis> <write...>} (stamped with
 * this proxy's clock as it relays the write, so that the destination can tell its lag) and
 * {@code ended <shard> <reason>} (that shard's stream is over; ask again). A client more than
 * {@code maxPendingBytes} behind (events queued here and bytes its socket has not taken yet) is cut off: an error
 * reply, then the connection closes, and it resumes from its checkpoints.
 */
final class ReplicationStream {

    private static final byte[] FULL = word("full");
    private static final byte[] SNAPSHOT = word("snapshot");
    private static final byte[] SNAPSHOT_END = word("snapshot-end");
    private static final byte[] PARTIAL = word("partial");
    private static final byte[] WRITE = word("write");
    private static final byte[] ENDED = word("ended");

    /**
     * How long the first event queued waits for others before the queue is written and flushed: under load, one
     * write to the socket carries tens of events instead of one or two, and the syncer reads them in one go.
     */
    static final long FLUSH_DELAY_MICROS = 1000;

    private final Channel channel;
    private final int protocol;
    private final long maxPendingBytes;
    private final AtomicLong pending = new AtomicLong();
    private final java.util.Queue<ByteBuf> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<Integer, ShardStream> streams = new ConcurrentHashMap<>();
    private volatile boolean cutOff;

    ReplicationStream(Channel channel, int protocol, long maxPendingBytes) {
        this.channel = channel;
        this.protocol = protocol;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** Opens (or reopens) the stream of one shard on this connection. */
    void add(DataPlane dataPlane, Shard shard, String replicationId, long offset) {
        if (cutOff) {
            return;
        }
        ShardStream previous = streams.remove(shard.id());
        if (previous != null) {
            previous.close();
        }
        Events events = new Events(shard);
        ShardStream opened = dataPlane.stream(shard, replicationId, offset, events);
        if (events.over) {
            opened.close();
        } else {
            streams.put(shard.id(), opened);
            if (cutOff) {
                close();
            }
        }
    }

    void close() {
        cutOff = true;
        streams.values().forEach(ShardStream::close);
        streams.clear();
        try {
            channel.eventLoop().execute(this::drain); // releases what is still queued
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            queue.forEach(ByteBuf::release);
            queue.clear();
        }
    }

    private static byte[] word(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Encodes an event on the calling thread (a shard store's, under its monitor, so one shard's events queue in
     * order) and queues it; {@link #FLUSH_DELAY_MICROS} after the first event queued, one task on the channel's event
     * loop writes everything queued by then and flushes once.
     */
    private void send(List<byte[]> head, byte[][] write) {
        if (cutOff) {
            return;
        }
        ByteBuf event = channel.alloc().ioBuffer(256);
        RespWriter.bulkArray(head, write, event);
        int size = event.readableBytes();
        // behind = events not yet handed to the channel + bytes the channel holds that the socket has not taken
        io.netty.channel.ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
        if (pending.addAndGet(size) + (unsent == null ? 0 : unsent.totalPendingWriteBytes()) > maxPendingBytes) {
            event.release();
            cutOff("the client fell more than " + maxPendingBytes + " bytes behind the stream");
            return;
        }
        queue.add(event);
        if (draining.compareAndSet(false, true)) {
            channel.eventLoop().schedule(this::drain, FLUSH_DELAY_MICROS, java.util.concurrent.TimeUnit.MICROSECONDS);
        }
    }

    private void drain() {
        draining.set(false);
        boolean wrote = false;
        for (ByteBuf event = queue.poll(); event != null; event = queue.poll()) {
            pending.addAndGet(-event.readableBytes());
            if (channel.isActive() && !cutOff) {
                channel.write(event, channel.voidPromise());
                wrote = true;
            } else {
                event.release();
            }
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void cutOff(String reason) {
        close();
        channel.eventLoop().execute(() -> {
            ByteBuf out = channel.alloc().ioBuffer();
            RespWriter.write(Reply.error("ERR replication stream ended: " + reason), protocol, out);
            channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /** The events of one shard's stream, tagged with the shard. */
    private final class Events implements ShardStreamListener {
        private final Shard shard;
        private final byte[] ref;
        volatile boolean over;

        Events(Shard shard) {
            this.shard = shard;
            this.ref = word(shard.ref());
        }

        @Override
        public void fullResync(String replicationId, long offset) {
            send(List.of(FULL, ref, word(replicationId), number(offset)), null);
        }

        @Override
        public void snapshotWrite(byte[][] write) {
            send(List.of(SNAPSHOT, ref), write);
        }

        @Override
        public void snapshotEnd() {
            send(List.of(SNAPSHOT_END, ref), null);
        }

        @Override
        public void partialResync(String replicationId, long offset) {
            send(List.of(PARTIAL, ref, word(replicationId), number(offset)), null);
        }

        @Override
        public void write(long offset, byte[][] write) {
            send(List.of(WRITE, ref, number(offset), number(System.currentTimeMillis())), write);
        }

        @Override
        public void ended(String reason) {
            over = true;
            ShardStream stream = streams.remove(shard.id());
            if (stream != null) {
                stream.close();
            }
            send(List.of(ENDED, ref, reason.getBytes(StandardCharsets.UTF_8)), null);
        }
    }
}
