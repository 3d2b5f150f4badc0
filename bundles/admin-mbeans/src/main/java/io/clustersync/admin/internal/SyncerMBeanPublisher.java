package io.clustersync.admin.internal;

import io.clustersync.admin.api.SyncerMXBean;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Replication;
import io.clustersync.core.api.SourceStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one {@code io.clustersync:type=Syncer,db=<db>,source=<n>} MXBean registered for every Replica Of source
 * this node replicates, following the replication controller's statuses (looked at every second).
 */
@Component(immediate = true)
public class SyncerMBeanPublisher {

    @Reference
    private ClusterModel model;

    @Reference
    private Replication replication;

    private final Map<String, ObjectName> published = new HashMap<>();
    private ScheduledExecutorService worker;

    @Activate
    void activate() {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clustersync-syncer-mbeans");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::follow, 0, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        synchronized (published) {
            published.values().forEach(PlatformMBeans::unregister);
            published.clear();
        }
    }

    private void follow() {
        Set<String> present = new HashSet<>();
        try {
            for (Database db : model.databases()) {
                for (SourceStatus status : replication.statuses(db.id())) {
                    String name = SyncerMXBean.objectName(db.name(), status.sourceIndex());
                    present.add(name);
                    synchronized (published) {
                        if (!published.containsKey(name)) {
                            ObjectName objectName = PlatformMBeans.name(name);
                            PlatformMBeans.register(new StandardMBean(new SyncerMBean(replication, db.id(), db.ref(),
                                    status.sourceIndex()), SyncerMXBean.class, true), objectName);
                            published.put(name, objectName);
                        }
                    }
                }
            }
            synchronized (published) {
                for (String name : Set.copyOf(published.keySet())) {
                    if (!present.contains(name)) {
                        PlatformMBeans.unregister(published.remove(name));
                    }
                }
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SyncerMBeanPublisher.class).warn("syncer MBeans: {}", e.toString());
        }
    }

    /** One source's replication, read from the controller on every call. */
    private static final class SyncerMBean implements SyncerMXBean {
        private final Replication replication;
        private final int databaseId;
        private final String ref;
        private final int sourceIndex;

        SyncerMBean(Replication replication, int databaseId, String ref, int sourceIndex) {
            this.replication = replication;
            this.databaseId = databaseId;
            this.ref = ref;
            this.sourceIndex = sourceIndex;
        }

        private SourceStatus status() {
            return replication.statuses(databaseId).stream().filter(s -> s.sourceIndex() == sourceIndex).findFirst()
                    .orElse(new SourceStatus(databaseId, sourceIndex, "", 0, "", "", "gone", "no longer replicated here"));
        }

        @Override
        public String getDatabase() {
            return ref;
        }

        @Override
        public String getSource() {
            return status().source();
        }

        @Override
        public String getMode() {
            return status().mode();
        }

        @Override
        public String getImplementation() {
            return status().implementation();
        }

        @Override
        public String getStatus() {
            return status().state();
        }

        @Override
        public String getDetail() {
            return status().detail();
        }

        @Override
        public String getNode() {
            return "node:" + status().nodeId();
        }
    }
}
