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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
        cluster = new ThreeNodeCluster(dir, "full").start();
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
            sync.synchronizeAll();
            long deadline = System.currentTimeMillis() + 60_000;
            for (int i = 0; i < 6000 && sync.getJobProgress() < 40 && System.currentTimeMillis() < deadline; i++) {
                Thread.sleep(10);
            }
            cluster.n3.kill9();
            for (int i = 0; i < 600 && sync.getJobState().equals("running"); i++) {
                Thread.sleep(100);
            }
            assertEquals("failed", sync.getJobState(), sync.getJobNodes().stream().map(r -> r.node() + " " + r.state()
                    + " " + r.detail()).toList().toString());
            var rows = sync.getJobNodes();
            assertEquals("done", rows.get(0).state(), rows.get(0).detail());
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

    @Test
    @Order(4)
    void requirementsAreCheckedFirstAndFailuresNameTheValues() throws Exception {
        NodeProcess.Result ok = cluster.n1.admin("check-requirements");
        assertEquals(0, ok.exitCode(), ok::toString);
        for (String check : List.of("same admin account names", "same install path", "same etc/cluster.key (by digest)",
                "same cluster certificate fingerprint", "mutual TLS works both ways", "each node on a different address",
                "clocks within 2000 ms", "identical configuration-database settings", "same clustersync version")) {
            assertTrue(ok.out().matches("(?s).*" + Pattern.quote(check) + " +PASS .*"), check + "\n" + ok.out());
        }
        Path key = cluster.n3.home.resolve("etc/cluster.key");
        String original = Files.readString(key);
        Files.writeString(key, original + "another secret\n");
        try {
            NodeProcess.Result failed = cluster.n1.admin("check-requirements");
            assertEquals(1, failed.exitCode());
            assertTrue(failed.out().matches("(?s).*same etc/cluster.key \\(by digest\\) +FAIL +node:1 \\(primary\\) has '\\w+', node:3 has '\\w+'.*"),
                    failed.out());
            NodeProcess.Result refused = cluster.n1.admin("synchronize-all");
            assertEquals(1, refused.exitCode());
            assertTrue(refused.err().contains("Synchronize All refused: requirements not met: same etc/cluster.key"), refused.err());
        } finally {
            Files.writeString(key, original);
        }
        assertEquals(0, cluster.n1.admin("synchronize-all").exitCode());
    }
}
