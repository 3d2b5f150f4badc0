package io.clustersync.core.internal.bus;

import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.internal.node.RootCause;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This node's outbound connection to one peer: connects from this node's address, says {@link Hello},
 * sends a heartbeat every {@link #HEARTBEAT_MS}, and reconnects after a failure with a growing delay (at most
 * {@link #MAX_BACKOFF_MS}).
 */
final class PeerLink {

    static final long HEARTBEAT_MS = 1000;
    static final long MAX_BACKOFF_MS = 2000;

    private final ClusterNode peer;
    private final Hello hello;
    private final String localAddress;
    private final SslContext tls;
    private final EventLoopGroup group;
    private final PeerTable peers;
    private volatile boolean closed;
    private volatile Channel channel;
    private volatile boolean welcomed;
    /** Per channel: frames handed to {@link #send} and not yet written to it. */
    private static final AttributeKey<Outbox> OUTBOX = AttributeKey.valueOf("clustersync.bus.outbox");
    private long backoffMs = 200;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> pendingConnect;

    PeerLink(ClusterNode peer, Hello hello, String localAddress, SslContext tls, EventLoopGroup group, PeerTable peers) {
        this.peer = peer;
        this.hello = hello;
        this.localAddress = localAddress;
        this.tls = tls;
        this.group = group;
        this.peers = peers;
    }

    void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        BusPipeline.configure(ch, tls.newHandler(ch.alloc(), peer.address(), peer.busPort()));
                        ch.pipeline().addLast("link", new LinkHandler());
                    }
                });
        ChannelFuture future = bootstrap.connect(new InetSocketAddress(peer.address(), peer.busPort()),
                new InetSocketAddress(localAddress, 0));
        future.addListener(f -> {
            if (!f.isSuccess()) {
                peers.linkError(peer.id(), "cannot connect: " + RootCause.message(f.cause()));
                retry();
            } else {
                if (closed) {
                    future.channel().close();
                    return;
                }
                future.channel().attr(OUTBOX).set(new Outbox(future.channel()));
                channel = future.channel();
                channel.closeFuture().addListener(c -> retry());
            }
        });
    }

    /** Sends a frame if the link is up and welcomed; false otherwise. Frames leave in the order of the calls. */
    boolean send(Frame frame) {
        Outbox outbox = outbox();
        return outbox != null && outbox.offer(frame);
    }

    /** Sends the frame made when its turn comes (see {@link BusMessaging#send(int, java.util.function.Supplier)}). */
    boolean send(Supplier<Frame> frame) {
        Outbox outbox = outbox();
        return outbox != null && outbox.offer(frame);
    }

    /** The outbox of the link's connection while it is up and welcomed. */
    private Outbox outbox() {
        Channel ch = channel;
        return welcomed && ch != null && ch.isActive() ? ch.attr(OUTBOX).get() : null;
    }

    boolean isUp() {
        Channel ch = channel;
        return welcomed && ch != null && ch.isActive();
    }

    int peerId() {
        return peer.id();
    }

    private void retry() {
        welcomed = false;
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
        if (closed) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        synchronized (this) {
            pendingConnect = group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The peer was just heard from: if this link waits to redial, redial now instead of after the backoff. */
    void peerHeard() {
        ScheduledFuture<?> waiting;
        synchronized (this) {
            waiting = pendingConnect;
            pendingConnect = null;
        }
        if (waiting != null && !waiting.isDone() && waiting.cancel(false)) {
            backoffMs = 200;
            group.execute(this::connect);
        }
    }

    /** Stops redialing and closes the connection (the threads are shared: they outlive the link). */
    void close() {
        closed = true;
        synchronized (this) {
            if (pendingConnect != null) {
                pendingConnect.cancel(false);
                pendingConnect = null;
            }
        }
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private final class LinkHandler extends SimpleChannelInboundHandler<Frame> {

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(hello.toFrame());
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            if (frame.type() == Frame.WELCOME) {
                backoffMs = 200;
                welcomed = true;
                peers.linkUp(peer.id());
                heartbeat = ctx.executor().scheduleAtFixedRate(
                        () -> ctx.writeAndFlush(Frame.heartbeat()), 0, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
            } else if (frame.type() == Frame.REFUSE) {
                peers.linkError(peer.id(), "refused by " + peer.ref() + ": " + frame.text());
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            peers.linkError(peer.id(), RootCause.message(cause));
            ctx.close();
        }
    }
}
