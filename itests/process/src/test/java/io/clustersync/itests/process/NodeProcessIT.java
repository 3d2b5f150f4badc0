package io.clustersync.itests.process;

import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.cli.JmxTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.management.AttributeChangeNotification;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One real node, started from the distribution on 127.0.0.1, driven by clustersync-admin, jmxterm and the
 * JDK's JMX connector, then restarted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeProcessIT {

    @TempDir
    static Path home;
    private static NodeProcess node;

    @BeforeAll
    static void startNode() {
        // this class tests the CLI as operators run it: bin/clustersync-admin, a JVM per command
        NodeProcess.cliViaScript = true;
        node = new NodeProcess(home.resolve("node1"), 1, "itest").withHttp();
        NodeProcess.Result started = node.start();
        assertEquals(0, started.exitCode(), () -> started + "\n" + node.log());
        assertTrue(started.out().contains("JMX credentials, shown this once"), started.out());
        assertTrue(started.out().contains("node:1 started"), started.out());
    }

    @AfterAll
    static void stopNode() {
        NodeProcess.cliViaScript = Boolean.getBoolean("clustersync.itest.cli.script");
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void credentialsAreGeneratedPerNodeAndKeptPrivate() throws Exception {
        Path passwords = node.home.resolve("etc/jmx.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords)));
        String admin = node.password("admin");
        assertTrue(admin.length() >= 16, "admin password too short: " + admin.length());
        assertFalse(admin.equals(node.password("monitor")));

        // the configuration database's JDBC server asks for the node's own user and password
        Path jdbc = node.home.resolve("etc/jdbc.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jdbc)));
        String[] credentials = node.jdbcCredentials();
        assertEquals("clustersync", credentials[0]);
        assertTrue(credentials[1].length() >= 16, "JDBC password too short");
        String url = "jdbc:h2:tcp://" + node.address + ":" + node.jdbcPort + "/config";
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "clustersync", "").close());
        assertTrue(refused.getMessage().contains("Wrong user name or password"), refused.getMessage());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "clustersync", credentials[1] + "x").close());
        try (Connection connection = node.jdbc(); ResultSet rows = connection.createStatement().executeQuery("SELECT 1")) {
            assertTrue(rows.next());
        }
        // both refusals are counted (the login that passed is not) and logged with the client's address
        try (JMXConnector jmx = connect("admin", admin)) {
            assertEquals(2L, jmx.getMBeanServerConnection().getAttribute(new ObjectName("io.clustersync:type=JdbcServer"),
                    "RefusedLogins"));
        }
        assertTrue(node.log().contains("the configuration database's JDBC server refused a login from /127.0.0.1:"),
                "the refusal names the client");
    }

    @Test
    @Order(2)
    void adminCliCreatesBindsTunesAndPrintsTheStatusTables() {
        NodeProcess.Result created = node.admin("create", "db", "sales", "shards", "3", "port", "12100");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.out().contains("created db:1 'sales' with 3 shard(s)"), created.out());
        assertEquals(0, node.admin("bind", "db", "sales", "endpoint", "1:1", "policy", "all-master-shards").exitCode());
        assertEquals(0, node.admin("tune", "db", "db:1", "syncer_mode", "distributed").exitCode());

        NodeProcess.Result status = node.admin("status");
        assertEquals(0, status.exitCode(), status::toString);
        String text = status.out();
        for (String header : new String[] {"CLUSTER NODES:", "DATABASES:", "ENDPOINTS:", "SHARDS:"}) {
            assertTrue(text.contains(header), text);
        }
        assertTrue(text.matches("(?s).*NODE:ID +ROLE +ADDRESS +SHARDS +STATUS\n\\*node:1 +primary +127\\.0\\.0\\.1 +3 +OK\n.*"), text);
        assertTrue(text.matches("(?s).*DB:ID +NAME +ID +NODE +ROLE +SSL +ADDRESS +STATUS +CONNS +OPS/S\n"
                + "db:1 +sales +endpoint:1:1 +node:1 +all-master-shards +No +127\\.0\\.0\\.1:12100 +listening +0 +0\n.*"), text);
        assertTrue(text.matches("(?s).*DB:ID +NAME +ID +NODE +ROLE +SLOTS +KEYS +USED_MEMORY +OFFSET +STATUS\n"
                + "db:1 +sales +shard:1 +node:1 +master +0-5461 +0 +0B +0 +OK\n"
                + "db:1 +sales +shard:2 +node:1 +master +5462-10922 +0 +0B +0 +OK\n"
                + "db:1 +sales +shard:3 +node:1 +master +10923-16383 +0 +0B +0 +OK\n.*"), text);
        assertTrue(text.matches("(?s).*db:1 +sales +3 +distributed +endpoint:1:1 +12100 +all-master-shards +-\n.*"), text);

        NodeProcess.Result shards = node.admin("status", "shards");
        assertTrue(shards.out().startsWith("SHARDS:\n") && !shards.out().contains("DATABASES:"), shards.out());
    }

    @Test
    @Order(3)
    void refusalsComeBackWithTheNodesMessageAndANonZeroExit() {
        NodeProcess.Result policy = node.admin("bind", "db", "sales", "endpoint", "1:1", "policy", "everywhere");
        assertEquals(1, policy.exitCode());
        assertTrue(policy.err().contains("unknown proxy policy 'everywhere'; valid policies are: single, all-master-shards, all-nodes"), policy.err());

        NodeProcess.Result single = node.admin("bind", "db", "sales", "endpoint", "1:1", "policy", "single");
        assertEquals(1, single.exitCode());
        assertTrue(single.err().contains("tune syncer_mode centralized first"), single.err());

        assertEquals(0, node.admin("create", "db", "hr", "shards", "1", "port", "12101").exitCode());
        NodeProcess.Result distributed = node.admin("tune", "db", "hr", "syncer_mode", "distributed");
        assertEquals(1, distributed.exitCode());
        assertTrue(distributed.err().contains("bind it to all-master-shards or all-nodes first"), distributed.err());

        NodeProcess.Result port = node.admin("create", "db", "crm", "shards", "2", "port", "12100");
        assertEquals(1, port.exitCode());
        assertTrue(port.err().contains("port 12100 is already used by endpoint:1:1 of db:1 'sales'"), port.err());

        NodeProcess.Result duplicate = node.admin("create", "db", "sales", "shards", "2", "port", "12102");
        assertTrue(duplicate.err().contains("a database named 'sales' already exists (db:1)"), duplicate.err());

        NodeProcess.Result unknown = node.admin("info", "db", "nosuch");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown database 'nosuch'; known databases: db:1 'sales', db:2 'hr'"), unknown.err());

        NodeProcess.Result param = node.admin("tune", "db", "sales", "max_memory", "1g");
        assertTrue(param.err().contains("unknown parameter 'max_memory'"), param.err());
    }

    @Test
    @Order(4)
    void jmxtermReadsAttributesAndInvokesOperations() {
        String pw = node.password("admin");
        NodeProcess.Result read = node.jmxterm("admin", pw,
                "get -b io.clustersync:type=Cluster ClusterName LocalNode PrimaryNode",
                "run -b io.clustersync:type=Database,name=hr bind endpoint:2:1 all-nodes",
                "get -b io.clustersync:type=Database,name=hr EndpointPolicy");
        assertEquals(0, read.exitCode(), read::toString);
        assertTrue(read.out().contains("ClusterName = itest;"), read.toString());
        assertTrue(read.out().contains("LocalNode = node:1;"), read.toString());
        assertTrue(read.out().contains("EndpointPolicy = all-nodes;"), read.toString());
        assertTrue(node.admin("info", "db", "hr").out().contains("policy all-nodes"));
    }

    @Test
    @Order(5)
    void wrongPasswordAndReadOnlyBindAreRefused() throws Exception {
        NodeProcess.Result wrong = node.adminAs("admin", "not-the-password", "status");
        assertEquals(3, wrong.exitCode());
        assertTrue(wrong.err().contains("authentication failed for user 'admin'"), wrong.err());
        SecurityException refused = assertThrows(SecurityException.class, () -> connect("admin", "not-the-password"));
        assertTrue(refused.getMessage().contains("Invalid username or password"), refused.getMessage());

        String monitor = node.password("monitor");
        NodeProcess.Result status = node.adminAs("monitor", monitor, "status", "databases");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("sales"));

        NodeProcess.Result bind = node.adminAs("monitor", monitor, "bind", "db", "sales", "endpoint", "1:1", "policy", "all-nodes");
        assertEquals(1, bind.exitCode());
        assertTrue(bind.err().contains("access denied for user 'monitor'"), bind.err());
        NodeProcess.Result jmxterm = node.jmxterm("monitor", monitor, "run -b io.clustersync:type=Database,name=sales bind endpoint:1:1 all-nodes");
        assertTrue(jmxterm.err().contains("SecurityException: Access denied!"), jmxterm.toString());
        assertTrue(node.admin("info", "db", "sales").out().contains("policy all-master-shards"), "the read-only bind changed the policy");
        assertTrue(node.log().contains("refused 'monitor' (readonly) from 127.0.0.1: invoke"), "the read-only change is logged");
    }

    @Test
    @Order(5)
    void jmxSpeaksTlsOnlyWithTheNodesCertificate() throws Exception {
        String pw = node.password("admin");
        try (JMXConnector tls = connect("admin", pw)) {
            assertEquals("itest", tls.getMBeanServerConnection().getAttribute(new ObjectName("io.clustersync:type=Cluster"),
                    "ClusterName"));
        }
        // a client that looks the registry up in plain text gets no stub: the registry speaks TLS only
        IOException plain = assertThrows(IOException.class, () -> JmxTls.connect(node.jmxUrl(), "admin", pw, false).close());
        assertFalse(String.valueOf(plain.getMessage()).isEmpty(), plain.toString());
        // nor does the plain RMI port behind the stub answer a plain socket: it waits for a TLS hello
        try (Socket socket = new Socket(node.address, node.jmxPort)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("JRMI\u0000\u0002K".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            int answer;
            try {
                answer = socket.getInputStream().read();
            } catch (IOException reset) {
                answer = -1;
            }
            assertTrue(answer == -1 || answer == 0x15, "a plain JRMP hello got " + answer + ", not a TLS alert or a close");
        }
        // each refusal is logged with the peer and counted by the node's JMX connector
        try (JMXConnector tls = connect("admin", pw)) {
            MBeanServerConnection mbeans = tls.getMBeanServerConnection();
            ObjectName connector = new ObjectName("io.clustersync:type=JmxConnector");
            assertTrue((Long) mbeans.getAttribute(connector, "RefusedHandshakes") >= 1, "the plain clients are counted");
            long logins = (Long) mbeans.getAttribute(connector, "RefusedLogins");
            assertThrows(SecurityException.class, () -> connect("admin", "not-the-password").close());
            assertEquals(logins + 1, (Long) mbeans.getAttribute(connector, "RefusedLogins"));
        }
        assertTrue(node.log().contains("refused a TLS handshake on the JMX port from /127.0.0.1:"), "the plain client's refusal names it");
        assertTrue(node.log().matches("(?s).*refused the JMX login of '(admin|\\?)' from 127\\.0\\.0\\.1: .*"),
                "a wrong password's refusal names the user and the client");
        // the CLI with --url and no trust store for this node refuses its certificate and says what to give it
        NodeProcess.Result untrusted = node.exec(List.of(node.install.resolve("bin/clustersync-admin").toString(), "--url",
                node.address + ":" + node.jmxPort, "--user", "admin", "--password", pw, "status"));
        assertEquals(3, untrusted.exitCode(), untrusted::toString);
        assertTrue(untrusted.err().contains("does not trust") && untrusted.err().contains("--truststore"), untrusted.err());
        // the files a client needs: the trust store, readable by all, the key store and its password for the node alone
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(node.home.resolve("etc/jmx-trust.p12"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(node.home.resolve("etc/jmx.p12"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(node.home.resolve("etc/jmx-ssl.properties"))));
    }

    @Test
    @Order(5)
    void jolokiaServesTheMBeansOverHttpWithTheJmxUsersAndRoles() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://" + node.address + ":" + node.httpPort + "/jolokia";
        String admin = node.password("admin");
        String monitor = node.password("monitor");

        HttpResponse<String> exec = get(http, base + "/exec/io.clustersync:type=ConfigSync/synchronizeAll", "admin", admin);
        assertEquals(200, exec.statusCode(), exec.body());
        assertTrue(exec.body().contains("\"status\":200") && exec.body().contains("\"value\":\"syncall-"), exec.body());

        HttpResponse<String> read = get(http, base + "/read/io.clustersync:type=Cluster/ClusterName", "monitor", monitor);
        assertTrue(read.body().contains("\"value\":\"itest\"") && read.body().contains("\"status\":200"), read.body());

        HttpResponse<String> refused = get(http, base + "/exec/io.clustersync:type=ConfigSync/synchronizeAll", "monitor", monitor);
        assertTrue(refused.body().contains("\"status\":403") && refused.body().contains("forbidden"), refused.body());
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Authorization", basic("monitor", monitor)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"write\",\"mbean\":\"io.clustersync:type=Database,"
                        + "name=hr\",\"attribute\":\"SyncerMode\",\"value\":\"distributed\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(posted.body().contains("\"status\":403"), "a read-only user writes no attribute: " + posted.body());
        assertFalse(refused.body().contains("stacktrace"), "no stack trace goes out: " + refused.body());

        HttpResponse<String> wrong = get(http, base + "/version", "admin", "not-the-password");
        assertEquals(401, wrong.statusCode(), wrong.body());
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + "/version")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(node.log().contains("HTTP management refused GET /jolokia/version from 127.0.0.1"), "the refusal names the client");
        try (JMXConnector jmx = connect("admin", admin)) {
            assertTrue((Long) jmx.getMBeanServerConnection().getAttribute(new ObjectName("io.clustersync:type=HttpManagement"),
                    "RefusedLogins") >= 2, "both refusals are counted");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", basic(user, password)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(6)
    void policyAndModeChangesAreNotified() throws Exception {
        try (JMXConnector connector = connect("admin", node.password("admin"))) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            ObjectName hr = new ObjectName(DatabaseMXBean.objectName("hr"));
            BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
            mbeans.addNotificationListener(hr, (n, handback) -> received.add(n), null, null);

            assertEquals(0, node.admin("tune", "db", "hr", "syncer_mode", "distributed").exitCode());
            AttributeChangeNotification mode = (AttributeChangeNotification) received.poll(20, TimeUnit.SECONDS);
            assertNotNull(mode, "no notification for the syncer_mode change");
            assertEquals(AttributeChangeNotification.ATTRIBUTE_CHANGE, mode.getType());
            assertEquals("SyncerMode", mode.getAttributeName());
            assertEquals("centralized", mode.getOldValue());
            assertEquals("distributed", mode.getNewValue());

            JMX.newMXBeanProxy(mbeans, hr, DatabaseMXBean.class).bind("2:1", "all-master-shards");
            AttributeChangeNotification policy = (AttributeChangeNotification) received.poll(20, TimeUnit.SECONDS);
            assertNotNull(policy, "no notification for the policy change");
            assertEquals("EndpointPolicy", policy.getAttributeName());
            assertEquals("all-nodes", policy.getOldValue());
            assertEquals("all-master-shards", policy.getNewValue());
        }
    }

    @Test
    @Order(7)
    void dropUnregistersTheDatabaseBean() throws Exception {
        assertEquals(0, node.admin("create", "db", "scratch", "shards", "2", "port",
                String.valueOf(NodeProcess.freePort(node.address))).exitCode());
        try (JMXConnector connector = connect("admin", node.password("admin"))) {
            ObjectName scratch = new ObjectName(DatabaseMXBean.objectName("scratch"));
            assertTrue(connector.getMBeanServerConnection().isRegistered(scratch));
            assertEquals(0, node.admin("drop", "db", "scratch").exitCode());
            assertFalse(connector.getMBeanServerConnection().isRegistered(scratch));
        }
    }

    @Test
    @Order(8)
    void aRestartedNodeHasTheSameModel() {
        String before = node.admin("status").out();
        NodeProcess.Result stopped = node.stop();
        assertEquals(0, stopped.exitCode(), stopped::toString);
        assertTrue(stopped.out().contains("stopped"), stopped.out());
        NodeProcess.Result restarted = node.start();
        assertEquals(0, restarted.exitCode(), () -> restarted + "\n" + node.log());
        assertFalse(restarted.out().contains("JMX credentials"), "credentials must be printed only on the first start");
        assertEquals(before, node.admin("status").out());
        assertTrue(node.admin("info", "db", "hr").out().contains("syncer_mode: distributed"));
        assertFalse(node.log().contains("ERROR"), node.log());
    }

    @Test
    @Order(9)
    void everyMBeanExplainsItselfOverRemoteJmx() throws Exception {
        try (JMXConnector connector = connect("monitor", node.password("monitor"))) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            Set<ObjectName> names = mbeans.queryNames(new ObjectName("io.clustersync:*"), null);
            assertTrue(names.size() >= 5, names.toString());
            List<String> problems = new ArrayList<>();
            for (ObjectName name : names) {
                MBeanInfo info = mbeans.getMBeanInfo(name);
                String bean = name.getKeyPropertyListString();
                if (info.getDescription() == null || info.getDescription().isBlank() || info.toString().contains("(not described)")) {
                    problems.add(bean + ": no description");
                }
                for (MBeanAttributeInfo a : info.getAttributes()) {
                    if (a.getDescription() == null || a.getDescription().isBlank() || a.getDescription().equals("Attribute exposed for management")) {
                        problems.add(bean + " " + a.getName() + ": no description");
                    }
                }
                for (MBeanOperationInfo o : info.getOperations()) {
                    if (o.getDescription() == null || o.getDescription().isBlank() || o.getDescription().equals("Operation exposed for management")) {
                        problems.add(bean + " " + o.getName() + "(): no description");
                    }
                    if (o.getImpact() != MBeanOperationInfo.INFO && o.getImpact() != MBeanOperationInfo.ACTION) {
                        problems.add(bean + " " + o.getName() + "(): impact " + o.getImpact());
                    }
                    for (MBeanParameterInfo p : o.getSignature()) {
                        if (p.getName().matches("p\\d+") || p.getDescription() == null || p.getDescription().isBlank()) {
                            problems.add(bean + " " + o.getName() + "(" + p.getName() + "): unnamed or undescribed");
                        }
                    }
                }
            }
            assertEquals(List.of(), problems);
            MBeanOperationInfo create = List.of(mbeans.getMBeanInfo(new ObjectName("io.clustersync:type=Cluster")).getOperations())
                    .stream().filter(o -> o.getName().equals("createDatabase")).findFirst().orElseThrow();
            assertEquals(List.of("name", "shards", "port"), List.of(create.getSignature()).stream().map(MBeanParameterInfo::getName).toList());
        }
    }

    private JMXConnector connect(String user, String password) throws Exception {
        return node.jmx(user, password);
    }
}
