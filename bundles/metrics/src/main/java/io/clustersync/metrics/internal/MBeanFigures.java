package io.clustersync.metrics.internal;

import io.clustersync.admin.api.ActiveActiveMXBean;
import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.admin.api.CrdbPeerRow;
import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.api.EndpointRow;
import io.clustersync.admin.api.ShardRow;
import io.clustersync.admin.api.SyncNodeRow;
import io.clustersync.admin.api.SyncerMXBean;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The figures the node's {@code io.clustersync} MXBeans show, read from the MBean server at each scrape and named
 * as Prometheus names things: per syncer (database and source) its status, lag, ingress bytes, ops/s and full and
 * partial syncs; per Active-Active peer the same; per node of the cluster its configuration sync state and applied
 * sequence, and Synchronize All's progress; per proxy of this node its connections and ops/s; per shard this node
 * holds its keys, memory and offset. A bean that goes away during a scrape is left out of it.
 */
final class MBeanFigures {

    private static final Logger LOG = LoggerFactory.getLogger(MBeanFigures.class);

    private final MBeanServer server;

    MBeanFigures(MBeanServer server) {
        this.server = server;
    }

    /** One family of metrics being filled: a gauge, a counter or an info, its points added as beans are read. */
    private static final class Family {
        final String name;
        final String help;
        final char kind;
        final List<Object> points = new ArrayList<>();

        Family(String name, String help, char kind) {
            this.name = name;
            this.help = help;
            this.kind = kind;
        }

        void add(double value, String... labels) {
            Labels l = Labels.of(labels);
            points.add(switch (kind) {
                case 'g' -> GaugeDataPointSnapshot.builder().labels(l).value(value).build();
                case 'c' -> CounterDataPointSnapshot.builder().labels(l).value(Math.max(0, value)).build();
                default -> InfoDataPointSnapshot.builder().labels(l).build();
            });
        }

        MetricSnapshot snapshot() {
            return switch (kind) {
                case 'g' -> {
                    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
                    points.forEach(p -> b.dataPoint((GaugeDataPointSnapshot) p));
                    yield b.build();
                }
                case 'c' -> {
                    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
                    points.forEach(p -> b.dataPoint((CounterDataPointSnapshot) p));
                    yield b.build();
                }
                default -> {
                    InfoSnapshot.Builder b = InfoSnapshot.builder().name(name).help(help);
                    points.forEach(p -> b.dataPoint((InfoDataPointSnapshot) p));
                    yield b.build();
                }
            };
        }
    }

    /** The families of one scrape, in the order they were first named. */
    private static final class Scrape {
        final Map<String, Family> families = new LinkedHashMap<>();

        Family gauge(String name, String help) {
            return families.computeIfAbsent(name, n -> new Family(n, help, 'g'));
        }

        /** A counter; the text format adds {@code _total} to its name. */
        Family counter(String name, String help) {
            return families.computeIfAbsent(name, n -> new Family(n, help, 'c'));
        }

        /** An info; the text format adds {@code _info} to its name, and its value is always 1. */
        Family info(String name, String help) {
            return families.computeIfAbsent(name, n -> new Family(n, help, 'i'));
        }

        MetricSnapshots snapshots() {
            MetricSnapshots.Builder b = MetricSnapshots.builder();
            families.values().forEach(f -> b.metricSnapshot(f.snapshot()));
            return b.build();
        }
    }

    MetricSnapshots scrape() {
        Scrape s = new Scrape();
        String localNode = readOne(ClusterMXBean.OBJECT_NAME, ClusterMXBean.class, ClusterMXBean::getLocalNode);
        each(ConfigSyncMXBean.OBJECT_NAME, ConfigSyncMXBean.class, (name, c) -> configSync(s, c));
        each("io.clustersync:type=Syncer,*", SyncerMXBean.class, (name, syncer) -> syncer(s, key(name, "db"), syncer));
        each(ActiveActiveMXBean.TYPE_PATTERN, ActiveActiveMXBean.class, (name, aa) -> activeActive(s, key(name, "name"), aa));
        each(DatabaseMXBean.TYPE_PATTERN, DatabaseMXBean.class, (name, db) -> database(s, db, localNode));
        return s.snapshots();
    }

    private static void configSync(Scrape s, ConfigSyncMXBean c) {
        s.gauge("clustersync_config_sync_last_sequence", "Sequence of the last configuration change this node knows")
                .add(c.getLastSequence());
        s.gauge("clustersync_config_sync_needs_full_sync", "1 while this node waits for Synchronize All, else 0")
                .add(c.isNeedsFullSync() ? 1 : 0);
        for (SyncNodeRow row : c.getNodes()) {
            s.info("clustersync_config_sync_state", "Configuration sync state of each node of the cluster as this node"
                    + " sees it").add(1, "node", row.node(), "role", row.role(), "state", row.state());
            s.gauge("clustersync_config_sync_applied_sequence", "Sequence of the last configuration change each node"
                    + " applied").add(row.applied(), "node", row.node());
        }
        String job = c.getJobId();
        if (job != null && !job.isEmpty()) {
            s.info("clustersync_synchronize_all", "The last Synchronize All job this node knows, and its state")
                    .add(1, "job", job, "state", String.valueOf(c.getJobState()));
            s.gauge("clustersync_synchronize_all_progress_ratio", "Progress of the last Synchronize All job, 0 to 1")
                    .add(c.getJobProgress() / 100.0, "job", job);
        }
    }

    /** A Replica Of syncer's figures, labelled with its database's name (as the bean's object name has it) and source. */
    private static void syncer(Scrape s, String db, SyncerMXBean syncer) {
        String[] labels = {"db", db, "source", syncer.getSource()};
        s.info("clustersync_syncer_status", "A Replica Of syncer's mode and status (running, syncing, paused, stopped,"
                + " error, high-lag)").add(1, "db", db, "source", syncer.getSource(), "mode",
                syncer.getMode(), "status", syncer.getStatus());
        s.gauge("clustersync_syncer_lag_milliseconds", "How far the destination is behind the source, in ms")
                .add(syncer.getLagMs(), labels);
        s.counter("clustersync_syncer_ingress_bytes", "Bytes the syncer received from the source").add(syncer.getIngressBytes(), labels);
        s.gauge("clustersync_syncer_ops_per_second", "Writes the syncer applied per second, lately").add(syncer.getOpsPerSecond(), labels);
        s.counter("clustersync_syncer_full_syncs", "Full syncs of the syncer's source").add(syncer.getFullSyncs(), labels);
        s.counter("clustersync_syncer_partial_syncs", "Partial resyncs of the syncer's source").add(syncer.getPartialSyncs(), labels);
        s.gauge("clustersync_syncer_connections", "Connections the syncer holds to the source").add(syncer.getConnections(), labels);
    }

    private static void activeActive(Scrape s, String db, ActiveActiveMXBean aa) {
        s.gauge("clustersync_crdb_tombstones", "Tombstones an Active-Active instance keeps until every instance has seen"
                + " them").add(aa.getTombstones(), "db", db);
        s.counter("clustersync_crdb_tombstones_collected", "Tombstones forgotten once every instance had seen them")
                .add(aa.getTombstonesCollected(), "db", db);
        s.counter("clustersync_crdb_merged_deltas", "Peers' writes merged into this instance").add(aa.getMergedDeltas(), "db", db);
        for (CrdbPeerRow p : aa.getPeers()) {
            String peer = String.valueOf(p.instance());
            s.info("clustersync_crdb_peer_status", "Each peer instance's stream status").add(1, "db", db, "peer", peer,
                    "cluster", p.cluster(), "status", p.status());
            s.gauge("clustersync_crdb_peer_lag_milliseconds", "How far this instance is behind a peer's writes, in ms")
                    .add(p.lagMs(), "db", db, "peer", peer);
            s.counter("clustersync_crdb_peer_ingress_bytes", "Bytes received from a peer").add(p.ingressBytes(), "db", db, "peer", peer);
            s.counter("clustersync_crdb_peer_full_syncs", "Full syncs from a peer").add(p.fullSyncs(), "db", db, "peer", peer);
            s.counter("clustersync_crdb_peer_partial_syncs", "Partial resyncs from a peer").add(p.partialSyncs(), "db", db, "peer", peer);
        }
    }

    private static void database(Scrape s, DatabaseMXBean db, String localNode) {
        String name = db.getName();
        for (EndpointRow e : db.getEndpoints()) {
            if (localNode != null && !localNode.equals(e.node())) {
                continue;
            }
            String[] labels = {"db", name, "endpoint", e.id(), "address", e.address()};
            s.gauge("clustersync_proxy_connections", "Client connections of a proxy on this node").add(e.connections(), labels);
            s.gauge("clustersync_proxy_ops_per_second", "Commands a proxy on this node served per second, lately")
                    .add(e.opsPerSecond(), labels);
        }
        for (ShardRow shard : db.getShards()) {
            if (localNode != null && !localNode.equals(shard.node())) {
                continue;
            }
            String[] labels = {"db", name, "shard", shard.id(), "role", shard.role()};
            s.gauge("clustersync_shard_keys", "Keys of a shard on this node").add(shard.keys(), labels);
            s.gauge("clustersync_shard_memory_bytes", "Memory a shard on this node uses for its keys and values, in bytes")
                    .add(shard.memoryBytes(), labels);
            s.gauge("clustersync_shard_offset", "Replication offset of a shard on this node").add(shard.offset(), labels);
        }
    }

    /** A key property of an object name, unquoted when the name quotes it. */
    private static String key(ObjectName name, String property) {
        String value = name.getKeyProperty(property);
        return value != null && value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    /** A text a bean shows, or null when it is not registered (yet) or fails. */
    private <T> String readOne(String name, Class<T> type, Function<T, String> read) {
        List<String> found = new ArrayList<>();
        each(name, type, (objectName, bean) -> found.add(read.apply(bean)));
        return found.isEmpty() ? null : found.get(0);
    }

    /** Reads every bean of a name (or pattern) as {@code type}; one that fails or goes away is left out. */
    private <T> void each(String pattern, Class<T> type, BiConsumer<ObjectName, T> read) {
        Set<ObjectName> names;
        try {
            names = server.queryNames(new ObjectName(pattern), null);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(pattern, e);
        }
        for (ObjectName name : names) {
            try {
                read.accept(name, JMX.newMXBeanProxy(server, name, type));
            } catch (UndeclaredThrowableException | IllegalStateException | IllegalArgumentException e) {
                LOG.debug("metrics: {} left out of this scrape: {}", name, e.toString());
            }
        }
    }
}
