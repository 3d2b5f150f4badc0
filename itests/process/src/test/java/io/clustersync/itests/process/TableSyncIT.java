package io.clustersync.itests.process;

import io.clustersync.admin.api.ConfigSyncMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
import java.util.Map;
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
        cluster.n1.sql("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES ('alice', 'admin', 'alice@example.org')",
                "INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES ('bob', 'viewer', NULL)",
                "UPDATE ACCOUNTS SET ROLE = 'operator' WHERE NAME = 'bob'");
        eventually("alice on node:3 before node:3 deletes her", () -> accounts(cluster.n3), a -> a.contains("alice|admin|alice@example.org"));
        cluster.n3.sql("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES ('carol', 'viewer', 'carol@example.org')",
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

        cluster.n1.sql("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES ('dave', 'admin', NULL)");
        eventually("a later change on node:2", () -> accounts(cluster.n2), a -> a.contains("dave|admin|null"));
        NodeProcess.Result own = cluster.n2.admin("sync", "status");
        assertTrue(own.out().contains(expected), own.out());
    }

    @Test
    @Order(3)
    void auditLogStaysOnItsNode() {
        cluster.n1.sql("INSERT INTO AUDIT_LOG (NODE_ID, ACTION, DETAIL) VALUES (1, 'login', 'admin from the console')");
        cluster.n1.sql("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES ('erin', 'viewer', NULL)");
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

        cluster.n1.sql("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES ('frank', 'viewer', NULL)");
        Thread.sleep(1500);
        assertTrue(accounts(cluster.n2).stream().noneMatch(a -> a.startsWith("frank")), "synchronized despite broken rules");

        Files.writeString(rules, good);
        eventually("frank on node:2 once the rules are fixed", () -> accounts(cluster.n2), a -> a.contains("frank|viewer|null"));
        assertTrue(!cluster.n1.admin("sync", "status").out().contains("RULES:"));
    }

    /**
     * An account whose home exists only on the primary gets it on each secondary, parents included, owned by its
     * UID and GID (the nodes run as root here); Synchronize All makes a home missing again, and never re-owns one
     * that exists (it says so).
     */
    @Test
    @Order(5)
    void anAccountsHomeIsMadeOnEachSecondaryOwnedByItsUidAndGid() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the nodes give folders away only as root");
        Files.createDirectories(cluster.n1.home.resolve("accounts/teams/red/zoe"));
        cluster.n1.sql("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL, HOME_DIR, UID, GID) VALUES ('zoe', 'operator', NULL,"
                + " 'teams/red/zoe', 4242, 4343)");
        for (NodeProcess n : List.of(cluster.n2, cluster.n3)) {
            Path home = n.home.resolve("accounts/teams/red/zoe");
            eventually("zoe's home on node:" + n.nodeId, () -> Files.isDirectory(home), made -> made);
            assertEquals(4242, Files.getAttribute(home, "unix:uid"));
            assertEquals(4343, Files.getAttribute(home, "unix:gid"));
        }
        // node:3 loses the home (and its parent); node:2's is taken over by another owner
        Path lost = cluster.n3.home.resolve("accounts/teams/red");
        Files.delete(lost.resolve("zoe"));
        Files.delete(lost);
        Path taken = cluster.n2.home.resolve("accounts/teams/red/zoe");
        Files.setAttribute(taken, "unix:uid", 7777);
        NodeProcess.Result full = cluster.n1.admin("synchronize-all");
        assertEquals(0, full.exitCode(), full::toString);
        assertTrue(Files.isDirectory(lost.resolve("zoe")), "zoe's home made again on node:3");
        assertEquals(4242, Files.getAttribute(lost.resolve("zoe"), "unix:uid"));
        assertEquals(7777, Files.getAttribute(taken, "unix:uid"), "an existing home is never re-owned");
        assertTrue(full.out().matches("(?s).*node:2 done in \\d+ ms: .*account 'zoe': home \\S+ exists, owned by 7777:4343,"
                + " not 4242:4343: not re-owned.*"), full.out());
    }

    /**
     * After every kind of live change, once it reached the secondaries, verify finds no drift: a database created,
     * tuned, rebound and dropped, a cluster-wide and a local parameter, a row written, changed and deleted on a
     * secondary, a file written and deleted.
     */
    @Test
    @Order(6)
    void verifyIsCleanAfterEveryKindOfLiveChange() throws Exception {
        int port = NodeProcess.freePort("127.0.0.1");
        Path file = cluster.n2.home.resolve("conf/apps/verify-me.properties");
        List<Map.Entry<String, Runnable>> changes = List.of(
                Map.entry("create db", () -> ok(cluster.n2.admin("create", "db", "checked", "shards", "2", "port", String.valueOf(port)))),
                Map.entry("tune db", () -> ok(cluster.n1.admin("tune", "db", "checked", "syncer_mode", "centralized"))),
                Map.entry("bind db", () -> ok(cluster.n3.admin("bind", "db", "checked", "endpoint", cluster.dbId("checked") + ":1",
                        "policy", "single"))),
                Map.entry("set param", () -> ok(cluster.n3.admin("set", "param", "verify.me", "yes"))),
                Map.entry("set param local", () -> ok(cluster.n2.admin("set", "param", "verify.local", "here", "local"))),
                Map.entry("insert row", () -> cluster.n2.sql("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES ('vera', 'viewer', NULL)")),
                Map.entry("update row", () -> cluster.n3.sql("UPDATE ACCOUNTS SET EMAIL = 'vera@example.org' WHERE NAME = 'vera'")),
                Map.entry("delete row", () -> cluster.n1.sql("DELETE FROM ACCOUNTS WHERE NAME = 'vera'")),
                Map.entry("write file", () -> write(file, "checked=yes\n")),
                Map.entry("delete file", () -> delete(file)),
                Map.entry("drop db", () -> ok(cluster.n1.admin("drop", "db", "checked"))));
        for (Map.Entry<String, Runnable> change : changes) {
            change.getValue().run();
            String clean = ThreeNodeCluster.await(cluster.n1, "verify clean after '" + change.getKey() + "'",
                    s -> s.contains("node:2: no drift") && s.contains("node:3: no drift"), 15_000, "verify");
            assertTrue(!clean.contains("differ"), change.getKey() + ": " + clean);
        }
    }

    private static void ok(NodeProcess.Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
