package io.clustersync.itests.process;

import io.clustersync.admin.api.ConfigSyncMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table synchronization between three real nodes, driven by plain JDBC clients over TCP: writes to the tables
 * of conf/sync_tables.conf on any node reach every node; a row a secondary cannot take is reported in the
 * operator's words (per node, as a JMX attribute and notification, and in clustersync-admin) while later
 * changes keep flowing; full tables and AUDIT_LOG stay put; malformed rules stop table sync and name file
 * and line, and nothing captured meanwhile is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TableSyncIT {

    @TempDir
    static Path dir;
    private static ThreeNodeCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new ThreeNodeCluster(dir, "tables").start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> accounts(NodeProcess n) {
        return n.query("SELECT NAME, ROLE, EMAIL FROM ACCOUNTS ORDER BY NAME");
    }

    private static <T> T eventually(String what, Supplier<T> value, Predicate<T> done) {
        return Eventually.until(what, value, done, 10_000);
    }

    @Test
    @Order(1)
    void jdbcWritesOnAnyNodeReachEveryNode() {
        cluster.n1.sql("INSERT INTO ACCOUNTS VALUES ('alice', 'admin', 'alice@example.org')",
                "INSERT INTO ACCOUNTS VALUES ('bob', 'viewer', NULL)",
                "UPDATE ACCOUNTS SET ROLE = 'operator' WHERE NAME = 'bob'");
        eventually("alice on node:3 before node:3 deletes her", () -> accounts(cluster.n3), a -> a.contains("alice|admin|alice@example.org"));
        cluster.n3.sql("INSERT INTO ACCOUNTS VALUES ('carol', 'viewer', 'carol@example.org')",
                "DELETE FROM ACCOUNTS WHERE NAME = 'alice'");
        List<String> expected = List.of("bob|operator|null", "carol|viewer|carol@example.org");
        for (NodeProcess n : cluster.nodes()) {
            eventually("accounts on node:" + n.nodeId, () -> accounts(n), expected::equals);
        }
        // each write is audited on the node where a client made it, by the row's key, and nowhere else
        String audit = "SELECT NODE_ID, ACTION, DETAIL FROM AUDIT_LOG WHERE ACTION LIKE '% ACCOUNTS' ORDER BY ID";
        assertEquals(List.of("1|insert ACCOUNTS|NAME=alice by JDBC user CLUSTERSYNC", "1|insert ACCOUNTS|NAME=bob by JDBC user CLUSTERSYNC",
                "1|update ACCOUNTS|NAME=bob by JDBC user CLUSTERSYNC"), cluster.n1.query(audit));
        assertEquals(List.of("3|insert ACCOUNTS|NAME=carol by JDBC user CLUSTERSYNC", "3|delete ACCOUNTS|NAME=alice by JDBC user CLUSTERSYNC"),
                cluster.n3.query(audit));
        assertEquals(List.of(), cluster.n2.query(audit), "node:2 made no change: it keeps no entry of the others'");
    }

    @Test
    @Order(2)
    void aRowASecondaryCannotTakeIsReportedInTheOperatorsWordsAndLaterChangesStillFlow() throws Exception {
        String expected = "application 'billing' was not copied to node:2: application type 'sftp-push' is missing there";
        try (JMXConnector jmx = cluster.n1.jmx("admin", cluster.n1.password("admin"))) {
            BlockingQueue<Notification> notes = new LinkedBlockingQueue<>();
            ObjectName configSync = new ObjectName(ConfigSyncMXBean.OBJECT_NAME);
            jmx.getMBeanServerConnection().addNotificationListener(configSync, (n, h) -> notes.add(n), null, null);

            cluster.n1.sql("INSERT INTO APPLICATION_TYPES VALUES ('sftp-push', 'push files over SFTP')",
                    "INSERT INTO APPLICATIONS VALUES ('billing', 'sftp-push', 'host=files.internal')");
            String status = ThreeNodeCluster.await(cluster.n1, "the missing type reported", s -> s.contains(expected)
                    && s.contains("was not copied to node:3"), 10_000, "sync", "status");
            assertTrue(status.matches("(?s).*node:2 +secondary +behind .*"), status);

            Notification note = notes.poll(10, TimeUnit.SECONDS);
            assertNotNull(note, "no JMX notification for the failed change");
            assertEquals(ConfigSyncMXBean.SYNC_ERROR, note.getType());
            assertTrue(note.getMessage().contains("application 'billing' was not copied to node:"), note.getMessage());
            Object errors = jmx.getMBeanServerConnection().getAttribute(configSync, "Errors");
            assertTrue(Arrays.toString((String[]) errors).contains(expected), Arrays.toString((String[]) errors));
        }
        assertEquals(List.of(), cluster.n2.query("SELECT NAME FROM APPLICATION_TYPES"), "full tables move only with Synchronize All");
        assertEquals(List.of(), cluster.n2.query("SELECT NAME FROM APPLICATIONS"));

        cluster.n1.sql("INSERT INTO ACCOUNTS VALUES ('dave', 'admin', NULL)");
        eventually("a later change on node:2", () -> accounts(cluster.n2), a -> a.contains("dave|admin|null"));
        NodeProcess.Result own = cluster.n2.admin("sync", "status");
        assertTrue(own.out().contains(expected), own.out());
    }

    @Test
    @Order(3)
    void auditLogStaysOnItsNode() {
        cluster.n1.sql("INSERT INTO AUDIT_LOG (NODE_ID, ACTION, DETAIL) VALUES (1, 'login', 'admin from the console')");
        cluster.n1.sql("INSERT INTO ACCOUNTS VALUES ('erin', 'viewer', NULL)");
        eventually("erin on node:3", () -> accounts(cluster.n3), a -> a.contains("erin|viewer|null"));
        assertEquals(List.of(), cluster.n3.query("SELECT DETAIL FROM AUDIT_LOG WHERE ACTION = 'login'"));
    }

    @Test
    @Order(4)
    void malformedRulesStopTableSyncWithFileAndLineAndNothingIsLost() throws Exception {
        Path rules = cluster.n1.home.resolve("conf/sync_tables.conf");
        String good = Files.readString(rules);
        Files.writeString(rules, good + "ACCOUNTS twice\n");
        String status = ThreeNodeCluster.await(cluster.n1, "the rules error", s -> s.contains("RULES:"), 15_000, "sync", "status");
        assertTrue(status.contains("conf/sync_tables.conf line "), status);
        assertTrue(status.contains("'ACCOUNTS twice' is not of the form TABLE [full]"), status);

        cluster.n1.sql("INSERT INTO ACCOUNTS VALUES ('frank', 'viewer', NULL)");
        Thread.sleep(1500);
        assertTrue(accounts(cluster.n2).stream().noneMatch(a -> a.startsWith("frank")), "synchronized despite broken rules");

        Files.writeString(rules, good);
        eventually("frank on node:2 once the rules are fixed", () -> accounts(cluster.n2), a -> a.contains("frank|viewer|null"));
        assertTrue(!cluster.n1.admin("sync", "status").out().contains("RULES:"));
    }
}
