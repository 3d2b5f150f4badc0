package io.clustersync.admin.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Registers and unregisters clustersync's MBeans in the platform MBeanServer, the one JConsole, VisualVM
 * and the JMX remote agent see.
 */
final class PlatformMBeans {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformMBeans.class);

    private PlatformMBeans() {
    }

    static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    static void register(Object mbean, ObjectName name) {
        try {
            if (server().isRegistered(name)) {
                LOG.warn("{} was still registered; replacing it", name);
                server().unregisterMBean(name);
            }
            server().registerMBean(mbean, name);
            LOG.debug("registered {}", name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register MBean " + name + ": " + e.getMessage(), e);
        }
    }

    static void unregister(ObjectName name) {
        try {
            server().unregisterMBean(name);
            LOG.debug("unregistered {}", name);
        } catch (InstanceNotFoundException e) {
            LOG.debug("{} was not registered", name);
        } catch (JMException e) {
            LOG.warn("cannot unregister MBean {}: {}", name, e.getMessage());
        }
    }

    /** A single daemon thread that a publisher looks at its MBeans' sources on. */
    static ScheduledExecutorService follower(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (JMException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid JMX object name: " + e.getMessage(), e);
        }
    }
}
