package io.clustersync.admin.internal;

import io.clustersync.admin.api.ActiveActiveMXBean;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Replication;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one {@code io.clustersync:type=ActiveActive,name=<db>} MXBean registered per Active-Active instance of the
 * model, and has each look at its peers every {@value #FOLLOW_EVERY_MS} ms to announce them going out of sync.
 */
@Component(immediate = true)
public class ActiveActiveMBeanPublisher {

    static final long FOLLOW_EVERY_MS = 1000;

    @Reference
    private ClusterModel model;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile DataPlane dataPlane;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Replication replication;

    private final Map<Integer, ActiveActiveMBean> published = new HashMap<>();
    private ScheduledExecutorService worker;

    @Activate
    void activate() {
        worker = PlatformMBeans.follower("clustersync-crdb-mbeans");
        worker.scheduleWithFixedDelay(this::follow, 0, FOLLOW_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        synchronized (published) {
            published.values().forEach(bean -> PlatformMBeans.unregister(bean.objectName()));
            published.clear();
        }
    }

    private void follow() {
        try {
            Set<Integer> present = new HashSet<>();
            for (Database db : model.databases()) {
                if (!db.isActiveActive()) {
                    continue;
                }
                present.add(db.id());
                ActiveActiveMBean bean;
                synchronized (published) {
                    bean = published.get(db.id());
                    if (bean == null) {
                        ObjectName name = PlatformMBeans.name(ActiveActiveMXBean.objectName(db.name()));
                        bean = new ActiveActiveMBean(db.id(), model, () -> dataPlane, () -> replication, name);
                        PlatformMBeans.register(bean, name);
                        published.put(db.id(), bean);
                    }
                }
                bean.follow();
            }
            synchronized (published) {
                for (Integer id : Set.copyOf(published.keySet())) {
                    if (!present.contains(id)) {
                        PlatformMBeans.unregister(published.remove(id).objectName());
                    }
                }
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ActiveActiveMBeanPublisher.class).warn("Active-Active MBeans: {}", e.toString());
        }
    }
}
