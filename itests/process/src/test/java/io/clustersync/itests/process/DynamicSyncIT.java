package io.clustersync.itests.process;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic synchronization of the cluster model between three real nodes: a change made on any node is
 * ordered by the primary and applied everywhere with the same ids; the primary's validation answers a
 * secondary's operator; local parameters stay local; a node that was down catches up; with the primary
 * gone, secondaries refuse changes and say why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DynamicSyncIT {

    @TempDir
    static Path dir;
    private static ThreeNodeCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new ThreeNodeCluster(dir, "dyn").start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String databasesOn(NodeProcess node) {
        return node.admin("status", "databases").out() + node.admin("status", "shards").out();
    }

    @Test
    @Order(1)
    void aChangeOnAnyNodeReachesEveryNodeWithTheSameIds() {
        NodeProcess.Result created = cluster.n2.admin("create", "db", "orders", "shards", "6", "port", "12400");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.out().contains("created db:1 'orders'"), created.out());
        assertEquals(0, cluster.n1.admin("bind", "db", "orders", "endpoint", "1:1", "policy", "all-master-shards").exitCode());
        NodeProcess.Result tuned = cluster.n3.admin("tune", "db", "orders", "syncer_mode", "distributed");
        assertEquals(0, tuned.exitCode(), tuned::toString);

        String onPrimary = databasesOn(cluster.n1);
        assertTrue(onPrimary.matches("(?s).*db:1 +orders +6 +distributed +endpoint:1:1 +12400 +all-master-shards +-\n.*"), onPrimary);
        assertTrue(onPrimary.contains("shard:6 node:3 master 13654-16383"), onPrimary);
        String primaryDatabases = cluster.n1.admin("status", "databases").out();
        for (NodeProcess n : cluster.nodes()) {
            ThreeNodeCluster.await(n, "same databases as the primary", primaryDatabases::equals, 10_000, "status", "databases");
            assertEquals(onPrimary, databasesOn(n), "node:" + n.nodeId);
            assertTrue(n.admin("info", "db", "orders").out().contains("syncer_mode: distributed"));
        }
        String sync = cluster.n1.admin("sync", "status").out();
        // three changes here, after ThreeNodeCluster's sync.allow_shared_computer (change 1)
        assertTrue(sync.matches("(?s).*node:2 +secondary +synced +4\\s.*"), sync);
    }

    @Test
    @Order(2)
    void thePrimarysValidationAnswersASecondarysOperator() {
        NodeProcess.Result duplicate = cluster.n3.admin("create", "db", "orders", "shards", "1", "port", "12401");
        assertEquals(1, duplicate.exitCode());
        assertTrue(duplicate.err().contains("a database named 'orders' already exists (db:1)"), duplicate.err());
        NodeProcess.Result single = cluster.n2.admin("bind", "db", "orders", "endpoint", "1:1", "policy", "single");
        assertEquals(1, single.exitCode());
        assertTrue(single.err().contains("tune syncer_mode centralized first"), single.err());
    }

    @Test
    @Order(3)
    void localParametersStayLocalAndOthersGoEverywhere() {
        assertEquals(0, cluster.n2.admin("set", "param", "log.level", "debug", "local").exitCode());
        assertEquals(0, cluster.n3.admin("set", "param", "smtp.host", "mail.internal").exitCode());
        for (NodeProcess n : cluster.nodes()) {
            String params = ThreeNodeCluster.await(n, "smtp.host everywhere", p -> p.contains("smtp.host"), 10_000, "params");
            assertTrue(params.matches("(?s).*smtp.host +mail.internal +no\n.*"), params);
            assertEquals(n == cluster.n2, params.contains("log.level"), "node:" + n.nodeId + " " + params);
        }
    }

    @Test
    @Order(4)
    void aRestartedSecondaryCatchesUpButNeedsAFullSync() {
        NodeProcess.Result stopped = cluster.n3.stop();
        assertEquals(0, stopped.exitCode());
        NodeProcess.Result billing = cluster.n2.admin("create", "db", "billing", "shards", "2", "port", "12402");
        assertEquals(0, billing.exitCode(), billing::toString);
        assertEquals(0, cluster.n1.admin("drop", "db", "orders").exitCode());
        ThreeNodeCluster.await(cluster.n1, "node:3 offline", s -> s.matches("(?s).*node:3 +secondary +offline.*"), 10_000, "sync", "status");

        assertEquals(0, cluster.n3.start().exitCode(), cluster.n3::log);
        String onPrimary = databasesOn(cluster.n1);
        String primaryDatabases = cluster.n1.admin("status", "databases").out();
        ThreeNodeCluster.await(cluster.n3, "caught up", primaryDatabases::equals, 15_000, "status", "databases");
        assertEquals(onPrimary, databasesOn(cluster.n3));
        assertFalse(onPrimary.contains("orders"), onPrimary);
        String needs = ThreeNodeCluster.await(cluster.n1, "node:3 needs a full sync",
                s -> s.matches("(?s).*node:3 +secondary +needs-full-sync.*"), 10_000, "sync", "status");
        assertTrue(cluster.n3.admin("sync", "status").out().contains("its data services stay stopped until Synchronize All"),
                needs);
        assertEquals(0, cluster.n1.admin("synchronize-all").exitCode());
        ThreeNodeCluster.await(cluster.n1, "all synced", s -> s.matches("(?s).*node:3 +secondary +synced.*"), 10_000, "sync", "status");
    }

    @Test
    @Order(5)
    void withThePrimaryGoneSecondariesRefuseChangesAndSayWhy() {
        cluster.n1.kill9();
        ThreeNodeCluster.await(cluster.n2, "primary offline", s -> s.matches("(?s).*node:1 +primary +127\\.0\\.0\\.1 +\\d+ +OFFLINE.*"), 10_000, "status", "nodes");
        NodeProcess.Result refused = cluster.n2.admin("create", "db", "late", "shards", "1", "port", "12403");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("cannot reach the primary node:1"), refused.err());
        assertFalse(cluster.n2.admin("status", "databases").out().contains("late"));
    }

    @Test
    @Order(6)
    void anOperatorPromotesASecondaryAndTheOldPrimaryFollowsWhenItIsBack() {
        NodeProcess.Result promoted = cluster.n2.admin("promote");
        assertEquals(0, promoted.exitCode(), promoted::toString);
        assertTrue(promoted.out().contains("node:2 is the primary now"), promoted.out());
        assertTrue(promoted.out().contains("NOT reached"), promoted.out());
        ThreeNodeCluster.await(cluster.n3, "node:3 follows node:2", s -> s.contains("CONFIG SYNC: primary node:2"), 20_000,
                "sync", "status");
        NodeProcess.Result made = cluster.n3.admin("create", "db", "after", "shards", "1", "port", "12404");
        assertEquals(0, made.exitCode(), made::toString);
        NodeProcess.Result refused = cluster.n2.admin("synchronize-all");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("node:1 is offline"), refused.err());

        assertEquals(0, cluster.n1.start().exitCode(), cluster.n1::log);
        ThreeNodeCluster.await(cluster.n2, "node:1 back online", s -> s.matches("(?s).*node:1 +secondary +127\\.0\\.0\\.1 +\\d+ +OK.*"),
                20_000, "status", "nodes");
        NodeProcess.Result announced = cluster.n2.admin("promote");
        assertEquals(0, announced.exitCode(), announced::toString);
        assertTrue(announced.out().contains("Told: [node:1, node:3]"), announced.out());
        ThreeNodeCluster.await(cluster.n1, "node:1 follows node:2", s -> s.contains("CONFIG SYNC: primary node:2"), 20_000,
                "sync", "status");
        ThreeNodeCluster.await(cluster.n2, "everyone back", s -> s.matches("(?s).*node:1 +secondary +needs-full-sync.*"),
                20_000, "sync", "status");
        NodeProcess.Result full = cluster.n2.admin("synchronize-all");
        assertEquals(0, full.exitCode(), full::toString);
        assertTrue(cluster.n1.admin("status", "databases").out().contains("after"), "node:1 got what was made while it was down");
        ThreeNodeCluster.await(cluster.n2, "all synced", s -> !s.contains("needs-full-sync") && !s.contains("behind"), 20_000,
                "sync", "status");
    }
}
