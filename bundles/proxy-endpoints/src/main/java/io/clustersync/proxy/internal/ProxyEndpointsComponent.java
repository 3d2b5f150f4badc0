package io.clustersync.proxy.internal;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelListener;
import io.clustersync.core.api.NetworkThreads;
import io.clustersync.core.api.NodeTls;
import io.clustersync.core.api.ProxyBinding;
import io.clustersync.proxy.internal.commands.CommandRouter;
import io.clustersync.proxy.internal.commands.ConnectionCommands;
import io.clustersync.proxy.internal.pubsub.PubSubHub;
import io.clustersync.proxy.internal.resp.ProtocolLimits;
import io.clustersync.proxy.internal.server.ProxyServer;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the proxies that the endpoints' policies place on this node, and only while this node's configuration
 * is synchronized. Follows the cluster model: on {@code bind}, a node newly selected starts its proxy at once,
 * and a node no longer selected keeps its proxy until every newly selected node listens (or the hand-over
 * times out), so that clients always have somewhere to go.
 */
@Component(service = ModelListener.class, immediate = true, configurationPid = "io.clustersync.proxy")
@Designate(ocd = ProxyConfiguration.class)
public class ProxyEndpointsComponent implements ModelListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyEndpointsComponent.class);
    static final long RECONCILE_EVERY_MS = 1000;

    @Reference
    private LocalNode localNode;

    @Reference
    private ClusterModel model;

    @Reference
    private DataPlane dataPlane;

    @Reference
    private ConfigSync configSync;

    /** The node's network threads, shared with the cluster bus: a forwarded command's reply stays on its thread. */
    @Reference
    private NetworkThreads networkThreads;

    /** The node's certificate for TLS proxies (issued on first use) and the cluster's CA for client certificates. */
    @Reference
    private NodeTls nodeTls;
    private ProxyTls proxyTls;

    private ProtocolLimits limits;
    private long handoverTimeoutMs;
    private ScheduledExecutorService worker;
    private ExecutorService streamOpener;
    private CommandRouter router;
    private ConnectionCommands connectionCommands;
    private PubSubHub pubsubHub;
    private final Map<Integer, ProxyServer> servers = new HashMap<>();
    private final Map<Integer, Long> leavingSince = new HashMap<>();
    private final Map<Integer, String> lastFailure = new HashMap<>();
    private Boolean servingData;

    @Activate
    void activate(ProxyConfiguration config, Map<String, Object> properties) {
        if (properties.containsKey("io.threads")) {
            LOG.warn("io.threads in io.clustersync.proxy is not read any more: the proxy endpoints share the node's network"
                    + " threads with the cluster bus; set io.threads in etc/io.clustersync.node.cfg instead");
        }
        limits = new ProtocolLimits(config.max_bulk_bytes(), config.max_args(), config.max_inline_bytes(),
                config.max_request_bytes(), config.incomplete_request_timeout_ms());
        handoverTimeoutMs = config.handover_timeout_ms();
        proxyTls = new ProxyTls(nodeTls);
        worker = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("clustersync-proxy-endpoints", true));
        router = new CommandRouter(dataPlane);
        streamOpener = Executors.newSingleThreadExecutor(new DefaultThreadFactory("clustersync-proxy-stream-opener", true));
        pubsubHub = new PubSubHub();
        connectionCommands = new ConnectionCommands(dataPlane, model, worker, streamOpener, pubsubHub);
        dataPlane.pubsubSink(pubsubHub);
        worker.scheduleWithFixedDelay(this::reconcileGuarded, 0, RECONCILE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        dataPlane.pubsubSink(null);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the servers stop before the executors their clients' commands run on (INFO, CONFIG, CSYNC, streams)
        for (ProxyServer server : servers.values()) {
            stop(server, "the proxy-endpoints component stops");
        }
        servers.clear();
        streamOpener.shutdownNow();
    }

    @Override
    public void modelChanged(ModelChange change) {
        if (change.database() != null) {
            worker.execute(this::reconcileGuarded);
        }
    }

    private void reconcileGuarded() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.error("proxy endpoints of {}: cannot follow the cluster model: {}", localNode.identity().ref(), e.toString(), e);
        }
    }

    private void reconcile() {
        servers.values().forEach(ProxyServer::sample);
        boolean allowed = !configSync.needsFullSync();
        if (!Objects.equals(servingData, allowed)) {
            if (!allowed) {
                LOG.info("proxy endpoints of {} stay stopped: this node's configuration needs a full synchronization"
                        + " (run synchronize-all on the primary)", localNode.identity().ref());
            }
            servingData = allowed;
        }
        int me = localNode.identity().nodeId();
        List<Database> databases = model.databases();
        Set<Integer> present = new HashSet<>();
        for (Database db : databases) {
            present.add(db.id());
            ProxyServer running = servers.get(db.id());
            if (running != null && running.port() != db.endpoint().port()) {
                stop(servers.remove(db.id()), "its port changed");
                running = null;
            } else if (running != null && running.tlsMode() != db.tls()) {
                stop(servers.remove(db.id()), "tls changed to " + db.tls().label());
                running = null;
            }
            boolean placedHere = model.proxyNodes(db).contains(me);
            if (allowed && placedHere) {
                leavingSince.remove(db.id());
                if (running == null) {
                    start(db);
                } else {
                    running.update(db);
                }
            } else if (running != null) {
                running.update(db);
                if (!allowed) {
                    stop(servers.remove(db.id()), "this node's configuration is not synchronized");
                } else if (handedOver(db)) {
                    stop(servers.remove(db.id()), "policy " + db.endpoint().policy().label() + " places no proxy on "
                            + localNode.identity().ref());
                }
            }
        }
        for (Integer dbId : Set.copyOf(servers.keySet())) {
            if (!present.contains(dbId)) {
                stop(servers.remove(dbId), "the database was dropped");
            }
        }
    }

    /** True once every node the policy now selects has its proxy listening, or the hand-over timed out. */
    private boolean handedOver(Database db) {
        long since = leavingSince.computeIfAbsent(db.id(), id -> System.currentTimeMillis());
        Set<Integer> listening = dataPlane.bindings(db).stream().map(ProxyBinding::nodeId).collect(Collectors.toSet());
        List<Integer> wanted = model.proxyNodes(db);
        if (listening.containsAll(wanted)) {
            return true;
        }
        if (System.currentTimeMillis() - since > handoverTimeoutMs) {
            LOG.warn("{}: stopping the proxy on {} although the new proxies on {} do not all listen after {} ms"
                    + " (listening: {})", db.endpoint().id(), localNode.identity().ref(), wanted, handoverTimeoutMs, listening);
            return true;
        }
        return false;
    }

    private void start(Database db) {
        ProxyServer server;
        try {
            server = new ProxyServer(db, localNode.identity().address(), limits, router, connectionCommands,
                    proxyTls.context(db.tls()));
            server.start(networkThreads.group());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IllegalStateException e) {
            if (!e.getMessage().equals(lastFailure.get(db.id()))) {
                LOG.error("{}; will retry every {} ms", e.getMessage(), RECONCILE_EVERY_MS);
                lastFailure.put(db.id(), e.getMessage());
            }
            return;
        }
        lastFailure.remove(db.id());
        servers.put(db.id(), server);
        dataPlane.register(server);
        LOG.info("proxy {} listening (policy {})", server.describe(), db.endpoint().policy().label());
    }

    private void stop(ProxyServer server, String why) {
        if (server == null) {
            return;
        }
        dataPlane.unregister(server);
        server.stop();
        leavingSince.remove(server.router().database().id());
        LOG.info("proxy {} stopped: {}", server.describe(), why);
    }
}
