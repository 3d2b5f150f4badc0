package io.clustersync.core.internal.model;

import io.clustersync.core.internal.node.TestNodes;
import io.clustersync.core.internal.syncers.SyncerRegistry;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.DatabaseSpec;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.Shard;
import io.clustersync.core.spi.Syncer;
import io.clustersync.core.api.SyncerMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterModelServiceTest {

    @TempDir
    Path home;

    private ClusterModelService model;
    private ConfigDatabase db;
    private final List<ModelChange> changes = new ArrayList<>();

    private final SyncerRegistry syncers = new SyncerRegistry();

    @BeforeEach
    void open() {
        model = new ClusterModelService();
        model.addListener(changes::add);
        db = open(home, TestNodes.threeNodes(), model);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createPlacesShardsAcrossNodesAndSplitsSlots() {
        Database sales = model.createDatabase(new DatabaseSpec("sales", 6, 12000));
        assertEquals("db:1", sales.ref());
        assertEquals(6, sales.shards().size());
        assertEquals(List.of(1, 2, 3, 1, 2, 3), sales.shards().stream().map(Shard::nodeId).toList());
        assertEquals("0-2730", sales.shards().get(0).slots());
        assertEquals("13654-16383", sales.shards().get(5).slots());
        assertEquals("endpoint:1:1", sales.endpoint().id());
        assertEquals(ProxyPolicy.SINGLE, sales.endpoint().policy());
        assertEquals(SyncerMode.CENTRALIZED, sales.syncerMode());
        assertEquals(ModelChange.Kind.DATABASE_CREATED, changes.get(0).kind());
    }

    @Test
    void portZeroPicksTheFirstPortFrom12000ThatNoEndpointOrNodePortUses() {
        model.createDatabase(new DatabaseSpec("sales", 1, 12000));
        Database picked = model.createDatabase(new DatabaseSpec("auto", 1, 0));
        assertEquals(12001, picked.endpoint().port());
    }

    @Test
    void proxyNodesFollowThePolicy() {
        Database small = model.createDatabase(new DatabaseSpec("small", 2, 12000));
        assertEquals(List.of(1), model.proxyNodes(small));
        assertEquals(List.of(1, 2), model.proxyNodes(model.bind("small", "1:1", "all-master-shards")));
        assertEquals(List.of(1, 2, 3), model.proxyNodes(model.bind("db:1", "endpoint:1:1", "all-nodes")));
    }

    @Test
    void duplicateNamesAndPortsAreRefused() {
        model.createDatabase(new DatabaseSpec("sales", 1, 12000));
        assertMessage(() -> model.createDatabase(new DatabaseSpec("SALES", 1, 12001)), "a database named 'sales' already exists (db:1)");
        assertMessage(() -> model.createDatabase(new DatabaseSpec("hr", 1, 12000)), "port 12000 is already used by endpoint:1:1 of db:1 'sales'");
        assertMessage(() -> model.createDatabase(new DatabaseSpec("hr", 1, 9999)), "port 9999 is this node's JMX port");
        assertMessage(() -> model.createDatabase(new DatabaseSpec("bad name", 1, 0)), "database name 'bad name' is not valid");
        assertMessage(() -> model.createDatabase(new DatabaseSpec("hr", 0, 0)), "shard count must be from 1 to 1024, got 0");
        assertEquals(12001, model.createDatabase(new DatabaseSpec("hr", 1, 0)).endpoint().port());
    }

    @Test
    void unknownPolicyModeDatabaseEndpointAndParameterAreNamed() {
        model.createDatabase(new DatabaseSpec("sales", 3, 12000));
        assertMessage(() -> model.bind("sales", "1:1", "everywhere"),
                "unknown proxy policy 'everywhere'; valid policies are: single, all-master-shards, all-nodes");
        assertMessage(() -> model.tune("sales", "syncer_mode", "fast"),
                "unknown syncer_mode 'fast' on node:1; modes served here: centralized, distributed");
        assertMessage(() -> model.tune("sales", "syncer_mode", "fast lane!"), "'fast lane!' is not a syncer_mode name");
        assertMessage(() -> model.bind("inventory", "1:1", "single"), "unknown database 'inventory'; known databases: db:1 'sales'");
        assertMessage(() -> model.bind("sales", "endpoint:1:7", "single"), "unknown endpoint 'endpoint:1:7' for database db:1 'sales'");
        assertMessage(() -> model.tune("sales", "shard_count", "4"), "unknown parameter 'shard_count'");
        assertMessage(() -> model.dropDatabase("db:9"), "unknown database 'db:9'");
    }

    @Test
    void aModeIsKnownOnceASyncerServiceServesIt() {
        model.createDatabase(new DatabaseSpec("sales", 3, 12000));
        Syncer fast = task -> () -> { };
        syncers.addSyncer(fast, Map.of(Syncer.MODE, "fast"));
        assertEquals(new SyncerMode("fast"), model.tune("sales", "syncer_mode", "FAST").syncerMode());
        assertEquals("fast", changes.get(changes.size() - 1).newValue());
        syncers.removeSyncer(fast);
        assertMessage(() -> model.tune("sales", "syncer_mode", "fast"), "modes served here: centralized, distributed");
    }

    @Test
    void distributedNeedsAPolicyCoveringEveryMasterShard() {
        model.createDatabase(new DatabaseSpec("sales", 3, 12000));
        assertMessage(() -> model.tune("sales", "syncer_mode", "distributed"),
                "has policy single; bind it to all-master-shards or all-nodes first");
        model.bind("sales", "1:1", "all-master-shards");
        assertEquals(SyncerMode.DISTRIBUTED, model.tune("sales", "syncer_mode", "distributed").syncerMode());
        assertMessage(() -> model.bind("sales", "1:1", "single"), "tune syncer_mode centralized first");
        ModelChange last = changes.get(changes.size() - 1);
        assertEquals(ModelChange.Kind.SYNCER_MODE_CHANGED, last.kind());
        assertEquals("centralized", last.oldValue());
        assertEquals("distributed", last.newValue());
    }

    @Test
    void everythingPersistsAcrossAReopen() {
        model.createDatabase(new DatabaseSpec("sales", 3, 12000, "s3cret"));
        model.bind("sales", "1:1", "all-nodes");
        model.tune("sales", "syncer_mode", "distributed");
        model.createDatabase(new DatabaseSpec("gone", 1, 12001));
        model.dropDatabase("gone");
        model.setParameter("log.level", "debug", true);
        List<Database> before = model.databases();
        db.close();

        model = new ClusterModelService();
        db = open(home, TestNodes.threeNodes(), model);
        assertEquals(before, model.databases());
        Database sales = model.database("sales");
        assertTrue(sales.passwordProtected());
        assertEquals(ProxyPolicy.ALL_NODES, sales.endpoint().policy());
        assertEquals(SyncerMode.DISTRIBUTED, sales.syncerMode());
        assertEquals("debug", model.parameters().get(0).value());
        assertTrue(model.parameters().get(0).local());
        assertEquals(3, model.nodes().size());
    }

    @Test
    void droppedDatabaseFreesItsNameAndPort() {
        model.createDatabase(new DatabaseSpec("sales", 2, 12000));
        model.dropDatabase("db:1");
        assertFalse(model.databases().stream().anyMatch(d -> d.name().equals("sales")));
        assertEquals("db:2", model.createDatabase(new DatabaseSpec("sales", 2, 12000)).ref());
    }

    @Test
    void passwordsAreStoredOnlyAsSaltedHashes() {
        String stored = PasswordHash.of("s3cret");
        assertFalse(stored.contains("s3cret"));
        assertTrue(PasswordHash.matches(stored, "s3cret"));
        assertFalse(PasswordHash.matches(stored, "S3cret"));
    }

    @Test
    void replicaOfKeepsSourcesAndStateAcrossAReopen() {
        model.createDatabase(new DatabaseSpec("copy", 3, 12000));
        Database copy = model.replicaOf("copy", "redis://:p%40ss@127.0.0.4:12000/sales");
        assertEquals("enabled", copy.replicaState().label());
        assertEquals("p@ss", copy.replicaSources().get(0).password());
        assertEquals("redis://:****@127.0.0.4:12000/sales", copy.replicaSources().get(0).display());
        assertEquals(ModelChange.Kind.REPLICA_OF_CHANGED, changes.get(changes.size() - 1).kind());
        model.replicaOf("copy", "redis://127.0.0.5:12001/orders");
        assertMessage(() -> model.replicaOf("copy", "redis://127.0.0.5:12001/orders"), "already replicates redis://127.0.0.5:12001/orders");
        assertMessage(() -> model.replicaOf("copy", "http://127.0.0.5:12001/orders"), "must start with redis://");
        assertMessage(() -> model.replicaOf("copy", "redis://127.0.0.5/orders"), "names no port");
        assertMessage(() -> model.replicaOf("copy", "redis://127.0.0.5:12001/"), "names no source database");
        assertMessage(() -> model.replication("copy", "rewind"), "unknown replica-of action 'rewind'; valid actions are: pause, resume, stop");
        assertEquals("paused", model.replication("copy", "pause").replicaState().label());
        db.close();

        model = new ClusterModelService();
        db = open(home, TestNodes.threeNodes(), model);
        Database reopened = model.database("copy");
        assertEquals("paused", reopened.replicaState().label());
        assertEquals(List.of("redis://:****@127.0.0.4:12000/sales", "redis://127.0.0.5:12001/orders"),
                reopened.replicaSources().stream().map(s -> s.display()).toList());
        assertEquals("enabled", model.replication("copy", "resume").replicaState().label());
        Database stopped = model.replication("copy", "stop");
        assertEquals("disabled", stopped.replicaState().label());
        assertTrue(stopped.replicaSources().isEmpty());
        assertMessage(() -> model.replication("copy", "pause"), "replicates no source");
    }

    private static void assertMessage(Runnable action, String expected) {
        ModelException e = assertThrows(ModelException.class, action::run);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    /** A model over a configuration database in {@code home}; close the returned database when done. */
    private ConfigDatabase open(Path home, NodeIdentity identity, ClusterModelService model) {
        model.useSyncers(syncers);
        ConfigDatabase db = ConfigDatabase.open(home, identity.ref());
        model.start(new ModelStore(db.dataSource()), identity);
        return db;
    }
}
