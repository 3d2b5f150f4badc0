package io.clustersync.proxy.internal.server;

import io.clustersync.core.api.Reply;
import io.clustersync.core.api.ShardStream;
import io.clustersync.core.api.ShardStreamListener;
import io.clustersync.proxy.internal.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection turned into a shard's replication stream by {@code CSYNC PSYNC}: every event is written as
 * a RESP array ({@code full <replid> <offset>}, {@code snapshot <write...>}, {@code snapshot-end},
 * {@code partial <replid> <offset>}, {@code write <offset> <write...>}); the end of the stream is an error
 * reply and a closed connection. A client more than {@code maxPendingBytes} behind is cut off.
 */
final class ReplicationStream implements ShardStreamListener {

    private static final byte[] FULL = word("full");
    private static final byte[] SNAPSHOT = word("snapshot");
    private static final byte[] SNAPSHOT_END = word("snapshot-end");
    private static final byte[] PARTIAL = word("partial");
    private static final byte[] WRITE = word("write");

    private final Channel channel;
    private final int protocol;
    private final long maxPendingBytes;
    private final AtomicLong pending = new AtomicLong();
    private volatile ShardStream stream;
    private volatile boolean ended;

    ReplicationStream(Channel channel, int protocol, long maxPendingBytes) {
        this.channel = channel;
        this.protocol = protocol;
        this.maxPendingBytes = maxPendingBytes;
    }

    void attach(ShardStream opened) {
        this.stream = opened;
        if (ended) {
            opened.close();
        }
    }

    void close() {
        ended = true;
        ShardStream current = stream;
        if (current != null) {
            current.close();
        }
    }

    private static byte[] word(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void send(byte[] head, byte[] second, byte[][] write) {
        if (ended) {
            return;
        }
        List<Reply> items = new ArrayList<>(2 + (write == null ? 0 : write.length));
        items.add(new Reply.Bulk(head));
        if (second != null) {
            items.add(new Reply.Bulk(second));
        }
        long size = 32;
        if (write != null) {
            for (byte[] arg : write) {
                items.add(new Reply.Bulk(arg));
                size += 16 + arg.length;
            }
        }
        if (pending.addAndGet(size) > maxPendingBytes) {
            ended("the client fell more than " + maxPendingBytes + " bytes behind the stream");
            return;
        }
        Reply event = Reply.array(items);
        long bytes = size;
        channel.eventLoop().execute(() -> {
            pending.addAndGet(-bytes);
            if (channel.isActive()) {
                ByteBuf out = channel.alloc().ioBuffer();
                RespWriter.write(event, protocol, out);
                channel.write(out, channel.voidPromise());
                if (pending.get() == 0) {
                    channel.flush();
                }
            }
        });
    }

    private static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void fullResync(String replicationId, long offset) {
        send(FULL, word(replicationId), new byte[][] {number(offset)});
    }

    @Override
    public void snapshotWrite(byte[][] write) {
        send(SNAPSHOT, null, write);
    }

    @Override
    public void snapshotEnd() {
        send(SNAPSHOT_END, null, null);
    }

    @Override
    public void partialResync(String replicationId, long offset) {
        send(PARTIAL, word(replicationId), new byte[][] {number(offset)});
    }

    @Override
    public void write(long offset, byte[][] write) {
        send(WRITE, number(offset), write);
    }

    @Override
    public void ended(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        ShardStream current = stream;
        if (current != null) {
            current.close();
        }
        channel.eventLoop().execute(() -> {
            ByteBuf out = channel.alloc().ioBuffer();
            RespWriter.write(Reply.error("ERR replication stream ended: " + reason), protocol, out);
            channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        });
    }
}
