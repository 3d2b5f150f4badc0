package io.clustersync.admin.internal;

import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.LocalNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;

/** Publishes {@code io.clustersync:type=Cluster} while the cluster model is available. */
@Component(immediate = true)
public class ClusterMBeanComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMBeanComponent.class);
    private final ObjectName name = PlatformMBeans.name(ClusterMXBean.OBJECT_NAME);

    @Reference
    private ClusterModel model;

    @Reference
    private LocalNode node;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClusterBus bus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DataPlane dataPlane;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigSync configSync;

    @Activate
    void activate() {
        PlatformMBeans.register(new DescribedMBean(new ClusterMBean(model, node, () -> bus, () -> dataPlane,
                () -> configSync), ClusterMXBean.class), name);
        LOG.info("management bean {} registered for {} of cluster '{}'", name, node.identity().ref(),
                node.identity().clusterName());
    }

    @Deactivate
    void deactivate() {
        PlatformMBeans.unregister(name);
    }
}
