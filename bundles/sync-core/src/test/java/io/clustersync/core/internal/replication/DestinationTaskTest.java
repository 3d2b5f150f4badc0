package io.clustersync.core.internal.replication;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.ReplicaState;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;
import io.clustersync.core.internal.shards.ShardStore;
import io.clustersync.core.spi.ReplicationTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source's writes applied to a destination of three real shard stores: each write lands on the shard of its
 * key once by offset, whatever is sent again after a reconnect; multi-key writes are split per shard; the resume
 * point is what every shard holds; a full resync starts by emptying the source shard's slots only.
 */
class DestinationTaskTest {

    @TempDir
    Path dir;

    private final Map<Integer, ShardStore> stores = new HashMap<>();
    private final List<String> statuses = new ArrayList<>();
    private Database destination;

    @BeforeEach
    void open() throws IOException {
        List<Shard> shards = List.of(new Shard(1, 5, 1, Shard.MASTER, 0, 5460), new Shard(2, 5, 2, Shard.MASTER, 5461, 10922),
                new Shard(3, 5, 3, Shard.MASTER, 10923, 16383));
        for (Shard shard : shards) {
            stores.put(shard.id(), ShardStore.open(shard, 1 << 20, dir.resolve("shard-" + shard.id() + ".log")));
        }
        destination = new Database(5, "copy", 3, false, SyncerMode.CENTRALIZED, shards,
                List.of(new Endpoint(5, 1, 12000, ProxyPolicy.SINGLE)),
                List.of(ReplicaSource.parse("redis://127.0.0.4:12000/orders")), ReplicaState.ENABLED, false);
    }

    @AfterEach
    void close() throws IOException {
        for (ShardStore store : stores.values()) {
            store.close();
        }
    }

    private DestinationTask task(Database db) {
        DataPlane plane = (DataPlane) Proxy.newProxyInstance(DataPlane.class.getClassLoader(), new Class<?>[] {DataPlane.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        return CompletableFuture.completedFuture(stores.get(((Shard) args[0]).id()).execute((byte[][]) args[1]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new DestinationTask(db, 1, ReplicationTask.Share.WHOLE, plane, (state, detail) -> statuses.add(state + " " + detail),
                new SourceMetrics());
    }

    private static byte[][] write(String... words) {
        return Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private String get(String key) {
        for (ShardStore store : stores.values()) {
            int slot = HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
            if (slot >= store.shard().firstSlot() && slot <= store.shard().lastSlot()) {
                Reply reply = store.execute(write("GET", key));
                return reply instanceof Reply.Bulk bulk && bulk.value() != null ? new String(bulk.value(), StandardCharsets.UTF_8) : null;
            }
        }
        throw new AssertionError("no shard for " + key);
    }

    private long keysOn(int shard) {
        return ((Reply.Int) stores.get(shard).execute(write("DBSIZE"))).value();
    }

    @Test
    void everyWriteAppliesOnceByOffsetEvenWhenSentAgain() {
        DestinationTask task = task(destination);
        List<ReplicationTask.Write> stream = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            stream.add(new ReplicationTask.Write("shard:1", "r1", i, write("INCR", "counter" + (i % 30))));
        }
        task.applyAll(stream.subList(0, 200)).join();
        task.applyAll(stream.subList(100, 300)).join();
        for (ReplicationTask.Write again : stream.subList(250, 300)) {
            task.apply(again.sourceShard(), again.replicationId(), again.offset(), again.args()).join();
        }
        for (int k = 0; k < 30; k++) {
            assertEquals("10", get("counter" + k), "counter" + k + " counted each offset once");
        }
        assertTrue(keysOn(1) > 0 && keysOn(2) > 0 && keysOn(3) > 0, "the keys spread over the three shards");
    }

    @Test
    void multiKeyWritesAreSplitOverTheShardsOfTheirKeys() {
        DestinationTask task = task(destination);
        List<String> words = new ArrayList<>(List.of("MSET"));
        for (int i = 0; i < 20; i++) {
            words.add("k" + i);
            words.add("v" + i);
        }
        task.apply("shard:1", "r1", 1, write(words.toArray(String[]::new))).join();
        assertEquals("v7", get("k7"));
        assertEquals(20, keysOn(1) + keysOn(2) + keysOn(3));
        task.apply("shard:1", "r1", 2, write("DEL", "k1", "k2", "k3", "k4", "k5", "k6")).join();
        assertEquals(14, keysOn(1) + keysOn(2) + keysOn(3));
        assertEquals(null, get("k3"));
    }

    @Test
    void theResumePointIsWhatEveryShardHolds() {
        DestinationTask task = task(destination);
        assertEquals(Map.of(), task.resumePoints(), "nothing applied: a full sync");
        task.checkpoint("shard:1", "r1", 40).join();
        task.checkpoint("shard:2", "r9", 7).join();
        assertEquals(Map.of("shard:1", new ReplicationTask.Checkpoint("r1", 40), "shard:2", new ReplicationTask.Checkpoint("r9", 7)),
                task.resumePoints());
        Database firstShardOnly = new Database(5, "copy", 1, false, SyncerMode.CENTRALIZED, List.of(destination.shards().get(0)),
                destination.endpoints(), destination.replicaSources(), ReplicaState.ENABLED, false);
        task(firstShardOnly).checkpoint("shard:1", "r2", 3).join();
        assertEquals(Map.of("shard:2", new ReplicationTask.Checkpoint("r9", 7)), task.resumePoints(),
                "shards that disagree on the source's history resync that source shard fully");
    }

    @Test
    void aFullResyncEmptiesOnlyTheSlotsOfItsSourceShard() {
        DestinationTask task = task(destination);
        for (int i = 0; i < 60; i++) {
            task.load(write("SET", "key" + i, "v")).join();
        }
        int lowSlots = 0;
        for (int i = 0; i < 60; i++) {
            lowSlots += HashSlot.of(("key" + i).getBytes(StandardCharsets.UTF_8)) <= 8191 ? 1 : 0;
        }
        task.fullResyncStarting("shard:1", 0, 8191).join();
        assertEquals(60 - lowSlots, keysOn(1) + keysOn(2) + keysOn(3));
        for (int i = 0; i < 60; i++) {
            boolean low = HashSlot.of(("key" + i).getBytes(StandardCharsets.UTF_8)) <= 8191;
            assertEquals(low ? null : "v", get("key" + i));
        }
    }
}
