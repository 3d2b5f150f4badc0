package io.clustersync.admin.internal;

import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.SyncEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Publishes {@code io.clustersync:type=ConfigSync} while configuration sync runs. */
@Component(immediate = true)
public class ConfigSyncMBeanComponent {

    private final ObjectName name = PlatformMBeans.name(ConfigSyncMXBean.OBJECT_NAME);

    @Reference
    private ConfigSync sync;

    @Reference
    private LocalNode node;

    private final NotificationBroadcasterSupport emitter = new NotificationBroadcasterSupport(new MBeanNotificationInfo[] {
        new MBeanNotificationInfo(new String[] {ConfigSyncMXBean.SYNC_ERROR}, Notification.class.getName(),
                "a change not applied on a node, a refused change, or malformed sync rules"),
        new MBeanNotificationInfo(new String[] {ConfigSyncMXBean.SYNC_ALL_STARTED, ConfigSyncMXBean.SYNC_ALL_FINISHED,
                ConfigSyncMXBean.SYNC_ALL_FAILED}, Notification.class.getName(), "a Synchronize All job started, finished or failed"),
        new MBeanNotificationInfo(new String[] {ConfigSyncMXBean.SYNC_ALL_DUE}, Notification.class.getName(),
                "a Synchronize All is due: the primary or the cluster restarted, a restored primary, a node of another version")});
    private final AtomicLong sequence = new AtomicLong();
    private final Consumer<SyncEvent> forward = event -> emitter.sendNotification(
            new Notification(event.type(), name, sequence.incrementAndGet(), System.currentTimeMillis(), event.message()));

    @Activate
    void activate() {
        PlatformMBeans.register(new DescribedMBean(new ConfigSyncMBean(sync, node), ConfigSyncMXBean.class, emitter), name);
        sync.addListener(forward);
    }

    @Deactivate
    void deactivate() {
        sync.removeListener(forward);
        PlatformMBeans.unregister(name);
    }
}
