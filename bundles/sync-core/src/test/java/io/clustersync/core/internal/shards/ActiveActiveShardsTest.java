package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.ShardStreamListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.clustersync.core.internal.shards.ShardStoreTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shards of one Active-Active database in three instances, each written by its own clients, each applying the
 * others' streams as a syncer does (in order per pair, late, while some pairs are cut off): once every stream is
 * delivered they hold the same keys with the same values and deadlines, every counter is the sum of every
 * acknowledged increment, and a shard reopened from its log holds what it held.
 */
class ActiveActiveShardsTest {

    private static final int INSTANCES = 3;

    @TempDir
    Path dir;

    /** The instances' shards, and per (from, to) the writes of {@code from} not yet applied at {@code to}. */
    private final class Mesh implements AutoCloseable {
        final ShardStore[] stores = new ShardStore[INSTANCES];
        @SuppressWarnings("unchecked")
        final Deque<byte[][]>[][] pending = new Deque[INSTANCES][INSTANCES];

        Mesh() throws IOException {
            for (int i = 0; i < INSTANCES; i++) {
                stores[i] = open(i);
                for (int j = 0; j < INSTANCES; j++) {
                    pending[i][j] = new ArrayDeque<>();
                }
            }
            for (int i = 0; i < INSTANCES; i++) {
                stream(i);
            }
        }

        ShardStore open(int i) throws IOException {
            ShardStore store = ShardStore.openActive(new Shard(i + 1, 1, i + 1, Shard.MASTER, 0, 16383), 1 << 20,
                    dir.resolve("instance-" + (i + 1) + ".log"), i + 1);
            store.activeInstances(Set.of(1, 2, 3));
            return store;
        }

        /** A full resync's snapshot: every key's whole state of {@code from}, merged at {@code to}. */
        void pushWholeState(int from, int to) {
            List<byte[][]> states = new ArrayList<>();
            synchronized (stores[from]) {
                stores[from].active().forEachState(states::add);
            }
            for (byte[][] state : states) {
                Reply reply = stores[to].execute(state);
                assertFalse(reply instanceof Reply.Err, () -> "merging a whole state of instance " + (from + 1) + ": " + reply);
            }
        }

        /** Every instance records how far it has applied the others, and every record reaches every instance. */
        void settle() {
            // a write still in flight is applied in the first round, the others' ticks after it are recorded in the
            // second, reported as applied in the third and taken in the fourth
            for (int round = 0; round < 5; round++) {
                for (ShardStore store : stores) {
                    store.activeTick();
                    store.activeCollect(Integer.MAX_VALUE);
                }
                deliverAll();
            }
        }

        void stream(int from) {
            ShardStore source = stores[from];
            source.subscribe(source.replicationId(), source.offset(), new ShardStreamListener() {
                public void fullResync(String id, long offset) { }
                public void snapshotWrite(byte[][] write) { }
                public void snapshotEnd() { }
                public void partialResync(String id, long offset) { }
                public void write(long offset, byte[][] write) {
                    for (int to = 0; to < INSTANCES; to++) {
                        if (to != from) {
                            pending[from][to].add(write);
                        }
                    }
                }
                public void ended(String reason) { }
            });
        }

        void deliver(int from, int to, int max) {
            for (int n = 0; n < max && !pending[from][to].isEmpty(); n++) {
                byte[][] write = pending[from][to].poll();
                Reply reply = stores[to].execute(write);
                assertFalse(reply instanceof Reply.Err, () -> "applying a write of instance " + (from + 1) + ": " + reply);
            }
        }

        void deliverAll() {
            for (int from = 0; from < INSTANCES; from++) {
                for (int to = 0; to < INSTANCES; to++) {
                    if (from != to) {
                        deliver(from, to, Integer.MAX_VALUE);
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (ShardStore store : stores) {
                store.close();
            }
        }
    }

    @Test
    void instancesWrittenConcurrentlyConvergeAndNoIncrementIsLost() throws IOException {
        for (int seed = 0; seed < 12; seed++) {
            Path seedDir = dir.resolve("seed-" + seed);
            Files.createDirectories(seedDir);
            dir = seedDir;
            Random random = new Random(seed);
            long[] counters = new long[3];
            long[] hashCounters = new long[2];
            long[] scoreCounters = new long[2];
            try (Mesh mesh = new Mesh()) {
                for (int op = 0; op < 600; op++) {
                    int at = random.nextInt(INSTANCES);
                    ShardStore store = mesh.stores[at];
                    int kind = random.nextInt(30);
                    String k = "k" + random.nextInt(6);
                    String v = "v" + op + "@" + (at + 1);
                    Reply reply = switch (kind) {
                        case 0, 1 -> run(store, "SET", k, v);
                        case 2 -> run(store, "DEL", k, "k" + random.nextInt(6));
                        case 3 -> run(store, "PEXPIRE", k, String.valueOf(600_000 + random.nextInt(1000)));
                        case 4 -> run(store, "PERSIST", k);
                        case 5 -> run(store, "HSET", k, "f" + random.nextInt(3), v);
                        case 6 -> run(store, "HDEL", k, "f" + random.nextInt(3));
                        case 7 -> run(store, "SADD", k, "m" + random.nextInt(4), "m" + random.nextInt(4));
                        case 8 -> run(store, "SREM", k, "m" + random.nextInt(4));
                        case 9 -> run(store, "MSET", k, v, "k" + random.nextInt(6), v);
                        case 10 -> run(store, "APPEND", k, "+");
                        case 11 -> {
                            int c = random.nextInt(3);
                            long by = random.nextInt(21) - 10;
                            Reply r = run(store, "INCRBY", "counter" + c, String.valueOf(by));
                            if (r instanceof Reply.Int) {
                                counters[c] += by;
                            }
                            yield r;
                        }
                        case 12 -> {
                            int c = random.nextInt(2);
                            long by = random.nextInt(7) - 3;
                            Reply r = run(store, "HINCRBY", "hcounter", "f" + c, String.valueOf(by));
                            if (r instanceof Reply.Int) {
                                hashCounters[c] += by;
                            }
                            yield r;
                        }
                        case 13 -> run(store, "SMOVE", k, "k" + random.nextInt(6), "m" + random.nextInt(4));
                        case 14 -> run(store, "GETDEL", k);
                        case 18 -> run(store, random.nextBoolean() ? "LPUSH" : "RPUSH", "l" + random.nextInt(3), v, v + "'");
                        case 19 -> run(store, random.nextBoolean() ? "LPOP" : "RPOP", "l" + random.nextInt(3));
                        case 20 -> run(store, "LSET", "l" + random.nextInt(3), String.valueOf(random.nextInt(3) - 1), v);
                        case 21 -> run(store, "LINSERT", "l" + random.nextInt(3), random.nextBoolean() ? "BEFORE" : "AFTER",
                                text(run(store, "LINDEX", "l" + random.nextInt(3), "0")), v);
                        case 22 -> run(store, "LREM", "l" + random.nextInt(3), String.valueOf(random.nextInt(3) - 1),
                                text(run(store, "LINDEX", "l" + random.nextInt(3), "-1")));
                        case 23 -> run(store, "LTRIM", "l" + random.nextInt(3), "1", "-2");
                        case 24 -> run(store, "LMOVE", "l" + random.nextInt(3), "l" + random.nextInt(3),
                                random.nextBoolean() ? "LEFT" : "RIGHT", random.nextBoolean() ? "LEFT" : "RIGHT");
                        case 25 -> run(store, "RENAME", k, "k" + random.nextInt(6));
                        case 26 -> run(store, "COPY", k, "k" + random.nextInt(6), "REPLACE");
                        case 15 -> run(store, "ZADD", k, String.valueOf(random.nextInt(10)), "z" + random.nextInt(4));
                        case 16 -> run(store, "ZREM", k, "z" + random.nextInt(4));
                        case 17 -> {
                            int c = random.nextInt(2);
                            long by = random.nextInt(9) - 4;
                            Reply r = run(store, "ZINCRBY", "zcounter", String.valueOf(by), "m" + c);
                            if (!(r instanceof Reply.Err)) {
                                scoreCounters[c] += by;
                            }
                            yield r;
                        }
                        case 27 -> {
                            // a shard's second: it records how far it has applied the others, forgets what every
                            // instance has seen; or a full resync sends one instance's whole states to another
                            int other = random.nextInt(INSTANCES);
                            if (random.nextBoolean() || other == at) {
                                store.activeTick();
                                store.activeCollect(random.nextInt(4));
                            } else {
                                mesh.pushWholeState(at, other);
                            }
                            yield Reply.OK;
                        }
                        default -> run(store, "SETEX", k, "900", v);
                    };
                    assertTrue(reply != null);
                    // links deliver late and in bursts; instance 3 is cut off from the others for a third of the run
                    boolean cut = op > 200 && op < 400;
                    int from = random.nextInt(INSTANCES);
                    int to = random.nextInt(INSTANCES);
                    if (from != to && !(cut && (from == 2 || to == 2))) {
                        mesh.deliver(from, to, random.nextInt(4));
                    }
                }
                mesh.deliverAll();
                String first = canonical(mesh.stores[0]);
                for (int i = 1; i < INSTANCES; i++) {
                    assertEquals(first, canonical(mesh.stores[i]), "instance " + (i + 1) + " against 1, seed " + seed);
                }
                for (ShardStore store : mesh.stores) {
                    assertEquals(store.active().tombstonesWalked(), store.active().tombstones(), "the pending count, seed " + seed);
                }
                // once every instance has heard from every other, every tombstone is forgotten (but a list's whose
                // going would change the order), and so is every deleted key; what the keys show stays the same
                mesh.settle();
                for (int i = 0; i < INSTANCES; i++) {
                    ActiveKeys active = mesh.stores[i].active();
                    assertEquals(active.listTombstones(), active.tombstones(), "instance " + (i + 1) + ", seed " + seed);
                    assertEquals(0, active.keysWithNothing(), "deleted keys forgotten at instance " + (i + 1) + ", seed " + seed);
                    assertEquals(first, canonical(mesh.stores[i]), "instance " + (i + 1) + " after collecting, seed " + seed);
                }
                for (int c = 0; c < 3; c++) {
                    assertEquals(String.valueOf(counters[c]), text(run(mesh.stores[1], "GET", "counter" + c)),
                            "counter" + c + " is the sum of every acknowledged increment, seed " + seed);
                }
                for (int c = 0; c < 2; c++) {
                    assertEquals(String.valueOf(hashCounters[c]), text(run(mesh.stores[2], "HGET", "hcounter", "f" + c)),
                            "hcounter f" + c + ", seed " + seed);
                }
                for (int c = 0; c < 2; c++) {
                    Reply score = run(mesh.stores[0], "ZSCORE", "zcounter", "m" + c);
                    String shown = score instanceof Reply.Real real ? real.text() : text(score);
                    assertEquals((double) scoreCounters[c], Double.parseDouble(shown), "zcounter m" + c + ", seed " + seed);
                }
                // a shard reopened from its log holds what it held
                mesh.stores[0].close();
                mesh.stores[0] = mesh.open(0);
                assertEquals(first, canonical(mesh.stores[0]), "instance 1 reopened from its log, seed " + seed);
            }
        }
    }

    @Test
    void aTombstoneIsKeptUntilEveryInstanceHasSeenTheRemoveAndWhatItTookAway() throws IOException {
        try (Mesh mesh = new Mesh()) {
            run(mesh.stores[0], "SET", "gone", "1");
            mesh.deliver(0, 1, Integer.MAX_VALUE);
            run(mesh.stores[1], "DEL", "gone");
            mesh.deliver(1, 0, Integer.MAX_VALUE);
            // instance 3 has seen neither the write nor the delete: nothing may be forgotten
            for (int round = 0; round < 3; round++) {
                mesh.stores[0].activeTick();
                mesh.stores[1].activeTick();
                mesh.stores[1].activeCollect(Integer.MAX_VALUE);
                mesh.deliver(0, 1, Integer.MAX_VALUE);
                mesh.deliver(1, 0, Integer.MAX_VALUE);
            }
            assertEquals(1, mesh.stores[1].active().tombstones(), "instance 3 not heard from: the tombstone stays");
            // instance 3 gets the delete first, the write it took away later
            mesh.stores[2].activeTick();
            mesh.deliver(1, 2, Integer.MAX_VALUE);
            mesh.deliver(2, 0, Integer.MAX_VALUE);
            mesh.deliver(2, 1, Integer.MAX_VALUE);
            mesh.stores[0].activeTick();
            mesh.stores[1].activeTick();
            mesh.deliver(0, 1, Integer.MAX_VALUE);
            mesh.deliver(1, 0, Integer.MAX_VALUE);
            mesh.stores[1].activeCollect(Integer.MAX_VALUE);
            assertEquals(1, mesh.stores[1].active().tombstones(), "instance 3 has not applied the write: the tombstone stays");
            mesh.deliver(0, 2, Integer.MAX_VALUE);
            assertEquals(0L, ((Reply.Int) run(mesh.stores[2], "EXISTS", "gone")).value(), "the late write stays deleted");
            mesh.settle();
            for (ShardStore store : mesh.stores) {
                assertEquals(0, store.active().tombstones(), "seen everywhere: forgotten");
                assertTrue(store.active().collected() > 0);
                assertEquals(0, store.active().keysWithNothing(), "the deleted key itself is forgotten");
            }
            // a copy of the write arriving now (a whole state kept from before) would bring it back: none can exist,
            // and a whole state pushed now carries nothing of it
            mesh.pushWholeState(2, 0);
            assertEquals(0L, ((Reply.Int) run(mesh.stores[0], "EXISTS", "gone")).value());
        }
    }

    @Test
    void aQueueLeavesNoTombstoneOnceEveryInstanceHasSeenItsPops() throws IOException {
        try (Mesh mesh = new Mesh()) {
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 5; i++) {
                    run(mesh.stores[round % 3], "RPUSH", "queue", "job " + round + "." + i);
                }
                mesh.deliverAll();
                run(mesh.stores[(round + 1) % 3], "LPOP", "queue", "2");
                run(mesh.stores[(round + 2) % 3], "RPOP", "queue");
                if (round % 4 == 0) {
                    mesh.settle();
                }
            }
            mesh.settle();
            String first = canonical(mesh.stores[0]);
            for (ShardStore store : mesh.stores) {
                assertEquals(first, canonical(store));
                assertEquals(40L, ((Reply.Int) run(store, "LLEN", "queue")).value());
                assertEquals(0, store.active().tombstones(), "every pop seen everywhere: no tombstone left");
            }
            for (int n = 0; n < 40; n++) {
                run(mesh.stores[n % 3], "LPOP", "queue");
                mesh.deliverAll();
            }
            mesh.settle();
            for (ShardStore store : mesh.stores) {
                assertEquals(0L, ((Reply.Int) run(store, "EXISTS", "queue")).value());
                assertEquals(0, store.active().tombstones());
                assertEquals(0, store.active().keysWithNothing(), "the emptied list is forgotten");
            }
        }
    }

    @Test
    void aConcurrentWriteSurvivesADeleteThatDidNotSeeIt() throws IOException {
        try (Mesh mesh = new Mesh()) {
            run(mesh.stores[0], "SADD", "cart", "apple");
            mesh.deliverAll();
            run(mesh.stores[1], "DEL", "cart");
            run(mesh.stores[0], "SADD", "cart", "pear");
            run(mesh.stores[2], "HSET", "user", "name", "ann");
            mesh.deliverAll();
            run(mesh.stores[0], "HDEL", "user", "name");
            run(mesh.stores[2], "HSET", "user", "name", "bob");
            mesh.deliverAll();
            for (ShardStore store : mesh.stores) {
                assertEquals("[pear]", members(store, "cart"), "the add the DEL did not see survives it");
                assertEquals("bob", text(run(store, "HGET", "user", "name")), "the update wins over the remove");
            }
            run(mesh.stores[1], "DEL", "cart");
            mesh.deliverAll();
            for (ShardStore store : mesh.stores) {
                assertEquals(0L, ((Reply.Int) run(store, "EXISTS", "cart")).value(), "a deleted key does not come back");
            }
        }
    }

    @Test
    void aListKeepsConcurrentPushesInOneOrderAndARemoveTakesOnlyWhatItSaw() throws IOException {
        try (Mesh mesh = new Mesh()) {
            run(mesh.stores[0], "RPUSH", "queue", "a", "b", "c");
            mesh.deliverAll();
            run(mesh.stores[0], "LPUSH", "queue", "x");
            run(mesh.stores[1], "LPUSH", "queue", "y");
            run(mesh.stores[2], "LREM", "queue", "0", "b");
            run(mesh.stores[1], "RPUSH", "queue", "b");
            run(mesh.stores[2], "LSET", "queue", "0", "A");
            mesh.deliverAll();
            String first = canonical(mesh.stores[0]);
            for (ShardStore store : mesh.stores) {
                assertEquals(first, canonical(store), "one order everywhere");
                List<String> items = new ArrayList<>();
                for (Reply item : ((Reply.Multi) run(store, "LRANGE", "queue", "0", "-1")).items()) {
                    items.add(text(item));
                }
                // x and y pushed concurrently at the head, A set in place of a: all three before what a was followed by
                assertEquals(Set.of("x", "y", "A"), new HashSet<>(items.subList(0, 3)), String.valueOf(items));
                assertEquals(List.of("c", "b"), items.subList(3, items.size()), "the b LREM saw is gone, the b pushed"
                        + " after it stays: " + items);
            }
        }
    }

    @Test
    void aNewInstanceGetsEverythingFromAFullResyncAndTheDatabaseRefusesFlushes() throws IOException {
        try (Mesh mesh = new Mesh()) {
            run(mesh.stores[0], "SET", "a", "1");
            run(mesh.stores[1], "INCRBY", "n", "5");
            run(mesh.stores[2], "SADD", "s", "x");
            run(mesh.stores[0], "DEL", "s");
            mesh.deliverAll();
            try (ShardStore late = ShardStore.openActive(new Shard(9, 1, 9, Shard.MASTER, 0, 16383), 1 << 20,
                    dir.resolve("late.log"), 4)) {
                List<byte[][]> snapshot = new ArrayList<>();
                mesh.stores[1].subscribe("?", 0, new ShardStreamListener() {
                    public void fullResync(String id, long offset) { }
                    public void snapshotWrite(byte[][] write) { snapshot.add(write); }
                    public void snapshotEnd() { }
                    public void partialResync(String id, long offset) { }
                    public void write(long offset, byte[][] write) { }
                    public void ended(String reason) { }
                });
                assertEquals(0L, ((Reply.Int) late.execute(new byte[][] {bytes("CSYNC.FLUSHSLOTS"), bytes("0"),
                        bytes("16383")})).value(), "a full resync merges; it flushes nothing");
                snapshot.forEach(late::execute);
                assertEquals(canonical(mesh.stores[1]), canonical(late));
                String flush = ((Reply.Err) run(late, "FLUSHDB")).message();
                assertTrue(flush.contains("crdb flush"), flush);
                assertTrue(run(late, "LPUSH", "l", "x") instanceof Reply.Int, "lists merge");
                assertTrue(run(late, "ZADD", "z", "1", "x") instanceof Reply.Int, "sorted sets merge");
                assertEquals("OK", String.valueOf(((Reply.Simple) run(late, "RENAME", "a", "b")).text()));
                assertEquals("1", text(run(late, "GET", "b")), "a renamed key keeps its value");
            }
        }
    }

    /** Every key of the shard with its type, value and deadline, in one comparable text. */
    private static String canonical(ShardStore store) {
        TreeMap<String, String> keys = new TreeMap<>();
        for (Reply key : ((Reply.Multi) run(store, "KEYS", "*")).items()) {
            String name = text(key);
            String type = ((Reply.Simple) run(store, "TYPE", name)).text();
            String value = switch (type) {
                case "string" -> text(run(store, "GET", name));
                case "hash" -> new TreeMap<>(pairs(run(store, "HGETALL", name))).toString();
                case "set" -> members(store, name);
                case "list" -> {
                    List<String> out = new ArrayList<>();
                    for (Reply item : ((Reply.Multi) run(store, "LRANGE", name, "0", "-1")).items()) {
                        out.add(text(item));
                    }
                    yield out.toString();
                }
                case "zset" -> {
                    List<String> out = new ArrayList<>();
                    for (Reply item : ((Reply.Multi) run(store, "ZRANGE", name, "0", "-1", "WITHSCORES")).items()) {
                        out.add(text(item));
                    }
                    yield out.toString();
                }
                default -> type;
            };
            keys.put(name, type + " " + value + " expires " + ((Reply.Int) run(store, "PEXPIRETIME", name)).value());
        }
        return keys.toString();
    }

    private static Map<String, String> pairs(Reply reply) {
        Map<String, String> out = new TreeMap<>();
        List<Reply> items = ((Reply.Multi) reply).items();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            out.put(text(items.get(i)), text(items.get(i + 1)));
        }
        return out;
    }

    private static String members(ShardStore store, String key) {
        List<String> out = new ArrayList<>();
        for (Reply member : ((Reply.Multi) run(store, "SMEMBERS", key)).items()) {
            out.add(text(member));
        }
        out.sort(null);
        return out.toString();
    }

    private static String text(Reply reply) {
        if (reply instanceof Reply.Real real) {
            return real.text();
        }
        if (reply instanceof Reply.Bulk bulk) {
            return bulk.value() == null ? "(nil)" : new String(bulk.value(), StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
