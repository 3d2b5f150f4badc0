package io.clustersync.admin.internal;

import io.clustersync.admin.api.DatabaseRow;
import io.clustersync.admin.api.EndpointRow;
import io.clustersync.admin.api.NodeRow;
import io.clustersync.admin.api.ShardRow;
import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.PeerStatus;
import io.clustersync.core.api.ProxyBinding;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.ShardStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One consistent read of the cluster model turned into the rows of the management tables.
 */
final class ModelRows {

    /** Node status: this node and peers heard on the cluster bus are OK; silent peers are OFFLINE. */
    static final String STATUS_OK = "OK";
    static final String STATUS_OFFLINE = "OFFLINE";
    static final String STATUS_UNKNOWN = "UNKNOWN";

    private final NodeIdentity identity;
    private final List<ClusterNode> nodes;
    private final List<Database> databases;
    private final Map<Integer, PeerStatus> peers;
    private final DataPlane dataPlane;

    /**
     * @param bus       the cluster bus, or null while it is not running (peers are then UNKNOWN)
     * @param dataPlane the data plane, or null while it is not running (bindings and shard figures are then unknown)
     */
    private List<Integer> waitingForFullSync = List.of();

    ModelRows(ClusterModel model, NodeIdentity identity, ClusterBus bus, DataPlane dataPlane) {
        this.identity = identity;
        this.dataPlane = dataPlane;
        this.nodes = model.nodes();
        this.databases = model.databases();
        this.peers = bus == null ? Map.of()
                : bus.peers().stream().collect(Collectors.toMap(PeerStatus::nodeId, Function.identity()));
    }

    ModelRows(ClusterModel model, NodeIdentity identity, DataPlane dataPlane) {
        this(model, identity, null, dataPlane);
    }

    /** The nodes that wait for Synchronize All: their proxies say so instead of "not listening". */
    ModelRows waiting(List<Integer> nodeIds) {
        this.waitingForFullSync = nodeIds;
        return this;
    }

    private String status(ClusterNode node) {
        if (node.id() == identity.nodeId()) {
            return STATUS_OK;
        }
        PeerStatus peer = peers.get(node.id());
        return peer == null ? STATUS_UNKNOWN : peer.online() ? STATUS_OK : STATUS_OFFLINE;
    }

    private String lastError(ClusterNode node) {
        PeerStatus peer = peers.get(node.id());
        return peer == null ? "" : peer.lastError();
    }

    List<Database> databases() {
        return databases;
    }

    List<NodeRow> nodes() {
        Map<Integer, Long> shardsPerNode = databases.stream().flatMap(d -> d.shards().stream())
                .collect(Collectors.groupingBy(Shard::nodeId, Collectors.counting()));
        List<NodeRow> rows = new ArrayList<>();
        for (ClusterNode node : nodes) {
            boolean local = node.id() == identity.nodeId();
            rows.add(new NodeRow(node.ref(), node.id() == identity.primaryNodeId() ? "primary" : "secondary",
                    node.address(), shardsPerNode.getOrDefault(node.id(), 0L).intValue(), local, status(node),
                    lastError(node)));
        }
        return rows;
    }

    List<DatabaseRow> databaseRows() {
        return databases.stream().map(d -> new DatabaseRow(d.ref(), d.name(), d.shardCount(), d.syncerMode().label(),
                d.endpoint().id(), d.endpoint().port(), d.endpoint().policy().label(), replication(d))).toList();
    }

    private static String replication(Database d) {
        if (d.isActiveActive()) {
            return "active-active " + d.activeActive().id() + " instance " + d.activeActive().instance() + "/"
                    + d.activeActive().instances().size() + " (" + d.replicaSources().size() + " peers "
                    + d.replicaState().label() + ")";
        }
        return d.replicaSources().isEmpty() ? "-"
                : "replica-of " + d.replicaState().label() + " (" + d.replicaSources().size() + " sources)";
    }

    /**
     * The real bindings of the database's proxies, as the nodes report them, plus a {@code not listening} row for
     * every node where the policy places a proxy that does not listen (yet).
     */
    List<EndpointRow> endpoints(Database db) {
        Map<Integer, ClusterNode> byId = nodes.stream().collect(Collectors.toMap(ClusterNode::id, Function.identity()));
        List<ProxyBinding> bindings = dataPlane == null ? null : dataPlane.bindings(db);
        List<EndpointRow> rows = new ArrayList<>();
        for (Endpoint endpoint : db.endpoints()) {
            List<Integer> placed = endpoint.policy().placeOn(db, nodes);
            Set<Integer> nodeIds = new TreeSet<>(placed);
            if (bindings != null) {
                bindings.stream().filter(b -> b.endpointId().equals(endpoint.id())).forEach(b -> nodeIds.add(b.nodeId()));
            }
            for (int nodeId : nodeIds) {
                ClusterNode node = byId.get(nodeId);
                String address = node == null ? "?" : node.address() + ":" + endpoint.port();
                ProxyBinding binding = bindings == null ? null : bindings.stream()
                        .filter(b -> b.endpointId().equals(endpoint.id()) && b.nodeId() == nodeId).findFirst().orElse(null);
                String status = bindings == null ? STATUS_UNKNOWN.toLowerCase(Locale.ROOT)
                        : binding == null ? (waitingForFullSync.contains(nodeId) ? "waiting for Synchronize All" : "not listening") : placed.contains(nodeId) ? "listening" : "handing over";
                rows.add(new EndpointRow(db.ref(), db.name(), endpoint.id(), "node:" + nodeId, endpoint.policy().label(),
                        db.tls().on(), address, status, binding == null ? 0 : binding.connections(),
                        binding == null ? 0 : Math.round(binding.opsPerSecond() * 10) / 10.0));
            }
        }
        return rows;
    }

    List<EndpointRow> endpoints() {
        return databases.stream().flatMap(db -> endpoints(db).stream()).toList();
    }

    /** The shards of the database with the figures their nodes report (UNREACHABLE when a node did not answer). */
    List<ShardRow> shards(Database db) {
        if (dataPlane == null) {
            return db.shards().stream().map(s -> new ShardRow(db.ref(), db.name(), s.ref(), "node:" + s.nodeId(), s.role(),
                    s.slots(), 0, 0, 0, "", STATUS_UNKNOWN, 0, 0)).toList();
        }
        return dataPlane.shardStats(db).stream().map(s -> new ShardRow(db.ref(), db.name(), s.ref(), "node:" + s.nodeId(),
                s.role(), s.slots(), s.keys(), s.memoryBytes(), s.offset(), s.replicationId(),
                s.reachable() ? STATUS_OK : "UNREACHABLE", s.fullSyncs(), s.partialSyncs())).toList();
    }

    List<ShardRow> shards() {
        return databases.stream().flatMap(db -> shards(db).stream()).toList();
    }
}
