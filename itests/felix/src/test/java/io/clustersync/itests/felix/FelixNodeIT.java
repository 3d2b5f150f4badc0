package io.clustersync.itests.felix;

import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.api.EndpointRow;
import io.clustersync.core.api.ClusterModel;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.management.AttributeChangeNotification;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.ObjectName;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

/**
 * The clustersync bundles in a plain Felix with SCR and ConfigAdmin: configured through ConfigAdmin, every
 * bundle ACTIVE, the MXBeans registered in the platform MBeanServer and callable.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixNodeIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        File home = new File(System.getProperty("itest.dir"), "felix-home-" + System.nanoTime());
        return options(
                frameworkProperty("felix.bootdelegation.implicit").value("false"),
                frameworkProperty("clustersync.home").value(home.getAbsolutePath()),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.slf4j", "slf4j-api").versionAsInProject(),
                mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.jdbc").versionAsInProject(),
                mavenBundle("com.h2database", "h2").versionAsInProject(),
                mavenBundle("com.zaxxer", "HikariCP").versionAsInProject(),
                mavenBundle("io.netty", "netty-common").versionAsInProject(),
                mavenBundle("io.netty", "netty-buffer").versionAsInProject(),
                mavenBundle("io.netty", "netty-resolver").versionAsInProject(),
                mavenBundle("io.netty", "netty-transport").versionAsInProject(),
                mavenBundle("io.netty", "netty-transport-native-unix-common").versionAsInProject(),
                mavenBundle("io.netty", "netty-codec").versionAsInProject(),
                mavenBundle("io.netty", "netty-handler").versionAsInProject(),
                bundle("file:" + System.getProperty("sync-core.jar")),
                bundle("file:" + System.getProperty("proxy-endpoints.jar")),
                bundle("file:" + System.getProperty("syncer.jar")),
                bundle("file:" + System.getProperty("admin-mbeans.jar")),
                junitBundles());
    }

    @Test
    public void configuredNodeRegistersCallableMXBeans() throws Exception {
        org.osgi.service.cm.Configuration node = configAdmin.getConfiguration("io.clustersync.node", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("node.id", 1);
        props.put("cluster.name", "felix-it");
        props.put("address", "127.0.0.1");
        // every port named, none a default: this test passes beside a running demo
        props.put("bus.port", freePort());
        props.put("jmx.port", freePort());
        props.put("jdbc.port", 0);
        props.put("peers", "1@127.0.0.1, 2@127.0.0.2, 3@127.0.0.3");
        node.update(props);

        ServiceTracker<ClusterModel, ClusterModel> tracker = new ServiceTracker<>(context, ClusterModel.class, null);
        tracker.open();
        try {
            assertNotNull("ClusterModel did not come up from ConfigAdmin", tracker.waitForService(30_000));
        } finally {
            tracker.close();
        }
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() != Bundle.ACTIVE && b.getHeaders().get("Fragment-Host") == null)
                .map(b -> b.getSymbolicName() + " state " + b.getState()).collect(Collectors.toList());
        assertTrue("bundles not ACTIVE: " + notActive, notActive.isEmpty());

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName clusterName = new ObjectName(ClusterMXBean.OBJECT_NAME);
        waitFor(() -> server.isRegistered(clusterName), "Cluster MXBean registered");
        ClusterMXBean cluster = JMX.newMXBeanProxy(server, clusterName, ClusterMXBean.class);
        assertEquals("felix-it", cluster.getClusterName());
        assertEquals("node:1", cluster.getLocalNode());
        assertEquals(3, cluster.getNodes().size());
        // this framework has no netty-tcnative bundle: the bus falls back to the JDK's TLS and says why
        waitFor(() -> !cluster.getBusTlsEngine().isEmpty(), "the cluster bus up");
        assertTrue(cluster.getBusTlsEngine(), cluster.getBusTlsEngine().startsWith("the JDK's (BoringSSL not available: "));

        int ordersPort = freePort();
        assertEquals("db:1", cluster.createDatabase("orders", 6, ordersPort));
        ObjectName orders = new ObjectName(DatabaseMXBean.objectName("orders"));
        assertTrue(server.isRegistered(orders));
        DatabaseMXBean db = JMX.newMXBeanProxy(server, orders, DatabaseMXBean.class);
        assertEquals(6, db.getShards().size());
        assertEquals(ordersPort, cluster.getDatabases().get(0).port());

        BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        server.addNotificationListener(orders, (n, h) -> received.add(n), null, null);
        db.bind("endpoint:1:1", "all-master-shards");
        List<String> proxyNodes = db.getEndpoints().stream().map(EndpointRow::node).collect(Collectors.toList());
        assertEquals(List.of("node:1", "node:2", "node:3"), proxyNodes);
        db.setSyncerMode("distributed");
        assertEquals("distributed", db.getSyncerMode());
        AttributeChangeNotification first = (AttributeChangeNotification) received.poll(10, TimeUnit.SECONDS);
        AttributeChangeNotification second = (AttributeChangeNotification) received.poll(10, TimeUnit.SECONDS);
        assertEquals("EndpointPolicy", first.getAttributeName());
        assertEquals("SyncerMode", second.getAttributeName());

        try {
            db.bind("1:1", "single");
            fail("binding single under distributed syncer_mode must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("tune syncer_mode centralized first"));
        }
        assertTrue(cluster.getStatusText().contains("db:1  orders shard:6 node:3 master 13654-16383"));
        waitFor(() -> cluster.getStatusText().matches("(?s).*node:2 +secondary +127\\.0\\.0\\.2 +2 +OFFLINE\n.*"),
                "peers that never answered shown OFFLINE once the cluster bus runs");
        assertEquals(95, cluster.getCertificateFingerprint().length());

        cluster.dropDatabase("orders");
        assertFalse(server.isRegistered(orders));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for: " + what);
    }

    /** A port nothing listens on now, on 127.0.0.1. */
    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return free.getLocalPort();
        }
    }
}
