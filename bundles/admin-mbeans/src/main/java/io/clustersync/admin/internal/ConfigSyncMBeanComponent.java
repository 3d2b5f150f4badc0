package io.clustersync.admin.internal;

import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.LocalNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import javax.management.ObjectName;
import javax.management.StandardMBean;

/** Publishes {@code io.clustersync:type=ConfigSync} while configuration sync runs. */
@Component(immediate = true)
public class ConfigSyncMBeanComponent {

    private final ObjectName name = PlatformMBeans.name(ConfigSyncMXBean.OBJECT_NAME);

    @Reference
    private ConfigSync sync;

    @Reference
    private LocalNode node;

    @Activate
    void activate() {
        PlatformMBeans.register(new StandardMBean(new ConfigSyncMBean(sync, node), ConfigSyncMXBean.class, true), name);
    }

    @Deactivate
    void deactivate() {
        PlatformMBeans.unregister(name);
    }
}
