package io.clustersync.admin.internal;

import io.clustersync.admin.api.SyncerMXBean;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.SourceStatus;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.Notification;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Syncer MXBean turns what the replication reports into notifications, each once per crossing. */
class SyncerMBeanTest {

    private final AtomicReference<SourceStatus> status = new AtomicReference<>();
    private final List<ServerParameter> parameters = new ArrayList<>();
    private final ClusterModel model = (ClusterModel) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ClusterModel.class}, (proxy, method, args) -> {
                if (method.getName().equals("parameters")) {
                    return parameters;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private static SourceStatus status(String state, long lagMs, long fullSyncs) {
        return new SourceStatus(1, 1, "redis://:****@127.0.0.1:12000/orders", 4, "centralized", "syncer", state, "detail",
                new SourceStatus.Figures(lagMs, 10, 10, 100, 5, fullSyncs, 0, "", 1));
    }

    @Test
    void stoppedHighLagAndFullResyncAreNotifiedOncePerCrossing() throws Exception {
        SyncerMBeanPublisher.SyncerMBean bean = new SyncerMBeanPublisher.SyncerMBean(id -> List.of(status.get()), model, 1, "db:1",
                1, new ObjectName(SyncerMXBean.objectName("copy", 1)));
        List<Notification> seen = new ArrayList<>();
        bean.addNotificationListener((n, handback) -> seen.add(n), null, null);

        bean.notifyChanges(status("syncing", 0, 2));
        bean.notifyChanges(status("synced", 10, 2));
        assertEquals(List.of(SyncerMXBean.FULL_RESYNC), seen.stream().map(Notification::getType).toList());

        bean.notifyChanges(status("synced", 1500, 2));
        bean.notifyChanges(status("synced", 1800, 2));
        bean.notifyChanges(status("synced", 20, 3));
        assertEquals(List.of(SyncerMXBean.FULL_RESYNC, SyncerMXBean.HIGH_LAG, SyncerMXBean.FULL_RESYNC),
                seen.stream().map(Notification::getType).toList());

        parameters.add(new ServerParameter(SyncerMXBean.LAG_ALERT_PARAMETER, "5", false));
        assertEquals(5, bean.getLagAlertMs());
        bean.notifyChanges(status("synced", 20, 3));
        bean.notifyChanges(status("stopped", 0, 3));
        bean.notifyChanges(status("stopped", 0, 3));
        assertEquals(List.of(SyncerMXBean.FULL_RESYNC, SyncerMXBean.HIGH_LAG, SyncerMXBean.FULL_RESYNC, SyncerMXBean.HIGH_LAG,
                SyncerMXBean.STOPPED), seen.stream().map(Notification::getType).toList());
        status.set(status("synced", 7, 3));
        assertEquals(7, bean.getLagMs());
        assertEquals(3, bean.getFullSyncs());
    }
}
