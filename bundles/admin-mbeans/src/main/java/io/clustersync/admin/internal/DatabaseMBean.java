package io.clustersync.admin.internal;

import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.api.EndpointRow;
import io.clustersync.admin.api.ShardRow;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.Replication;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

/**
 * The {@code io.clustersync:type=Database,name=<db>} MXBean. It reads the model on every call, so it never
 * shows a stale value, and it announces attribute changes it is told of by {@link DatabaseMBeanPublisher}.
 */
final class DatabaseMBean implements DatabaseMXBean {

    static final MBeanNotificationInfo[] NOTIFICATIONS = {
        new MBeanNotificationInfo(new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE},
                AttributeChangeNotification.class.getName(), "SyncerMode or EndpointPolicy changed")
    };

    private final int databaseId;
    private final ClusterModel model;
    private final LocalNode node;
    private final Supplier<DataPlane> dataPlane;
    private final Supplier<Replication> replication;
    private final ObjectName objectName;
    private final NotificationBroadcasterSupport emitter = new NotificationBroadcasterSupport(NOTIFICATIONS);
    private final AtomicLong sequence = new AtomicLong();

    private final Supplier<ConfigSync> configSync;

    DatabaseMBean(int databaseId, ClusterModel model, LocalNode node, Supplier<DataPlane> dataPlane,
                  Supplier<Replication> replication, Supplier<ConfigSync> configSync, ObjectName objectName) {
        this.configSync = configSync;
        this.replication = replication;
        this.databaseId = databaseId;
        this.model = model;
        this.node = node;
        this.dataPlane = dataPlane;
        this.objectName = objectName;
    }

    ObjectName objectName() {
        return objectName;
    }

    NotificationBroadcasterSupport emitter() {
        return emitter;
    }

    void attributeChanged(String attribute, String oldValue, String newValue) {
        emitter.sendNotification(new AttributeChangeNotification(objectName, sequence.incrementAndGet(),
                System.currentTimeMillis(), attribute + " changed from " + oldValue + " to " + newValue, attribute,
                String.class.getName(), oldValue, newValue));
    }

    private ModelRows rows() {
        return new ModelRows(model, node.identity(), dataPlane.get()).waiting(FullSyncWaits.of(configSync.get()));
    }

    private Database db() {
        return JmxErrors.call(() -> model.database("db:" + databaseId));
    }

    @Override
    public String getId() {
        return "db:" + databaseId;
    }

    @Override
    public String getName() {
        return db().name();
    }

    @Override
    public int getShardCount() {
        return db().shardCount();
    }

    @Override
    public boolean isPasswordProtected() {
        return db().passwordProtected();
    }

    @Override
    public List<EndpointRow> getEndpoints() {
        return JmxErrors.call(() -> rows().endpoints(db()));
    }

    @Override
    public List<ShardRow> getShards() {
        return JmxErrors.call(() -> rows().shards(db()));
    }

    @Override
    public String getEndpointPolicy() {
        return db().endpoint().policy().label();
    }

    @Override
    public String getSyncerMode() {
        return db().syncerMode().label();
    }

    @Override
    public boolean isReadOnly() {
        return db().readOnly();
    }

    @Override
    public String getTls() {
        return db().tls().label();
    }

    @Override
    public long getPasswordRefusals() {
        return JmxErrors.call(() -> {
            DataPlane plane = dataPlane.get();
            return plane == null ? 0L : plane.passwordRefusals(db());
        });
    }

    @Override
    public long getTlsRefusals() {
        return JmxErrors.call(() -> {
            DataPlane plane = dataPlane.get();
            return plane == null ? 0L : plane.tlsRefusals(db());
        });
    }

    @Override
    public void setSyncerMode(String mode) {
        tune("syncer_mode", mode);
    }

    @Override
    public String getInfo() {
        Database db = db();
        ModelRows rows = rows();
        return DatabaseInfo.render(db, JmxErrors.call(() -> rows.endpoints(db)), JmxErrors.call(() -> rows.shards(db)),
                getReplicationStatus());
    }

    @Override
    public void bind(String endpointId, String policy) {
        JmxErrors.run(() -> model.bind("db:" + databaseId, endpointId, policy));
    }

    @Override
    public void tune(String parameter, String value) {
        JmxErrors.run(() -> model.tune("db:" + databaseId, parameter, value));
    }

    @Override
    public String getReplicaState() {
        return db().replicaState().label();
    }

    @Override
    public List<String> getReplicaSources() {
        return db().replicaSources().stream().map(ReplicaSource::display).toList();
    }

    @Override
    public List<String> getReplicationStatus() {
        Replication current = replication.get();
        return current == null ? List.of() : current.clusterStatuses(databaseId).stream().map(DatabaseInfo::describe).toList();
    }

    @Override
    public void replicaOf(String sourceUri) {
        JmxErrors.run(() -> model.replicaOf("db:" + databaseId, sourceUri));
    }

    @Override
    public void pauseReplication() {
        JmxErrors.run(() -> model.replication("db:" + databaseId, "pause"));
    }

    @Override
    public void resumeReplication() {
        JmxErrors.run(() -> model.replication("db:" + databaseId, "resume"));
    }

    @Override
    public void stopReplication() {
        JmxErrors.run(() -> model.replication("db:" + databaseId, "stop"));
    }
}
