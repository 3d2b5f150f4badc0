package io.clustersync.core.internal.bus;

import io.clustersync.core.api.BusRefusal;
import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.NetworkThreads;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.PeerStatus;
import io.clustersync.core.internal.node.ConfigurationChange;
import io.clustersync.core.internal.node.NodeConfiguration;
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
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's cluster bus: listens on {@code address:bus.port} with mutual TLS, dials every peer, and keeps
 * the {@link PeerTable} of who is online. Its connections run on the node's {@link NetworkThreads}, beside the
 * proxy endpoints' client connections.
 */
@Component(service = {ClusterBus.class, BusMessaging.class}, immediate = true, configurationPid = NodeConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class ClusterBusComponent implements ClusterBus, BusMessaging {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBusComponent.class);
    /** The configuration values the bus started with (see {@link ConfigurationChange}). */
    private Map<String, Object> started;

    @Reference
    private LocalNode localNode;

    @Reference
    private NetworkThreads networkThreads;

    /** The connections peers opened to this node (the group is shared: stopping the bus must close them itself). */
    private final ChannelGroup inbound = new DefaultChannelGroup("cluster bus inbound", GlobalEventExecutor.INSTANCE);
    private ScheduledFuture<?> expiry;
    private Channel server;
    private PeerTable peers;
    private ClusterCertificate certificate;
    private final List<PeerLink> links = new CopyOnWriteArrayList<>();
    private final FrameDispatch handlers = new FrameDispatch();

    /** bus.tls_engine, as configured. */
    private String tlsEngine;

    @Activate
    void activate(NodeConfiguration config, Map<String, Object> properties) {
        started = ConfigurationChange.values(properties, "bus.tls_engine"::equals);
        NodeIdentity me = localNode.identity();
        try {
            tlsEngine = config.bus_tls__engine().trim().toLowerCase(Locale.ROOT);
            SslProvider tls = ClusterCertificate.provider(tlsEngine);
            certificate = ClusterCertificate.load(localNode.home().resolve("etc"), me.clusterName());
            List<ClusterNode> others = me.members().stream().filter(n -> n.id() != me.nodeId()).toList();
            peers = new PeerTable(others, System::currentTimeMillis);
            EventLoopGroup group = networkThreads.group();
            SslContext serverTls = certificate.serverContext(tls);
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            inbound.add(ch);
                            BusPipeline.configure(ch, serverTls.newHandler(ch.alloc()));
                            ch.pipeline().addLast("inbound", new InboundHandler(me.clusterName(), me.nodeId(), peers, handlers));
                        }
                    })
                    .bind(new InetSocketAddress(me.address(), me.busPort())).syncUninterruptibly().channel();
            SslContext clientTls = certificate.clientContext(tls);
            Hello hello = new Hello(Hello.PROTOCOL_VERSION, me.clusterName(), me.nodeId());
            for (ClusterNode peer : others) {
                PeerLink link = new PeerLink(peer, hello, me.address(), clientTls, group, peers);
                links.add(link);
                link.start();
            }
            peers.onOnline(id -> links.stream().filter(l -> l.peerId() == id).forEach(PeerLink::peerHeard));
            expiry = group.scheduleAtFixedRate(peers::expire, 500, 500, TimeUnit.MILLISECONDS);
            LOG.info("cluster bus of {} listening on {}:{} (TLS by {}, certificate '{}' {}), {} peer(s)", me.ref(),
                    me.address(), me.busPort(), ClusterCertificate.providerDescription(tlsEngine), certificate.alias(),
                    certificate.fingerprint(), others.size());
        } catch (Exception e) {
            // Netty rethrows the checked BindException of bind() without declaring it
            String message = e.getMessage();
            if (e instanceof BindException || (message != null && message.contains("Address already in use"))) {
                message = "the cluster bus cannot listen on " + me.address() + ":" + me.busPort() + ": " + message
                        + " (another process uses that port? set bus.port in etc/io.clustersync.node.cfg)";
            }
            LOG.error("clustersync node cannot start: {}", message);
            deactivate();
            throw new IllegalStateException(message, e);
        }
    }

    /** A configuration update: nothing when no value changed, one restart of the bus when one did. */
    @Modified
    void modified(ComponentContext context, Map<String, Object> properties) {
        ConfigurationChange.restartIfChanged(context, started, properties, "bus.tls_engine"::equals, LOG);
    }

    @Deactivate
    void deactivate() {
        links.forEach(PeerLink::close);
        links.clear();
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        inbound.close().awaitUninterruptibly();
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    @Override
    public List<PeerStatus> peers() {
        return peers.peers();
    }

    @Override
    public String tlsEngine() {
        return ClusterCertificate.providerDescription(tlsEngine);
    }

    @Override
    public List<BusRefusal> refusals() {
        return peers.refusals();
    }

    @Override
    public boolean send(int nodeId, Frame frame) {
        BusPipeline.checkSize(frame);
        PeerLink link = link(nodeId);
        return link != null && link.send(frame);
    }

    @Override
    public boolean send(int nodeId, Supplier<Frame> frame) {
        PeerLink link = link(nodeId);
        return link != null && link.send(frame);
    }

    private PeerLink link(int nodeId) {
        for (PeerLink link : links) {
            if (link.peerId() == nodeId) {
                return link;
            }
        }
        return null;
    }

    @Override
    public boolean isLinkUp(int nodeId) {
        return links.stream().anyMatch(l -> l.peerId() == nodeId && l.isUp());
    }

    @Override
    public void handle(byte type, Handler handler) {
        if (type < Frame.FIRST_APPLICATION_TYPE) {
            throw new IllegalArgumentException("frame type " + type + " belongs to the bus itself");
        }
        handlers.register(type, handler);
    }

    @Override
    public void unhandle(byte type) {
        handlers.unregister(type);
    }

    @Override
    public String certificateAlias() {
        return certificate.alias();
    }

    @Override
    public String certificateFingerprint() {
        return certificate.fingerprint();
    }
}
