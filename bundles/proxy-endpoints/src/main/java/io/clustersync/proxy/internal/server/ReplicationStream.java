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
import io.netty.channel.ChannelOutboundBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

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

    /** The first buffer of a batch: about a millisecond of a busy stream's events; it grows as needed. */
    private static final int BATCH_INITIAL_BYTES = 16 * 1024;

    private final Channel channel;
    private final int protocol;
    private final long maxPendingBytes;
    /** Events encoded since the last drain, in the order they came; null when there are none. Guarded by this. */
    private ByteBuf batch;
    /** Whether a drain is scheduled on the channel's event loop. Guarded by this. */
    private boolean drainScheduled;
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
        } catch (RejectedExecutionException stopping) {
            synchronized (this) {
                if (batch != null) {
                    batch.release();
                    batch = null;
                }
            }
        }
    }

    private static void words(byte[][] words, ByteBuf out) {
        for (byte[] word : words) {
            RespWriter.bulk(word, out);
        }
    }

    private static byte[] word(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes one event into {@code out}. */
    @FunctionalInterface
    private interface Encoding {
        void into(ByteBuf out);
    }

    /**
     * Encodes an event on the calling thread (a shard store's, under its monitor, so one shard's events queue in
     * order) at the end of the batch; {@link #FLUSH_DELAY_MICROS} after the first event of a batch, one task on the
     * channel's event loop writes the whole batch and flushes once.
     */
    private void send(Encoding encoding) {
        boolean behind;
        synchronized (this) {
            if (cutOff) {
                return;
            }
            if (batch == null) {
                batch = channel.alloc().ioBuffer(BATCH_INITIAL_BYTES);
            }
            int start = batch.writerIndex();
            encoding.into(batch);
            // behind = events not yet handed to the channel + bytes the channel holds that the socket has not taken
            ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
            behind = batch.readableBytes() + (unsent == null ? 0 : unsent.totalPendingWriteBytes()) > maxPendingBytes;
            if (behind) {
                batch.writerIndex(start);
            } else if (!drainScheduled) {
                drainScheduled = true;
                channel.eventLoop().schedule(this::drain, FLUSH_DELAY_MICROS, TimeUnit.MICROSECONDS);
            }
        }
        if (behind) {
            cutOff("the client fell more than " + maxPendingBytes + " bytes behind the stream");
        }
    }

    private void drain() {
        ByteBuf events;
        synchronized (this) {
            drainScheduled = false;
            events = batch;
            batch = null;
        }
        if (events == null) {
            return;
        }
        if (channel.isActive() && !cutOff && events.isReadable()) {
            channel.writeAndFlush(events, channel.voidPromise());
        } else {
            events.release();
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
            resync(FULL, replicationId, offset);
        }

        /** {@code full} or {@code partial}: where the stream that follows starts. */
        private void resync(byte[] kind, String replicationId, long offset) {
            byte[] id = word(replicationId);
            send(out -> {
                RespWriter.arrayHeader(4, out);
                RespWriter.bulk(kind, out);
                RespWriter.bulk(ref, out);
                RespWriter.bulk(id, out);
                RespWriter.bulk(offset, out);
            });
        }

        @Override
        public void snapshotWrite(byte[][] write) {
            send(out -> {
                RespWriter.arrayHeader(2 + write.length, out);
                RespWriter.bulk(SNAPSHOT, out);
                RespWriter.bulk(ref, out);
                words(write, out);
            });
        }

        @Override
        public void snapshotEnd() {
            send(out -> {
                RespWriter.arrayHeader(2, out);
                RespWriter.bulk(SNAPSHOT_END, out);
                RespWriter.bulk(ref, out);
            });
        }

        @Override
        public void partialResync(String replicationId, long offset) {
            resync(PARTIAL, replicationId, offset);
        }

        @Override
        public void write(long offset, byte[][] write) {
            long millis = System.currentTimeMillis();
            send(out -> {
                RespWriter.arrayHeader(4 + write.length, out);
                RespWriter.bulk(WRITE, out);
                RespWriter.bulk(ref, out);
                RespWriter.bulk(offset, out);
                RespWriter.bulk(millis, out);
                words(write, out);
            });
        }

        @Override
        public void ended(String reason) {
            over = true;
            ShardStream stream = streams.remove(shard.id());
            if (stream != null) {
                stream.close();
            }
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            send(out -> {
                RespWriter.arrayHeader(3, out);
                RespWriter.bulk(ENDED, out);
                RespWriter.bulk(ref, out);
                RespWriter.bulk(text, out);
            });
        }
    }
}
