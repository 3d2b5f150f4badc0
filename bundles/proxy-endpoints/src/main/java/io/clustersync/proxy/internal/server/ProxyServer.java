package io.clustersync.proxy.internal.server;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.RunningProxy;
import io.clustersync.core.api.TlsMode;
import io.clustersync.proxy.internal.commands.CommandRouter;
import io.clustersync.proxy.internal.commands.ConnectionCommands;
import io.clustersync.proxy.internal.commands.EndpointView;
import io.clustersync.proxy.internal.commands.ShardRouter;
import io.clustersync.proxy.internal.resp.ProtocolLimits;
import io.clustersync.proxy.internal.resp.RespDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy of one database endpoint on this node: a RESP server on {@code <node address>:<endpoint port>}.
 * Its routing follows the cluster model ({@link #update}); its traffic figures are what status and JMX show.
 */
public final class ProxyServer implements RunningProxy, EndpointView {

    private final String address;
    private final ProtocolLimits limits;
    private final CommandRouter router;
    private final ConnectionCommands connectionCommands;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong connectionsReceived = new AtomicLong();
    private final LongAdder commands = new LongAdder();
    private final AtomicLong protocolErrors = new AtomicLong();
    private final OpsRate rate = new OpsRate();
    private final long startedAtMs = System.currentTimeMillis();
    /** The TLS this proxy speaks (null: plain), and what counts its refused handshakes. */
    private final SslContext tls;
    private final TlsMode tlsMode;
    private final ProxyRefusals refusals;
    private volatile ShardRouter routing;
    private volatile Endpoint endpoint;
    private Channel listener;

    /** A proxy of {@code database}; {@code tls} is the server context for its {@link Database#tls()} mode, or null. */
    public ProxyServer(Database database, String address, ProtocolLimits limits, CommandRouter router,
                       ConnectionCommands connectionCommands, SslContext tls) {
        this.tls = database.tls().on() ? tls : null;
        this.tlsMode = this.tls == null ? TlsMode.NO : database.tls();
        this.routing = new ShardRouter(database);
        this.endpoint = database.endpoint();
        this.address = address;
        this.limits = limits;
        this.router = router;
        this.connectionCommands = connectionCommands;
        this.refusals = new ProxyRefusals(endpoint.id() + " on " + address + ":" + endpoint.port());
    }

    /** The TLS mode this proxy was started with: a change of the database's needs a new proxy. */
    public TlsMode tlsMode() {
        return tlsMode;
    }

    @Override
    public long tlsRefusals() {
        return refusals.refused();
    }

    @Override
    public long passwordRefusals() {
        return refusals.passwords();
    }

    @Override
    public void passwordRefused(String client) {
        refusals.password(client);
    }

    /** Binds the port; throws when it cannot (the message names address and port). */
    public void start(EventLoopGroup threads) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(threads)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // a client that shuts down its sending side still gets the replies it is owed (ClientConnection)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        RespDecoder decoder = new RespDecoder(limits);
                        if (tls != null) {
                            channel.pipeline().addLast("tls", tls.newHandler(channel.alloc())).addLast("tls-refusals", refusals);
                        }
                        channel.pipeline()
                                .addLast("resp", decoder)
                                .addLast("client", new ClientConnection(ProxyServer.this, decoder, router, connectionCommands));
                    }
                });
        try {
            listener = bootstrap.bind(new InetSocketAddress(address, endpoint.port())).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + address + ":" + endpoint.port() + " for " + describe()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Follows a change of the database in the model (shards, password, policy). */
    public void update(Database database) {
        routing = new ShardRouter(database);
        endpoint = database.endpoint();
    }

    /** Stops listening and closes every client connection. */
    public void stop() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        clients.close().awaitUninterruptibly();
    }

    public String describe() {
        return endpoint.id() + " (" + routing.database().ref() + " '" + routing.database().name() + "') on " + address
                + ":" + endpoint.port() + (tlsMode.on() ? " (TLS " + tlsMode.label() + ")" : "");
    }

    void connected(Channel channel) {
        clients.add(channel);
        connections.incrementAndGet();
        connectionsReceived.incrementAndGet();
    }

    void disconnected(Channel channel) {
        connections.decrementAndGet();
    }

    void counted() {
        commands.increment();
    }

    void protocolError() {
        protocolErrors.incrementAndGet();
    }

    public long protocolErrors() {
        return protocolErrors.get();
    }

    /** Samples the command counter; called every second. */
    public void sample() {
        rate.sample(commands.sum());
    }

    @Override
    public ShardRouter router() {
        return routing;
    }

    @Override
    public ProtocolLimits limits() {
        return limits;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public int port() {
        return endpoint.port();
    }

    @Override
    public int connections() {
        return connections.get();
    }

    @Override
    public long connectionsReceived() {
        return connectionsReceived.get();
    }

    @Override
    public long commands() {
        return commands.sum();
    }

    @Override
    public double opsPerSecond() {
        return rate.perSecond();
    }

    @Override
    public long startedAtMs() {
        return startedAtMs;
    }
}
