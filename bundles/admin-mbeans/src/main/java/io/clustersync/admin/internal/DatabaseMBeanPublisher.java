package io.clustersync.admin.internal;

import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelListener;
import io.clustersync.core.api.Replication;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.util.HashMap;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Keeps one {@code io.clustersync:type=Database,name=<db>} MXBean registered per database of the model:
 * registered on create, unregistered on drop, and told of policy and syncer-mode changes so that it emits
 * {@code jmx.attribute.change} notifications whoever made the change.
 */
@Component(service = ModelListener.class, immediate = true)
public class DatabaseMBeanPublisher implements ModelListener {

    private final Map<Integer, DatabaseMBean> published = new HashMap<>();

    @Reference
    private ClusterModel model;

    @Reference
    private LocalNode node;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private volatile DataPlane dataPlane;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    private volatile Replication replication;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigSync configSync;

    @Activate
    synchronized void activate() {
        for (Database db : model.databases()) {
            publish(db);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        published.values().forEach(bean -> PlatformMBeans.unregister(bean.objectName()));
        published.clear();
    }

    @Override
    public synchronized void modelChanged(ModelChange change) {
        switch (change.kind()) {
            case DATABASE_CREATED -> publish(change.database());
            case DATABASE_DROPPED -> unpublish(change.database());
            case SYNCER_MODE_CHANGED -> notify(change.database(), "SyncerMode", change);
            case ENDPOINT_BOUND -> notify(change.database(), "EndpointPolicy", change);
            case REPLICA_OF_CHANGED -> notify(change.database(), "ReplicaState", change);
            case READ_ONLY_CHANGED -> notify(change.database(), "ReadOnly", change);
            case TLS_CHANGED -> notify(change.database(), "Tls", change);
            default -> { }
        }
    }

    private void publish(Database db) {
        if (published.containsKey(db.id())) {
            return;
        }
        ObjectName name = PlatformMBeans.name(DatabaseMXBean.objectName(db.name()));
        DatabaseMBean bean = new DatabaseMBean(db.id(), model, node, () -> dataPlane, () -> replication, () -> configSync, name);
        PlatformMBeans.register(new DescribedMBean(bean, DatabaseMXBean.class, bean.emitter()), name);
        published.put(db.id(), bean);
    }

    private void unpublish(Database db) {
        DatabaseMBean bean = published.remove(db.id());
        if (bean != null) {
            PlatformMBeans.unregister(bean.objectName());
        }
    }

    private void notify(Database db, String attribute, ModelChange change) {
        DatabaseMBean bean = published.get(db.id());
        if (bean != null) {
            bean.attributeChanged(attribute, change.oldValue(), change.newValue());
        }
    }
}
