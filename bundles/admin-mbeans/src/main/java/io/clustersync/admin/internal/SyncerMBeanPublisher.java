package io.clustersync.admin.internal;

import io.clustersync.admin.api.SyncerMXBean;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Replication;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.SourceStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

/**
 * Keeps one {@code io.clustersync:type=Syncer,db=<db>,source=<n>} MXBean registered for every Replica Of source
 * this node replicates, following the replication controller's statuses (looked at every {@value #FOLLOW_EVERY_MS} ms).
 */
@Component(immediate = true)
public class SyncerMBeanPublisher {

    static final long FOLLOW_EVERY_MS = 250;

    @Reference
    private ClusterModel model;

    @Reference
    private Replication replication;

    private final Map<String, ObjectName> published = new HashMap<>();
    private final Map<String, SyncerMBean> beans = new HashMap<>();
    private ScheduledExecutorService worker;

    @Activate
    void activate() {
        worker = PlatformMBeans.follower("clustersync-syncer-mbeans");
        worker.scheduleWithFixedDelay(this::follow, 0, FOLLOW_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        synchronized (published) {
            published.values().forEach(PlatformMBeans::unregister);
            published.clear();
            beans.clear();
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
                        SyncerMBean bean = beans.get(name);
                        if (bean == null) {
                            ObjectName objectName = PlatformMBeans.name(name);
                            bean = new SyncerMBean(replication, model, db.id(), db.ref(), status.sourceIndex(), objectName);
                            PlatformMBeans.register(bean, objectName);
                            published.put(name, objectName);
                            beans.put(name, bean);
                        }
                        bean.notifyChanges(status);
                    }
                }
            }
            synchronized (published) {
                for (String name : Set.copyOf(published.keySet())) {
                    if (!present.contains(name)) {
                        PlatformMBeans.unregister(published.remove(name));
                        beans.remove(name);
                    }
                }
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(SyncerMBeanPublisher.class).warn("syncer MBeans: {}", e.toString());
        }
    }

    /**
     * One source's replication, read from the controller on every call; the publisher's look every
     * {@value #FOLLOW_EVERY_MS} ms turns changes into notifications.
     */
    static final class SyncerMBean extends DescribedMBean implements SyncerMXBean {
        private final Replication replication;
        private final ClusterModel model;
        private final int databaseId;
        private final String ref;
        private final int sourceIndex;
        private final ObjectName objectName;
        private final AtomicLong sequence = new AtomicLong();
        private String lastState = "";
        private long lastFullSyncs;
        private boolean lagHigh;

        SyncerMBean(Replication replication, ClusterModel model, int databaseId, String ref, int sourceIndex, ObjectName objectName) {
            super(SyncerMXBean.class, new NotificationBroadcasterSupport(new MBeanNotificationInfo(
                    new String[] {STOPPED, HIGH_LAG, FULL_RESYNC}, Notification.class.getName(),
                    "replication stopped by an error; lag above the alert threshold; a full resync of a source shard")));
            this.replication = replication;
            this.model = model;
            this.databaseId = databaseId;
            this.ref = ref;
            this.sourceIndex = sourceIndex;
            this.objectName = objectName;
        }

        private SourceStatus status() {
            return replication.statuses(databaseId).stream().filter(s -> s.sourceIndex() == sourceIndex).findFirst()
                    .orElse(new SourceStatus(databaseId, sourceIndex, "", 0, "", "", "gone", "no longer replicated here"));
        }

        void notifyChanges(SourceStatus now) {
            if ("stopped".equals(now.state()) && !"stopped".equals(lastState)) {
                send(STOPPED, "replication of " + ref + " from " + now.source() + " stopped: " + now.detail());
            }
            lastState = now.state();
            long full = now.figures().fullSyncs();
            if (full > lastFullSyncs) {
                send(FULL_RESYNC, "replication of " + ref + " from " + now.source() + ": " + (full - lastFullSyncs)
                        + " full resync(s) of source shards (" + full + " in all)");
            }
            lastFullSyncs = full;
            long lag = now.figures().lagMs();
            long alert = lag > 0 ? getLagAlertMs() : Long.MAX_VALUE;
            boolean high = lag > alert;
            if (high && !lagHigh) {
                send(HIGH_LAG, "replication of " + ref + " from " + now.source() + " lags " + now.figures().lagMs()
                        + " ms (alert above " + alert + " ms, server parameter " + LAG_ALERT_PARAMETER + ")");
            }
            lagHigh = high;
        }

        private void send(String type, String message) {
            sendNotification(new Notification(type, objectName, sequence.incrementAndGet(), System.currentTimeMillis(), message));
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

        @Override
        public long getLagMs() {
            return status().figures().lagMs();
        }

        @Override
        public long getSourceOffset() {
            return status().figures().sourceOffset();
        }

        @Override
        public long getDestinationOffset() {
            return status().figures().destinationOffset();
        }

        @Override
        public long getIngressBytes() {
            return status().figures().ingressBytes();
        }

        @Override
        public long getOpsPerSecond() {
            return status().figures().opsPerSecond();
        }

        @Override
        public long getFullSyncs() {
            return status().figures().fullSyncs();
        }

        @Override
        public long getPartialSyncs() {
            return status().figures().partialSyncs();
        }

        @Override
        public String getLastError() {
            return status().figures().lastError();
        }

        @Override
        public int getConnections() {
            return status().figures().connections();
        }

        @Override
        public long getLagAlertMs() {
            String value = model.parameters().stream().filter(p -> p.name().equals(LAG_ALERT_PARAMETER)).findFirst()
                    .map(ServerParameter::value).orElse(null);
            try {
                return value == null ? DEFAULT_LAG_ALERT_MS : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return DEFAULT_LAG_ALERT_MS;
            }
        }
    }
}
