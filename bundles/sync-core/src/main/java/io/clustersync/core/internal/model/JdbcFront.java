package io.clustersync.core.internal.model;

import io.clustersync.core.api.RefusalLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The JDBC port of the node: relays each client's bytes to the H2 TCP server (on a port of its own on the loopback
 * address) and back, and reads the start of H2's answers to see a refused login. H2 answers a session's opening
 * with its status and protocol version, then, when the user or password is wrong, with an error of SQLSTATE 28000;
 * such a refusal is logged with the client's address (at most one line a second) and counted in
 * {@code io.clustersync:type=JdbcServer}. H2 itself has no hook for a failed login.
 */
final class JdbcFront implements AutoCloseable {

    static final String OBJECT_NAME = "io.clustersync:type=JdbcServer";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcFront.class);
    /** H2's opening answer (status, version), then the next answer's status, SQLSTATE length and its 5 chars. */
    private static final int WATCHED = 4 + 4 + 4 + 4 + 10;
    private static final byte[] WRONG_LOGIN = "28000".getBytes(StandardCharsets.UTF_16BE);

    private final EventLoopGroup group;
    private final Channel listener;
    private final RefusalLog refusals = new RefusalLog(LOG);

    private JdbcFront(String address, int port, String backendAddress, int backendPort) {
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("clustersync-jdbc-front", true));
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel client) {
                            client.pipeline().addLast(new ClientSide(backendAddress, backendPort));
                        }
                    }).bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        refusals.publish(OBJECT_NAME, "What the configuration database's JDBC server refused since the node started;"
                + " each refusal is also logged with the client's address", "Logins refused for a wrong user or password",
                "The last refusal: when, from where and why");
    }

    /** The front on {@code address:port}, relaying to H2 on {@code backendAddress:backendPort}. */
    static JdbcFront start(String address, int port, String backendAddress, int backendPort) {
        return new JdbcFront(address, port, backendAddress, backendPort);
    }

    private void refused(Object client) {
        refusals.refused("the configuration database's JDBC server refused a login from " + client + ": wrong user or password");
    }

    @Override
    public void close() {
        refusals.unpublish();
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A client's connection: opens its relay to H2 first, then reads the client as H2 takes its bytes. */
    private final class ClientSide extends ChannelInboundHandlerAdapter {

        private final String address;
        private final int backendPort;
        private Channel server;

        ClientSide(String address, int backendPort) {
            this.address = address;
            this.backendPort = backendPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class).option(ChannelOption.AUTO_READ, false)
                    .handler(new ServerSide(client)).connect(address, backendPort).addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            server = f.channel();
                            server.read();
                            client.read();
                        } else {
                            LOG.warn("JDBC: cannot reach the configuration database's H2 server on {}:{}: {}", address,
                                    backendPort, f.cause().toString());
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            server.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                    ctx.close();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (server != null) {
                server.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** H2's side of a client's connection: relays back, watching the first answers for a refused login. */
    private final class ServerSide extends ChannelInboundHandlerAdapter {

        private final Channel client;
        private final ByteBuf head = Unpooled.buffer(WATCHED);
        private boolean decided;

        ServerSide(Channel client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            if (!decided) {
                head.writeBytes(bytes, bytes.readerIndex(), Math.min(bytes.readableBytes(), head.writableBytes()));
                decide();
            }
            client.writeAndFlush(bytes).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                    ctx.close();
                }
            });
        }

        private void decide() {
            if (head.readableBytes() >= 12 && head.getInt(8) != 0) {
                decided = true; // the session's second answer is no error: logged in
            } else if (head.readableBytes() == WATCHED) {
                decided = true;
                byte[] state = new byte[WRONG_LOGIN.length];
                head.getBytes(16, state);
                if (head.getInt(12) == 5 && Arrays.equals(state, WRONG_LOGIN)) {
                    refused(client.remoteAddress());
                }
            }
            if (decided) {
                head.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!decided) {
                decided = true;
                head.release();
            }
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
