package io.clustersync.admin.internal;

import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.DatabaseRow;
import io.clustersync.admin.api.NodeRow;
import io.clustersync.admin.api.ParameterRow;
import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.ActiveActive;
import io.clustersync.core.api.DatabaseSpec;
import io.clustersync.core.api.LocalNode;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** The {@code io.clustersync:type=Cluster} MXBean over the cluster model. */
final class ClusterMBean implements ClusterMXBean {

    private final ClusterModel model;
    private final LocalNode node;
    private final Supplier<ClusterBus> bus;
    private final Supplier<DataPlane> dataPlane;
    private final Supplier<ConfigSync> configSync;

    ClusterMBean(ClusterModel model, LocalNode node, Supplier<ClusterBus> bus, Supplier<DataPlane> dataPlane,
                 Supplier<ConfigSync> configSync) {
        this.model = model;
        this.node = node;
        this.bus = bus;
        this.dataPlane = dataPlane;
        this.configSync = configSync;
    }


    private ModelRows rows() {
        return new ModelRows(model, node.identity(), bus.get(), dataPlane.get()).waiting(FullSyncWaits.of(configSync.get()));
    }

    @Override
    public List<String> getBusRefusals() {
        ClusterBus current = bus.get();
        return current == null ? List.of() : current.refusals().stream()
                .map(r -> Instant.ofEpochMilli(r.atMs()) + " " + r.remote() + ": " + r.reason()).toList();
    }

    @Override
    public String getCertificateFingerprint() {
        ClusterBus current = bus.get();
        return current == null ? "" : current.certificateFingerprint();
    }

    @Override
    public String getBusTlsEngine() {
        ClusterBus current = bus.get();
        return current == null ? "" : current.tlsEngine();
    }

    @Override
    public String getClusterName() {
        return node.identity().clusterName();
    }

    @Override
    public String getLocalNode() {
        return node.identity().ref();
    }

    @Override
    public String getPrimaryNode() {
        return "node:" + node.identity().primaryNodeId();
    }

    @Override
    public String getVersion() {
        return node.version();
    }

    @Override
    public List<NodeRow> getNodes() {
        return JmxErrors.call(() -> rows().nodes());
    }

    @Override
    public List<DatabaseRow> getDatabases() {
        return JmxErrors.call(() -> rows().databaseRows());
    }

    @Override
    public String getStatusText() {
        return status("");
    }

    @Override
    public String status(String section) {
        return JmxErrors.call(() -> new StatusReport(rows(), FullSyncWaits.of(configSync.get())).render(section));
    }

    @Override
    public String createDatabase(String name, int shards, int port) {
        return createDatabaseWithPassword(name, shards, port, null);
    }

    @Override
    public String createDatabaseWithPassword(String name, int shards, int port, String password) {
        return JmxErrors.call(() -> model.createDatabase(new DatabaseSpec(name, shards, port, password)).ref());
    }

    @Override
    public String createActiveActiveInstance(String name, int shards, int port, String password, String crdbId, int instance) {
        return JmxErrors.call(() -> model.createActiveActive(new DatabaseSpec(name, shards, port,
                password == null || password.isEmpty() ? null : password),
                new ActiveActive(crdbId, instance, List.of())).ref());
    }

    @Override
    public void dropDatabase(String database) {
        JmxErrors.run(() -> model.dropDatabase(database));
    }

    @Override
    public List<ParameterRow> getParameters() {
        return JmxErrors.call(() -> model.parameters().stream()
                .map(p -> new ParameterRow(p.name(), p.value(), p.local())).toList());
    }

    @Override
    public void setParameter(String name, String value, boolean local) {
        JmxErrors.run(() -> model.setParameter(name, value, local));
    }
}
