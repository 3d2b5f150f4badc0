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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synchronize All between three real nodes: it cures a missing application type, carries only what differs,
 * runs as a job with notifications, refuses on a secondary, and a secondary killed with SIGKILL halfway keeps
 * its previous configuration while the job reports it failed and the others done.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SynchronizeAllIT {

    @TempDir
    static Path dir;
    private static ThreeNodeCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new ThreeNodeCluster(dir, "full");
        cluster.n2.withHttp(); // Synchronize All's result gives its HTTP management address too
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JMXConnector jmx(NodeProcess n) throws Exception {
        return n.jmx("admin", n.password("admin"));
    }

    @Test
    @Order(1)
    void itCuresAMissingApplicationTypeAsAJobWithNotifications() throws Exception {
        cluster.n1.sql("INSERT INTO APPLICATION_TYPES VALUES ('sftp-push', 'push files over SFTP')",
                "INSERT INTO APPLICATIONS VALUES ('billing', 'sftp-push', 'host=files.internal')");
        ThreeNodeCluster.await(cluster.n1, "the failure reported", s -> s.contains("application type 'sftp-push' is missing there"),
                10_000, "sync", "status");
        NodeProcess.Result drift = cluster.n1.admin("verify");
        assertEquals(1, drift.exitCode(), drift::toString);
        assertTrue(drift.out().contains("node:2: 2 item(s) differ from the primary:"), drift.out());
        assertTrue(drift.out().contains("APPLICATION_TYPES 'sftp-push' missing"), drift.out());
        assertTrue(drift.out().contains("APPLICATIONS 'billing' missing"), drift.out());
        try (JMXConnector connector = jmx(cluster.n1)) {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(ConfigSyncMXBean.OBJECT_NAME);
            BlockingQueue<Notification> notes = new LinkedBlockingQueue<>();
            mbeans.addNotificationListener(name, (n, h) -> notes.add(n), null, null);
            ConfigSyncMXBean sync = JMX.newMXBeanProxy(mbeans, name, ConfigSyncMXBean.class);
            String id = sync.synchronizeAll();
            assertTrue(id.startsWith("syncall-"), id);
            Notification started = notes.poll(10, TimeUnit.SECONDS);
            assertNotNull(started);
            assertEquals(ConfigSyncMXBean.SYNC_ALL_STARTED, started.getType());
            Notification finished = notes.poll(60, TimeUnit.SECONDS);
            assertNotNull(finished, "no notification at the end of the job");
            assertEquals(ConfigSyncMXBean.SYNC_ALL_FINISHED, finished.getType(), finished.getMessage());
            assertEquals("done", sync.getJobState());
            assertEquals(100, sync.getJobProgress());
            assertEquals(2, sync.getJobNodes().size());
            assertTrue(sync.getJobNodes().stream().allMatch(r -> r.state().equals("done")));
            assertTrue(!sync.getJobEnded().isEmpty());
        }
        for (NodeProcess n : List.of(cluster.n2, cluster.n3)) {
            assertEquals(List.of("billing|sftp-push"), n.query("SELECT NAME, TYPE_NAME FROM APPLICATIONS"));
            assertEquals(List.of("sftp-push"), n.query("SELECT NAME FROM APPLICATION_TYPES"));
            String mine = n.admin("sync", "status").out();
            assertTrue(mine.contains("last full synchronization here: 20"), mine);
        }
        ThreeNodeCluster.await(cluster.n1, "all synced", s -> !s.contains("behind") && !s.contains("needs-full-sync"),
                10_000, "sync", "status");
        NodeProcess.Result clean = cluster.n1.admin("verify");
        assertEquals(0, clean.exitCode(), clean::toString);
        assertTrue(clean.out().contains("node:3: no drift"), clean.out());
    }

    @Test
    @Order(2)
    void aSecondRunCarriesNothingAndSecondariesRefuseToRunIt() {
        NodeProcess.Result again = cluster.n1.admin("synchronize-all");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().matches("(?s).*node:2 done in \\d+ ms: 0 item\\(s\\) sent, \\d+ unchanged.*"), again.out());
        NodeProcess.Result refused = cluster.n2.admin("synchronize-all");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("Synchronize All runs only on the primary node:1"), refused.err());

        // The digests kept between runs must not hide a change another JDBC client makes on a secondary.
        cluster.n3.sql("UPDATE APPLICATION_TYPES SET DESCRIPTION = 'edited on node:3' WHERE NAME = 'sftp-push'");
        NodeProcess.Result cure = cluster.n1.admin("synchronize-all");
        assertEquals(0, cure.exitCode(), cure::toString);
        assertTrue(cure.out().matches("(?s).*node:3 done in \\d+ ms: 1 item\\(s\\) sent, \\d+ unchanged.*"), cure.out());
        assertTrue(cure.out().matches("(?s).*node:2 done in \\d+ ms: 0 item\\(s\\) sent, \\d+ unchanged.*"), cure.out());
        assertEquals(List.of("push files over SFTP"),
                cluster.n3.query("SELECT DESCRIPTION FROM APPLICATION_TYPES WHERE NAME = 'sftp-push'"));

        // A row only a secondary holds (a full table: written there, it stays there) is deleted by the next run.
        cluster.n2.sql("INSERT INTO APPLICATION_TYPES VALUES ('local-only', 'added on node:2 alone')");
        NodeProcess.Result delete = cluster.n1.admin("synchronize-all");
        assertEquals(0, delete.exitCode(), delete::toString);
        assertTrue(delete.out().matches("(?s).*node:2 done in \\d+ ms: 1 item\\(s\\) sent, \\d+ unchanged.*"), delete.out());
        assertEquals(List.of(), cluster.n2.query("SELECT NAME FROM APPLICATION_TYPES WHERE NAME = 'local-only'"));
    }

    @Test
    @Order(3)
    void aSecondaryKilledHalfwayKeepsItsPreviousConfiguration() throws Exception {
        try (Connection c = cluster.n1.jdbc(); PreparedStatement ps = c.prepareStatement("INSERT INTO APPLICATION_TYPES VALUES (?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < 60_000; i++) {
                ps.setString(1, "type-" + i);
                ps.setString(2, "a bulk type to make the switch-over take a while " + i);
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        try (JMXConnector connector = jmx(cluster.n1)) {
            ConfigSyncMXBean sync = JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                    new ObjectName(ConfigSyncMXBean.OBJECT_NAME), ConfigSyncMXBean.class);
            long snapshotsBefore = snapshotsBegun(cluster.n3);
            sync.synchronizeAll();
            // node:3 holds 1 of the 60,001 types: far behind, it gets a snapshot; it is killed while it applies it
            long deadline = System.currentTimeMillis() + 60_000;
            for (int i = 0; i < 6000 && snapshotsBegun(cluster.n3) == snapshotsBefore && System.currentTimeMillis() < deadline; i++) {
                Thread.sleep(10);
            }
            assertTrue(snapshotsBegun(cluster.n3) > snapshotsBefore, "node:3 never began the snapshot's switch-over");
            cluster.n3.kill9();
            for (int i = 0; i < 600 && sync.getJobState().equals("running"); i++) {
                Thread.sleep(100);
            }
            assertEquals("failed", sync.getJobState(), sync.getJobNodes().stream().map(r -> r.node() + " " + r.state()
                    + " " + r.detail()).toList().toString());
            var rows = sync.getJobNodes();
            assertEquals("done", rows.get(0).state(), rows.get(0).detail());
            assertTrue(rows.get(0).detail().matches("snapshot: \\d+ item\\(s\\) sent \\(\\d+ row\\(s\\), \\d+ file\\(s\\), \\d+ KB compressed\\).*"),
                    rows.get(0).detail());
            assertEquals("node:3", rows.get(1).node());
            assertEquals("failed", rows.get(1).state());
            assertTrue(rows.get(1).detail().contains("its previous configuration is kept"), rows.get(1).detail());
        }
        assertEquals(List.of("60001"), cluster.n2.query("SELECT COUNT(*) FROM APPLICATION_TYPES"));
        assertEquals(0, cluster.n3.start().exitCode(), cluster.n3::log);
        assertEquals(List.of("1"), cluster.n3.query("SELECT COUNT(*) FROM APPLICATION_TYPES"),
                "node:3 must hold its configuration from before the interrupted switch-over, not a part of the new one");
        ThreeNodeCluster.await(cluster.n1, "node:3 needs a full sync", s -> s.matches("(?s).*node:3 +secondary +needs-full-sync.*"),
                15_000, "sync", "status");
        assertEquals(0, cluster.n1.admin("synchronize-all").exitCode());
        assertEquals(List.of("60001"), cluster.n3.query("SELECT COUNT(*) FROM APPLICATION_TYPES"));
    }

    /** How many snapshot switch-overs a node's log says it began. */
    private static long snapshotsBegun(NodeProcess node) {
        return node.log().lines().filter(l -> l.contains("switching over to the primary's snapshot")).count();
    }

    @Test
    @Order(4)
    void requirementsAreCheckedFirstAndFailuresNameTheValues() throws Exception {
        NodeProcess.Result ok = cluster.n1.admin("check-requirements");
        assertEquals(0, ok.exitCode(), ok::toString);
        for (String check : List.of("every secondary answers", "same admin account names", "same install path",
                "same etc/cluster.key (by digest)", "same cluster certificate alias", "same cluster certificate fingerprint",
                "same JMX administrators and certificate key alias", "mutual TLS works both ways",
                "each node on a different address", "each node on its own computer", "one network segment",
                "clocks within 2000 ms", "identical configuration-database settings", "same clustersync version")) {
            assertTrue(ok.out().matches("(?s).*" + Pattern.quote(check) + " +PASS .*"), check + "\n" + ok.out());
        }
        assertTrue(ok.out().matches("(?s).*each node on its own computer +PASS +waived by sync.allow_shared_computer=yes:"
                + " \\[node:1, node:2, node:3\\] run on one computer, .*"), ok.out());
        assertTrue(ok.out().matches("(?s).*one network segment +PASS +'127\\.0\\.0\\.0/8 \\(lo\\)' everywhere.*"), ok.out());
        assertTrue(ok.out().matches("(?s).*same JMX administrators and certificate key alias +PASS +'administrators admin,"
                + " key alias jmx' everywhere.*"), ok.out());

        // three requirements broken at once: each fails naming the values, and Synchronize All is refused with them
        Path key = cluster.n3.home.resolve("etc/cluster.key");
        Path access = cluster.n3.home.resolve("etc/jmx.access");
        String originalKey = Files.readString(key);
        String originalAccess = Files.readString(access);
        Files.writeString(key, originalKey + "another secret\n");
        Files.writeString(access, originalAccess + "operator readwrite\n");
        assertEquals(0, cluster.n1.admin("set", "param", "sync.allow_shared_computer", "no").exitCode());
        try {
            NodeProcess.Result failed = cluster.n1.admin("check-requirements");
            assertEquals(1, failed.exitCode());
            assertTrue(failed.out().matches("(?s).*same etc/cluster.key \\(by digest\\) +FAIL +node:1 \\(primary\\) has '\\w+', node:3 has '\\w+'.*"),
                    failed.out());
            assertTrue(failed.out().matches("(?s).*same JMX administrators and certificate key alias +FAIL +node:1 \\(primary\\)"
                    + " has 'administrators admin, key alias jmx', node:3 has 'administrators admin,operator, key alias jmx'.*"),
                    failed.out());
            assertTrue(failed.out().matches("(?s).*each node on its own computer +FAIL +\\[node:1, node:2, node:3\\] run on one"
                    + " computer, .*set param sync.allow_shared_computer yes.*"), failed.out());
            assertTrue(failed.out().matches("(?s).*same install path +PASS .*"), failed.out());
            NodeProcess.Result refused = cluster.n1.admin("synchronize-all");
            assertEquals(1, refused.exitCode());
            assertTrue(refused.err().contains("Synchronize All refused: requirements not met: same etc/cluster.key"), refused.err());
            assertTrue(refused.err().contains("| each node on its own computer: [node:1, node:2, node:3] run on one computer"),
                    refused.err());
        } finally {
            Files.writeString(key, originalKey);
            Files.writeString(access, originalAccess);
            assertEquals(0, cluster.n1.admin("set", "param", "sync.allow_shared_computer", "yes").exitCode());
        }
        ThreeNodeCluster.await(cluster.n1, "the waiver back on node:1", s -> s.matches("(?s).*sync.allow_shared_computer +yes.*"),
                10_000, "params");
        NodeProcess.Result done = cluster.n1.admin("synchronize-all");
        assertEquals(0, done.exitCode(), done::toString);
        // each secondary's result says where it is administered: JMX, and HTTP where the node serves it
        assertTrue(done.out().matches("(?s).*node:2 done in \\d+ ms: .*\\[JMX " + Pattern.quote(cluster.n2.address + ":"
                + cluster.n2.jmxPort + ", HTTP http://" + cluster.n2.address + ":" + cluster.n2.httpPort + "/jolokia") + "\\].*"),
                done.out());
        assertTrue(done.out().matches("(?s).*node:3 done in \\d+ ms: .*\\[JMX " + Pattern.quote(cluster.n3.address + ":"
                + cluster.n3.jmxPort) + "\\].*"), done.out());
        String status = cluster.n1.admin("sync", "status").out();
        assertTrue(status.contains("[JMX " + cluster.n2.address + ":" + cluster.n2.jmxPort + ", HTTP http://"), status);
        assertTrue(status.contains("[JMX " + cluster.n3.address + ":" + cluster.n3.jmxPort + "]"), status);
    }

    /**
     * A secondary that restarted runs none of its data services until Synchronize All reaches it: its share of a
     * Replica Of database waits (info db says why), its shard answers other nodes' proxies LOADING, status says so.
     */
    @Test
    @Order(5)
    void aRestartedSecondaryRunsNoServiceUntilSynchronizeAllReachesIt() throws Exception {
        int sourcePort = NodeProcess.freePort("127.0.0.1");
        int port = NodeProcess.freePort("127.0.0.1");
        ok(cluster.n1.admin("create", "db", "origin", "shards", "1", "port", String.valueOf(sourcePort)));
        ok(cluster.n1.admin("bind", "db", "origin", "endpoint", cluster.dbId("origin") + ":1", "policy", "all-nodes"));
        Eventually.until("origin's proxy", () -> dbsize(sourcePort), n -> n == 0, 20_000);
        try (Jedis writer = new Jedis("127.0.0.1", sourcePort, 5000)) {
            for (int i = 0; i < 60; i++) {
                writer.set("k" + i, "v" + i);
            }
        }
        ok(cluster.n1.admin("create", "db", "mirror", "shards", "3", "port", String.valueOf(port)));
        ok(cluster.n1.admin("bind", "db", "mirror", "endpoint", cluster.dbId("mirror") + ":1", "policy", "all-nodes"));
        // distributed: every node that masters a shard runs a share of the syncer, node:3 too
        ok(cluster.n1.admin("tune", "db", "mirror", "syncer_mode", "distributed"));
        ok(cluster.n1.admin("replica-of", "db", "mirror", "source", "redis://127.0.0.1:" + sourcePort + "/origin"));
        Eventually.until("the 60 keys in mirror", () -> dbsize(port), n -> n == 60, 30_000);
        String shardsOfN3 = cluster.n1.admin("status", "shards").out();
        assertTrue(shardsOfN3.matches("(?s).*mirror +\\S+ +node:3 +master.*"), "node:3 holds a master shard of mirror:\n" + shardsOfN3);

        assertEquals(0, cluster.n3.stop().exitCode());
        assertEquals(0, cluster.n3.start().exitCode(), cluster.n3::log);
        ThreeNodeCluster.await(cluster.n1, "node:3 needs a full sync", s -> s.matches("(?s).*node:3 +secondary +needs-full-sync.*"),
                15_000, "sync", "status");
        String info = ThreeNodeCluster.await(cluster.n3, "node:3's share of the syncer waiting", s -> s.contains(": waiting"),
                15_000, "info", "db", "mirror");
        assertTrue(info.contains("node:3 (re)started and needs a full synchronization: its syncers start when Synchronize All"
                + " has reached it"), info);
        assertTrue(info.matches("(?s).*proxy: node:3 \\S+ waiting for Synchronize All.*"), info);
        String status = cluster.n1.admin("status").out();
        assertTrue(status.contains("node:3 needs a full synchronization: its proxies, syncers and shards' client traffic wait"
                + " until Synchronize All reaches it"), status);
        int loading = 0;
        try (Jedis client = new Jedis("127.0.0.1", port, 5000)) {
            for (int i = 0; i < 60; i++) {
                try {
                    assertEquals("v" + i, client.get("k" + i));
                } catch (JedisDataException held) {
                    assertTrue(held.getMessage().startsWith("LOADING shard:") && held.getMessage().contains("on node:3 waits"
                            + " for Synchronize All"), held.getMessage());
                    loading++;
                }
            }
        }
        assertTrue(loading > 0, "no key of node:3's shard was refused");

        assertEquals(0, cluster.n1.admin("synchronize-all").exitCode());
        ThreeNodeCluster.await(cluster.n3, "node:3's share running again", s -> !s.contains(": waiting")
                && s.matches("(?s).*proxy: node:3 \\S+ listening.*"), 20_000, "info", "db", "mirror");
        try (Jedis writer = new Jedis("127.0.0.1", sourcePort, 5000)) {
            writer.set("after", "sync");
        }
        Eventually.until("every key readable, and the write after the job replicated", () -> {
            try (Jedis client = new Jedis("127.0.0.1", port, 5000)) {
                for (int i = 0; i < 60; i++) {
                    if (!("v" + i).equals(client.get("k" + i))) {
                        return false;
                    }
                }
                return "sync".equals(client.get("after"));
            } catch (JedisDataException e) {
                return false;
            }
        }, ok -> ok, 20_000);
        ok(cluster.n1.admin("drop", "db", "mirror"));
        ok(cluster.n1.admin("drop", "db", "origin"));
    }

    private static void ok(NodeProcess.Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }

    /**
     * The primary says when a Synchronize All is due, until one has run: after it restarted (and pushed the change a
     * secondary lacked as it came back), and when it was restored from an older copy of its configuration.
     */
    @Test
    @Order(6)
    void thePrimarySaysWhenSynchronizeAllIsDue() throws Exception {
        assertEquals("", dueOn(cluster.n1));
        // node:3 misses a change; the primary stops; node:3 comes back first; the primary pushes the change when it starts
        assertEquals(0, cluster.n3.stop().exitCode());
        assertEquals(0, cluster.n1.admin("set", "param", "due.check", "one").exitCode());
        assertEquals(0, cluster.n1.stop().exitCode());
        Path data = cluster.n1.home.resolve("data/config.mv.db");
        Path copy = dir.resolve("config-before.mv.db");
        Files.copy(data, copy);
        assertEquals(0, cluster.n3.start().exitCode(), cluster.n3::log);
        assertEquals(0, cluster.n1.start().exitCode(), cluster.n1::log);
        ThreeNodeCluster.await(cluster.n3, "the change pushed by the primary as it started", s -> s.contains("due.check"),
                20_000, "params");
        String due = dueOn(cluster.n1);
        assertTrue(due.contains("node:1 (the primary) started at "), due);
        String status = cluster.n1.admin("sync", "status").out();
        assertTrue(status.contains("SYNCHRONIZE ALL DUE (run synchronize-all):\n  node:1 (the primary) started at "), status);
        assertEquals(0, cluster.n1.admin("synchronize-all").exitCode());
        assertEquals("", dueOn(cluster.n1));
        assertTrue(!cluster.n1.admin("sync", "status").out().contains("SYNCHRONIZE ALL DUE"));

        // the primary restored from the copy taken before 'due.check': its secondaries are ahead of it
        assertEquals(0, cluster.n1.admin("set", "param", "due.check", "two").exitCode());
        ThreeNodeCluster.await(cluster.n2, "the second change on node:2", s -> s.matches("(?s).*due.check +two.*"), 10_000, "params");
        assertEquals(0, cluster.n1.stop().exitCode());
        Files.copy(copy, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, cluster.n1.start().exitCode(), cluster.n1::log);
        String restored = ThreeNodeCluster.await(cluster.n1, "the restored primary noticed", s -> s.contains("the primary's"
                + " configuration is older than its secondaries'"), 20_000, "sync", "status");
        assertTrue(restored.matches("(?s).*node:[23] has applied change \\d+ but the primary is at change \\d+.*"), restored);
        try (JMXConnector connector = jmx(cluster.n1)) {
            ConfigSyncMXBean sync = JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                    new ObjectName(ConfigSyncMXBean.OBJECT_NAME), ConfigSyncMXBean.class);
            assertTrue(sync.getSyncAllDue().stream().anyMatch(r -> r.contains("restored from a backup")), sync.getSyncAllDue().toString());
        }
        assertEquals(0, cluster.n1.admin("synchronize-all").exitCode());
        assertEquals("", dueOn(cluster.n1));
        for (NodeProcess n : cluster.nodes()) {
            ThreeNodeCluster.await(n, "the restored configuration everywhere", s -> s.matches("(?s).*due.check +one.*"), 10_000, "params");
        }
    }

    /**
     * A secondary far behind gets a snapshot: a copy of the primary's database file takes the place of its own, with
     * its local tables and its own audit log kept; a JDBC client it had is cut off and connects again; verify is clean.
     */
    @Test
    @Order(7)
    void aSnapshotReplacesTheDatabaseFileAndKeepsTheSecondarysLocalTables() throws Exception {
        cluster.n3.sql("CREATE TABLE LOCAL_NOTES (ID INT PRIMARY KEY, NOTE VARCHAR(100))",
                "INSERT INTO LOCAL_NOTES VALUES (1, 'kept on node:3')",
                "INSERT INTO AUDIT_LOG (NODE_ID, ACTION, DETAIL) VALUES (3, 'login', 'operator on node:3')");
        cluster.n1.sql("INSERT INTO AUDIT_LOG (NODE_ID, ACTION, DETAIL) VALUES (1, 'login', 'operator on node:1')");
        List<String> audit = cluster.n3.query("SELECT ID || ' ' || ACTION || ' ' || DETAIL FROM AUDIT_LOG ORDER BY ID");
        // node:3 is down while the primary gains most of its configuration (a table only Synchronize All carries)
        assertEquals(0, cluster.n3.stop().exitCode());
        cluster.n1.sql("INSERT INTO APPLICATION_TYPES SELECT 'later-' || X, 'added while node:3 was down' FROM SYSTEM_RANGE(1, 80000)");
        assertEquals(0, cluster.n3.start().exitCode(), cluster.n3::log);
        ThreeNodeCluster.await(cluster.n1, "node:3 back", s -> s.matches("(?s).*node:3 +secondary +needs-full-sync.*"),
                15_000, "sync", "status");
        try (Connection held = cluster.n3.jdbc()) {
            NodeProcess.Result job = cluster.n1.admin("synchronize-all");
            assertEquals(0, job.exitCode(), job::toString);
            assertTrue(job.out().matches("(?s).*node:3 done in \\d+ ms: snapshot: \\d+ item\\(s\\) sent.*"), job.out());
            assertThrows(java.sql.SQLException.class, () -> held.createStatement().executeQuery("SELECT 1").close(),
                    "a JDBC session of the replaced database is closed");
        }
        assertTrue(cluster.n3.log().contains("replaced by the primary's snapshot"), "node:3 took the database copy");
        assertEquals(cluster.n1.query("SELECT COUNT(*) FROM APPLICATION_TYPES"), cluster.n3.query("SELECT COUNT(*) FROM APPLICATION_TYPES"));
        assertEquals(List.of("1|kept on node:3"), cluster.n3.query("SELECT ID, NOTE FROM LOCAL_NOTES"), "node:3's own table is kept");
        List<String> after = cluster.n3.query("SELECT ID || ' ' || ACTION || ' ' || DETAIL FROM AUDIT_LOG ORDER BY ID");
        assertTrue(after.containsAll(audit), "node:3's audit log is its own: " + after);
        assertTrue(after.stream().noneMatch(a -> a.contains("operator on node:1")), "the primary's audit log stays there: " + after);
        NodeProcess.Result verify = cluster.n1.admin("verify");
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("node:3: no drift"), verify.out());
        // the replaced database goes on taking changes, by dynamic sync
        assertEquals(0, cluster.n1.admin("set", "param", "after.snapshot", "yes").exitCode());
        ThreeNodeCluster.await(cluster.n3, "a change after the snapshot", s -> s.contains("after.snapshot"), 10_000, "params");
    }

    /** The reasons a Synchronize All is due, read from the primary's ConfigSync MXBean over JMX, one per line. */
    private static String dueOn(NodeProcess primary) throws Exception {
        try (JMXConnector connector = jmx(primary)) {
            ConfigSyncMXBean sync = JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                    new ObjectName(ConfigSyncMXBean.OBJECT_NAME), ConfigSyncMXBean.class);
            return String.join("\n", sync.getSyncAllDue());
        }
    }

    private static long dbsize(int port) {
        try (Jedis client = new Jedis("127.0.0.1", port, 5000)) {
            return client.dbSize();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
