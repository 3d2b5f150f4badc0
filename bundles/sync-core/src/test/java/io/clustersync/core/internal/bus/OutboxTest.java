package io.clustersync.core.internal.bus;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames handed to an outbox leave in order, packed together, from any thread; made frames are made late. */
class OutboxTest {

    /** Frames as they went on the wire: every outbound buffer split at its length prefixes. */
    private static List<Frame> wire(EmbeddedChannel channel, List<Integer> buffers) {
        List<Frame> frames = new ArrayList<>();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            buffers.add(buf.readableBytes());
            while (buf.isReadable()) {
                int length = buf.readInt();
                byte type = buf.readByte();
                byte[] payload = new byte[length - 1];
                buf.readBytes(payload);
                frames.add(new Frame(type, payload));
            }
            buf.release();
        }
        return frames;
    }

    private static Frame numbered(int i) {
        return new Frame((byte) 20, Frame.utf8("frame " + i));
    }

    @Test
    void aBurstLeavesInOrderInOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Outbox outbox = new Outbox(channel);
        List<String> gathered = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(outbox.offer(numbered(i)));
        }
        assertTrue(outbox.offer(() -> new Frame((byte) 21, Frame.utf8(String.join(",", gathered)))));
        gathered.add("late");
        assertTrue(outbox.offer(() -> null));
        channel.runPendingTasks();
        List<Integer> buffers = new ArrayList<>();
        List<Frame> frames = wire(channel, buffers);
        assertEquals(101, frames.size());
        for (int i = 0; i < 100; i++) {
            assertEquals("frame " + i, frames.get(i).text());
        }
        assertEquals("late", frames.get(100).text(), "a made frame is made when it leaves");
        assertEquals(1, buffers.size(), "one buffer for the burst");
    }

    @Test
    void aFrameLargerThanAPackHasABufferOfItsOwn() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Outbox outbox = new Outbox(channel);
        outbox.offer(numbered(1));
        outbox.offer(new Frame((byte) 22, new byte[Outbox.PACK_BYTES + 10]));
        outbox.offer(numbered(2));
        channel.runPendingTasks();
        List<Integer> buffers = new ArrayList<>();
        List<Frame> frames = wire(channel, buffers);
        assertEquals(List.of("frame 1", "frame 2"), List.of(frames.get(0).text(), frames.get(2).text()));
        assertEquals(Outbox.PACK_BYTES + 10, frames.get(1).payload().length);
        assertEquals(3, buffers.size());
    }

    @Test
    void framesFromManyThreadsAllLeaveInEachThreadsOrder() throws Exception {
        EventLoopGroup group = new DefaultEventLoopGroup(1);
        LocalAddress address = new LocalAddress("outbox-test");
        List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(1);
        int threads = 4;
        int each = 5_000;
        Channel server = new ServerBootstrap().group(group)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        EmbeddedChannel split = new EmbeddedChannel();
                        split.writeOutbound(msg);
                        frames.addAll(wire(split, new ArrayList<>()));
                        if (frames.size() == threads * each) {
                            all.countDown();
                        }
                    }
                }).bind(address).sync().channel();
        Channel client = new Bootstrap().group(group)
                .channel(LocalChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
        try {
            Outbox outbox = new Outbox(client);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread sender = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        outbox.offer(new Frame((byte) 20, Frame.utf8(thread + ":" + i)));
                    }
                });
                senders.add(sender);
                sender.start();
            }
            for (Thread sender : senders) {
                sender.join(10_000);
            }
            assertTrue(all.await(20, TimeUnit.SECONDS), "only " + frames.size() + " of " + threads * each + " frames left");
            int[] next = new int[threads];
            for (Frame f : frames) {
                String[] parts = f.text().split(":");
                int thread = Integer.parseInt(parts[0]);
                assertEquals(next[thread]++, Integer.parseInt(parts[1]), "thread " + thread + "'s frames out of order");
            }
        } finally {
            client.close().sync();
            server.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
