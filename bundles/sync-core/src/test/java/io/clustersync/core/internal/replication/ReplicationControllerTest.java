package io.clustersync.core.internal.replication;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.ReplicaState;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SourceStatus;
import io.clustersync.core.api.SyncerMode;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.syncers.SyncerRegistry;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.spi.Syncer;
import io.clustersync.core.spi.SyncerRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication controller of one node following the model and the syncer services: the syncer of the
 * database's mode runs each source, a mode switch swaps it, a spread syncer runs with this node's share, a
 * syncer service that goes away has its runs stopped before it is gone, and pause and stop end the runs.
 */
class ReplicationControllerTest {

    private static final List<ClusterNode> MEMBERS = List.of(new ClusterNode(1, "127.0.0.1", 9441),
            new ClusterNode(2, "127.0.0.2", 9441));

    /** A syncer that records the runs it starts and stops. */
    private static final class Recording implements Syncer {
        final List<ReplicationTask> started = new CopyOnWriteArrayList<>();
        final List<ReplicationTask> stopped = new CopyOnWriteArrayList<>();

        @Override
        public SyncerRun start(ReplicationTask task) {
            started.add(task);
            return () -> stopped.add(task);
        }

        int running() {
            return started.size() - stopped.size();
        }
    }

    private final AtomicReference<List<Database>> databases = new AtomicReference<>(List.of());
    private final SyncerRegistry registry = new SyncerRegistry();
    private final Recording centralized = new Recording();
    private final Recording distributed = new Recording();
    private ReplicationController controller;

    private static Database copy(SyncerMode mode, ReplicaState state, int... masterNodes) {
        List<Shard> shards = List.of(new Shard(1, 5, masterNodes[0], Shard.MASTER, 0, 8191),
                new Shard(2, 5, masterNodes[1], Shard.MASTER, 8192, 16383));
        return new Database(5, "copy", 2, false, mode, shards, List.of(new Endpoint(5, 1, 12000, ProxyPolicy.ALL_MASTER_SHARDS)),
                List.of(ReplicaSource.parse("redis://127.0.0.4:12000/orders")), state, false);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static void inject(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = ReplicationController.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    @BeforeEach
    void start() throws ReflectiveOperationException {
        registry.addSyncer(centralized, Map.of(Syncer.MODE, "centralized"));
        registry.addSyncer(distributed, Map.of(Syncer.MODE, "distributed", Syncer.SPREAD, "true",
                Syncer.PROXIES, Syncer.PROXIES_EVERY_MASTER_SHARD));
        controller = new ReplicationController();
        NodeIdentity me = new NodeIdentity(1, "dest", "127.0.0.1", 9441, 9999, MEMBERS, 1);
        inject(controller, "localNode", fake(LocalNode.class, (p, m, a) -> {
            if (m.getName().equals("identity")) {
                return me;
            }
            throw new UnsupportedOperationException(m.getName());
        }));
        inject(controller, "model", fake(ClusterModel.class, (p, m, a) -> {
            if (m.getName().equals("databases")) {
                return databases.get();
            }
            if (m.getName().equals("nodes")) {
                return MEMBERS;
            }
            throw new UnsupportedOperationException(m.getName());
        }));
        inject(controller, "dataPlane", fake(DataPlane.class, (p, m, a) -> {
            if (m.getName().equals("execute")) {
                return CompletableFuture.completedFuture(Reply.OK);
            }
            throw new UnsupportedOperationException(m.getName());
        }));
        inject(controller, "bus", fake(BusMessaging.class, (p, m, a) -> switch (m.getName()) {
            case "send", "isLinkUp" -> false;
            default -> null;
        }));
        inject(controller, "syncers", registry);
        controller.activate();
    }

    @AfterEach
    void stop() {
        controller.deactivate();
    }

    private void model(Database db) {
        databases.set(List.of(db));
        controller.modelChanged(new ModelChange(ModelChange.Kind.SYNCER_MODE_CHANGED, db, null, null, null));
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private String state() {
        List<SourceStatus> statuses = controller.statuses(5);
        return statuses.isEmpty() ? "" : statuses.get(0).state() + " " + statuses.get(0).detail();
    }

    @Test
    void theSyncerOfTheModeRunsEachSourceAndAModeSwitchSwapsIt() throws InterruptedException {
        model(copy(SyncerMode.CENTRALIZED, ReplicaState.ENABLED, 1, 2));
        eventually("the centralized syncer runs source 1", () -> centralized.running() == 1);
        ReplicationTask task = centralized.started.get(0);
        assertEquals(1, task.sourceIndex());
        assertEquals(ReplicationTask.Share.WHOLE, task.share());
        model(copy(SyncerMode.DISTRIBUTED, ReplicaState.ENABLED, 1, 2));
        eventually("swapped to the distributed syncer", () -> centralized.running() == 0 && distributed.running() == 1);
        assertEquals(new ReplicationTask.Share(0, 2), distributed.started.get(0).share(),
                "a spread syncer runs here with this node's share of the two master nodes");
    }

    @Test
    void aNodeThatMastersNoShardRunsNothingAndACentralizedSourceRunsOnTheFirstMasterOnly() throws InterruptedException {
        model(copy(SyncerMode.CENTRALIZED, ReplicaState.ENABLED, 2, 1));
        Thread.sleep(300);
        assertEquals(0, centralized.started.size(), "node 2 masters the first shard: it runs the source");
        model(copy(SyncerMode.DISTRIBUTED, ReplicaState.ENABLED, 2, 2));
        Thread.sleep(300);
        assertEquals(0, distributed.started.size(), "node 1 masters no shard");
    }

    @Test
    void aSyncerThatGoesAwayHasItsRunsStoppedBeforeItIsGoneAndTheSourceSaysWhy() throws InterruptedException {
        model(copy(SyncerMode.CENTRALIZED, ReplicaState.ENABLED, 1, 2));
        eventually("running", () -> centralized.running() == 1);
        registry.removeSyncer(centralized);
        assertEquals(0, centralized.running(), "stopped by the time the service's removal returns");
        eventually("reported", () -> state().startsWith("stopped no syncer serves mode centralized"));
        registry.addSyncer(centralized, Map.of(Syncer.MODE, "centralized"));
        eventually("started again when a syncer serves the mode", () -> centralized.running() == 1);
    }

    @Test
    void pausingStopsTheRunAndSaysSoAndResumingStartsItAgain() throws InterruptedException {
        model(copy(SyncerMode.CENTRALIZED, ReplicaState.ENABLED, 1, 2));
        eventually("running", () -> centralized.running() == 1);
        model(copy(SyncerMode.CENTRALIZED, ReplicaState.PAUSED, 1, 2));
        eventually("paused", () -> centralized.running() == 0 && state().startsWith("paused"));
        model(copy(SyncerMode.CENTRALIZED, ReplicaState.ENABLED, 1, 2));
        eventually("resumed", () -> centralized.running() == 1 && centralized.started.size() == 2);
    }

    @Test
    void aSourceWhoseAddressChangesAtItsIndexIsPulledFromTheNewAddress() throws InterruptedException {
        Database db = copy(SyncerMode.CENTRALIZED, ReplicaState.ENABLED, 1, 2);
        model(db);
        eventually("running", () -> centralized.running() == 1);
        Database moved = new Database(db.id(), db.name(), db.shardCount(), false, db.syncerMode(), db.shards(), db.endpoints(),
                List.of(ReplicaSource.parse("redis://127.0.0.23:12000/orders")), ReplicaState.ENABLED, false);
        model(moved);
        eventually("started again for the new address", () -> centralized.running() == 1 && centralized.started.size() == 2);
        assertEquals("127.0.0.23", centralized.started.get(1).source().host());
    }

    @Test
    void theControllerStopsEveryRunWhenItStops() throws InterruptedException {
        model(copy(SyncerMode.DISTRIBUTED, ReplicaState.ENABLED, 1, 2));
        eventually("running", () -> distributed.running() == 1);
        controller.deactivate();
        assertEquals(0, distributed.running());
        controller.activate();
    }
}
