package io.clustersync.itests.karaf;

import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.DatabaseMXBean;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

/**
 * Apache Karaf 4.4 installs the {@code clustersync} feature of the distribution's features.xml, and the optional
 * {@code clustersync-syncer-parallel}; the node comes up from the feature's configuration, its MXBeans are in the
 * platform MBeanServer, and the optional feature's syncer_mode can be chosen.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFeatureIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        MavenArtifactUrlReference karaf = maven().groupId("org.apache.karaf").artifactId("apache-karaf").type("tar.gz")
                .versionAsInProject();
        String version = System.getProperty("karaf.version");
        // every port this container opens is a free one, none a default: the test passes beside a running demo
        String jmxPort = Integer.toString(freePort());
        String rmiServerPort = Integer.toString(freePort());
        return options(
                // a user with the viewer role only, beside karaf (admin); pax-exam writes the file anew
                editConfigurationFilePut("etc/users.properties", "karaf", "karaf,admin,manager,viewer,systembundles,ssh"),
                editConfigurationFilePut("etc/users.properties", "watcher", "watcher,viewer"),
                karafDistributionConfiguration().frameworkUrl(karaf).name("Apache Karaf")
                        .unpackDirectory(new File(System.getProperty("itest.dir"), "exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                // clustersync's own lines at INFO, to count its starts and find its warnings
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.clustersync.name", "io.clustersync"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.clustersync.level", "INFO"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository")),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", jmxPort),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", rmiServerPort),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(freePort())),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
                // the node's configuration in full (the feature's default then stays unused)
                editConfigurationFilePut("etc/io.clustersync.node.cfg", "node.id", "1"),
                editConfigurationFilePut("etc/io.clustersync.node.cfg", "cluster.name", "karaf"),
                editConfigurationFilePut("etc/io.clustersync.node.cfg", "address", "127.0.0.1"),
                editConfigurationFilePut("etc/io.clustersync.node.cfg", "jmx.port", jmxPort),
                editConfigurationFilePut("etc/io.clustersync.node.cfg", "bus.port", Integer.toString(freePort())),
                editConfigurationFilePut("etc/io.clustersync.node.cfg", "home", "${karaf.data}/clustersync"),
                features("file:" + System.getProperty("features.xml"), "clustersync", "clustersync-syncer-parallel",
                        "clustersync-jolokia"),
                // what Karaf's own start script passes on Java 9 and later
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"), vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + version + ".jar"),
                vmOption("--patch-module"), vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + version + ".jar"),
                vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
                vmOption("-classpath"), vmOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"));
    }

    @Test
    public void featureInstallsAndTheMXBeansAnswer() throws Exception {
        for (String name : new String[] {"io.clustersync.core", "io.clustersync.admin", "io.clustersync.metrics", "io.clustersync.syncer.parallel"}) {
            Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst()
                    .orElse(null);
            assertNotNull(name + " is not installed", bundle);
            assertEquals(name + " is not ACTIVE", Bundle.ACTIVE, bundle.getState());
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName clusterName = new ObjectName(ClusterMXBean.OBJECT_NAME);
        for (int i = 0; i < 300 && !server.isRegistered(clusterName); i++) {
            Thread.sleep(100);
        }
        assertTrue("io.clustersync:type=Cluster is not registered", server.isRegistered(clusterName));
        ClusterMXBean cluster = JMX.newMXBeanProxy(server, clusterName, ClusterMXBean.class);
        assertEquals("karaf", cluster.getClusterName());
        // the feature's netty-tcnative bundle and its native fragment give the bus BoringSSL
        String tcnative = Arrays.stream(context.getBundles()).filter(b -> String.valueOf(b.getSymbolicName()).contains("tcnative"))
                .map(b -> b.getSymbolicName() + " state " + b.getState() + " " + b.getLocation()).toList().toString();
        assertTrue(cluster.getBusTlsEngine() + "; bundles: " + tcnative, cluster.getBusTlsEngine().startsWith("BoringSSL"));
        String id = cluster.createDatabase("inventory", 2, freePort());
        assertTrue(server.isRegistered(new ObjectName(DatabaseMXBean.objectName("inventory"))));
        DatabaseMXBean db = JMX.newMXBeanProxy(server, new ObjectName(DatabaseMXBean.objectName("inventory")), DatabaseMXBean.class);
        assertEquals(id, db.getId());
        try {
            db.setSyncerMode("distributed");
            fail("distributed under policy single must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("bind it to all-master-shards or all-nodes first"));
        }
        for (int i = 0; i < 100 && !"parallel".equals(db.getSyncerMode()); i++) {
            try {
                db.setSyncerMode("parallel"); // the optional feature's mode, once its syncer service is registered
            } catch (IllegalArgumentException notYet) {
                Thread.sleep(100);
            }
        }
        assertEquals("parallel", db.getSyncerMode());
        assertTrue(cluster.getStatusText().contains("inventory"));
        File configDb = new File(System.getProperty("karaf.data"), "clustersync/data/config.mv.db");
        assertTrue("the node's home should be ${karaf.data}/clustersync, no " + configDb, configDb.isFile());

        // one start of the node for one configuration, and no warning or error of clustersync on the way
        assertEquals("the cluster bus started once:\n" + String.join("\n", ourLog()), 1, busStarts());
        // Configuration Admin updates that change no value (as Karaf's and File Install's bookkeeping do) start
        // nothing again; a real change (io.threads) restarts the bus once, and stops it without a complaint
        ServiceReference<ConfigurationAdmin> cmRef = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin cm = context.getService(cmRef);
        org.osgi.service.cm.Configuration node = cm.getConfiguration("io.clustersync.node", null);
        Dictionary<String, Object> properties = node.getProperties();
        properties.put("felix.fileinstall.filename", "file:/nowhere/io.clustersync.node.cfg");
        node.update(properties);
        properties.put(".bookkeeping", "again");
        node.update(properties);
        Thread.sleep(3000);
        assertEquals("updates without a change restarted the bus:\n" + String.join("\n", ourLog()), 1, busStarts());
        properties.put("io.threads", "2");
        node.update(properties);
        for (int i = 0; i < 300 && busStarts() < 2; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(3000);
        assertEquals("a change of io.threads restarts the bus once:\n" + String.join("\n", ourLog()), 2, busStarts());
        for (int i = 0; i < 300 && !server.isRegistered(clusterName); i++) {
            Thread.sleep(100);
        }
        assertEquals("karaf", JMX.newMXBeanProxy(server, clusterName, ClusterMXBean.class).getClusterName());
        List<String> complaints = ourLog().stream().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
        assertTrue("clustersync warned:\n" + String.join("\n", complaints), complaints.isEmpty());
    }

    /**
     * Through Karaf's JMX connector, as JConsole would connect: the shipped jmx.acl.io.clustersync lets a viewer
     * read attributes and run the operations that only read, and refuses it every change; an admin makes them.
     */
    @Test
    public void karafsJmxAclsLetAViewerReadAndAnAdminChange() throws Exception {
        ObjectName clusterName = new ObjectName(ClusterMXBean.OBJECT_NAME);
        MBeanServer local = ManagementFactory.getPlatformMBeanServer();
        for (int i = 0; i < 300 && !local.isRegistered(clusterName); i++) {
            Thread.sleep(100);
        }
        // the ports this container's management connector was given (the configuration is made more than once,
        // each time with free ports: the file is what the container has)
        Properties management = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("karaf.etc"), "org.apache.karaf.management.cfg"))) {
            management.load(in);
        }
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + management.getProperty("rmiServerPort")
                + "/jndi/rmi://127.0.0.1:" + management.getProperty("rmiRegistryPort") + "/karaf-root");
        try (JMXConnector viewer = connect(url, "watcher", "watcher"); JMXConnector admin = connect(url, "karaf", "karaf")) {
            ClusterMXBean asViewer = JMX.newMXBeanProxy(viewer.getMBeanServerConnection(), clusterName, ClusterMXBean.class);
            assertEquals("karaf", asViewer.getClusterName());
            assertTrue(asViewer.status("nodes").contains("node:1"));
            try {
                asViewer.createDatabase("forbidden", 1, freePort());
                fail("a viewer must not create a database");
            } catch (SecurityException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("Insufficient roles/credentials for operation"));
            }
            ClusterMXBean asAdmin = JMX.newMXBeanProxy(admin.getMBeanServerConnection(), clusterName, ClusterMXBean.class);
            String id = asAdmin.createDatabase("allowed", 1, freePort());
            assertTrue(id, id.startsWith("db:"));
            asAdmin.dropDatabase("allowed");
        }
    }

    /**
     * Jolokia through the clustersync-jolokia feature, on Karaf's HTTP port, with Karaf's users: karaf (admin) runs an
     * operation, watcher (viewer) reads and is refused the operation, a wrong password gets 401.
     */
    @Test
    public void jolokiaAnswersKarafsUsersByTheirRoles() throws Exception {
        Properties web = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("karaf.etc"), "org.ops4j.pax.web.cfg"))) {
            web.load(in);
        }
        String base = "http://127.0.0.1:" + web.getProperty("org.osgi.service.http.port") + "/jolokia";
        String status = "";
        for (int i = 0; i < 600 && !status.contains("\"status\":200"); i++) {
            Thread.sleep(100);
            status = httpGet(base + "/read/io.clustersync:type=Cluster/ClusterName", "watcher", "watcher");
        }
        assertTrue(status, status.contains("\"value\":\"karaf\""));
        String refused = httpGet(base + "/exec/io.clustersync:type=Cluster/status/nodes", "watcher", "watcher");
        assertTrue(refused, refused.contains("\"status\":403"));
        String ran = httpGet(base + "/exec/io.clustersync:type=Cluster/status/nodes", "karaf", "karaf");
        assertTrue(ran, ran.contains("\"status\":200") && ran.contains("node:1"));
        assertTrue(httpGet(base + "/version", "karaf", "wrong").startsWith("HTTP 401"));
    }

    /** The body of a GET with basic credentials, or "HTTP <code>" when the answer is not 200. */
    private static String httpGet(String url, String user, String password) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(20000);
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
        try {
            if (c.getResponseCode() != 200) {
                return "HTTP " + c.getResponseCode();
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException notYet) {
            return "HTTP " + notYet;
        } finally {
            c.disconnect();
        }
    }

    /** Connects once Karaf's management connector listens (it starts beside the test, within 60 s). */
    private static JMXConnector connect(JMXServiceURL url, String user, String password) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
            } catch (IOException notYet) {
                if (attempt >= 600) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The lines of clustersync's loggers in Karaf's log. */
    private static List<String> ourLog() throws IOException {
        Path log = new File(System.getProperty("karaf.data"), "log/karaf.log").toPath();
        return Files.readAllLines(log).stream().filter(l -> l.contains("io.clustersync")).toList();
    }

    private static long busStarts() throws IOException {
        return ourLog().stream().filter(l -> l.contains("cluster bus of node:1 listening")).count();
    }

    /** A port nothing listens on now, on 127.0.0.1 (where a running demo holds its own). */
    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
