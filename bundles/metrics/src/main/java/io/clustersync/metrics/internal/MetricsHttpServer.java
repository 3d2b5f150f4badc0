package io.clustersync.metrics.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The node's Prometheus endpoint: {@code GET /metrics} on {@code address:metrics.port} answers the MXBeans' figures
 * in the Prometheus text format (0.0.4), written by the Prometheus Java client's own writer. Any other path is 404,
 * any other method 405; a request line or headers larger than 8 KB, or a client silent for 30 s, closes the
 * connection. One thread of its own: a scrape never waits behind the data plane.
 */
final class MetricsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final EventLoopGroup group;
    private final Channel channel;

    private MetricsHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    static MetricsHttpServer start(String address, int port, Supplier<MetricSnapshots> scrape) {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "clustersync-metrics-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        EventLoopGroup group = new NioEventLoopGroup(1, factory);
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(30, TimeUnit.SECONDS), new HttpServerCodec(8192, 8192, 8192),
                                    new HttpObjectAggregator(64 * 1024), new Handler(scrape));
                        }
                    }).bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
            LOG.info("metrics endpoint listening on http://{}:{}/metrics", address, port);
            return new MetricsHttpServer(group, channel);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for metrics on " + address + ":" + port + " (metrics.port): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Supplier<MetricSnapshots> scrape;

        Handler(Supplier<MetricSnapshots> scrape) {
            this.scrape = scrape;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                reply(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request: " + request.decoderResult().cause() + "\n");
                return;
            }
            String path = new QueryStringDecoder(request.uri()).path();
            if (!path.equals("/metrics")) {
                reply(ctx, request, HttpResponseStatus.NOT_FOUND, "no " + path + " here; the metrics are at /metrics\n");
                return;
            }
            if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                reply(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "/metrics answers GET only\n");
                return;
            }
            ByteBuf body = ctx.alloc().buffer();
            try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
                WRITER.write(out, scrape.get(), EscapingScheme.UNDERSCORE_ESCAPING);
            } catch (IOException | RuntimeException e) {
                body.release();
                LOG.warn("metrics: a scrape from {} failed: {}", ctx.channel().remoteAddress(), e.toString());
                reply(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "scrape failed: " + e + "\n");
                return;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    request.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : body);
            if (request.method().equals(HttpMethod.HEAD)) {
                body.release();
            }
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, WRITER.getContentType());
            send(ctx, request, response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("metrics: connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        private static void reply(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String text) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            send(ctx, request, response);
        }

        private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            HttpUtil.setKeepAlive(response, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
