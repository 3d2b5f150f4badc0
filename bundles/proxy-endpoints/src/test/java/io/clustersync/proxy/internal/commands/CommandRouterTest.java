package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Multi-key commands split over shards and joined back: a seeded random sequence of MSET, MGET, DEL, EXISTS,
 * UNLINK, TOUCH, DBSIZE and KEYS through the router over three in-memory shards gives the replies one keyspace
 * gives, and every shard sees only keys of its own slots.
 */
class CommandRouterTest {

    /** One shard's keyspace; a key of another shard's slots is an error, which the comparison then shows. */
    private static class FakeShard {
        final Shard shard;
        final Map<String, String> keys = new HashMap<>();

        FakeShard(Shard shard) {
            this.shard = shard;
        }

        Reply run(byte[][] args) {
            String name = text(args[0]).toUpperCase();
            for (int i = 1; i < args.length; i += name.equals("MSET") ? 2 : 1) {
                if (!name.equals("KEYS") && !name.equals("DBSIZE")) {
                    int slot = HashSlot.of(args[i]);
                    if (slot < shard.firstSlot() || slot > shard.lastSlot()) {
                        return Reply.error("ERR " + text(args[i]) + " sent to " + shard.ref());
                    }
                }
            }
            return switch (name) {
                case "SET" -> {
                    keys.put(text(args[1]), text(args[2]));
                    yield Reply.OK;
                }
                case "GET" -> keys.containsKey(text(args[1])) ? Reply.bulk(keys.get(text(args[1]))) : Reply.NIL;
                case "MSET" -> {
                    for (int i = 1; i < args.length; i += 2) {
                        keys.put(text(args[i]), text(args[i + 1]));
                    }
                    yield Reply.OK;
                }
                case "MGET" -> Reply.array(Arrays.stream(args, 1, args.length)
                        .map(k -> keys.containsKey(text(k)) ? (Reply) Reply.bulk(keys.get(text(k))) : Reply.NIL).toList());
                case "DEL", "UNLINK" -> Reply.integer(Arrays.stream(args, 1, args.length).filter(k -> keys.remove(text(k)) != null).count());
                case "EXISTS", "TOUCH" -> Reply.integer(Arrays.stream(args, 1, args.length).filter(k -> keys.containsKey(text(k))).count());
                case "DBSIZE" -> Reply.integer(keys.size());
                case "KEYS" -> Reply.array(keys.keySet().stream().map(k -> (Reply) Reply.bulk(k)).toList());
                default -> Reply.error("ERR unknown command " + name);
            };
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[][] command(String... words) {
        return Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private final Map<Integer, FakeShard> shards = new TreeMap<>();

    private CommandRouter router() {
        DataPlane plane = (DataPlane) Proxy.newProxyInstance(DataPlane.class.getClassLoader(), new Class<?>[] {DataPlane.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        return CompletableFuture.completedFuture(shards.get(((Shard) args[0]).id()).run((byte[][]) args[1]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new CommandRouter(plane);
    }

    private ShardRouter database(int... bounds) {
        List<Shard> list = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            Shard shard = new Shard(i + 1, 1, i + 1, Shard.MASTER, bounds[i], bounds[i + 1] - 1);
            list.add(shard);
            shards.put(shard.id(), new FakeShard(shard));
        }
        return new ShardRouter(new Database(1, "orders", list.size(), false, SyncerMode.CENTRALIZED, list,
                List.of(new Endpoint(1, 1, 12000, ProxyPolicy.SINGLE))));
    }

    private static Reply send(CommandRouter router, ShardRouter shards, String... words) {
        byte[][] args = command(words);
        return router.route(shards, CommandTable.find(args[0]), args).join();
    }

    /** What one keyspace answers. */
    private static Reply reference(Map<String, String> keys, String... words) {
        FakeShard whole = new FakeShard(new Shard(0, 1, 1, Shard.MASTER, 0, HashSlot.SLOTS - 1));
        whole.keys.putAll(keys);
        Reply reply = whole.run(command(words));
        keys.clear();
        keys.putAll(whole.keys);
        return reply;
    }

    /** Replies compared as Redis clients see them: KEYS in any order. */
    private static Object normal(String name, Reply reply) {
        if (reply instanceof Reply.Multi multi && name.equals("KEYS")) {
            return multi.items().stream().map(r -> text(((Reply.Bulk) r).value())).sorted().toList();
        }
        if (reply instanceof Reply.Multi multi) {
            return multi.items().stream().map(r -> normal("", r)).toList();
        }
        if (reply instanceof Reply.Bulk bulk) {
            return bulk.value() == null ? "(nil)" : text(bulk.value());
        }
        return reply;
    }

    @Test
    void randomMultiKeyCommandsAnswerAsOneKeyspaceDoes() {
        CommandRouter router = router();
        ShardRouter three = database(0, 5461, 10923, HashSlot.SLOTS);
        Map<String, String> expected = new HashMap<>();
        Random random = new Random(20261206);
        String[] names = {"MSET", "MGET", "DEL", "EXISTS", "UNLINK", "TOUCH", "DBSIZE", "KEYS"};
        for (int step = 0; step < 2000; step++) {
            String name = names[random.nextInt(names.length)];
            List<String> words = new ArrayList<>(List.of(name));
            if (name.equals("KEYS")) {
                words.add("*");
            } else if (!name.equals("DBSIZE")) {
                int count = 1 + random.nextInt(6);
                for (int i = 0; i < count; i++) {
                    words.add(random.nextInt(4) == 0 ? "{tag}k" + random.nextInt(10) : "k" + random.nextInt(40));
                    if (name.equals("MSET")) {
                        words.add("v" + step + "." + i);
                    }
                }
            }
            String[] command = words.toArray(String[]::new);
            Reply got = send(router, three, command);
            Reply want = reference(expected, command);
            assertEquals(normal(name, want), normal(name, got), "step " + step + ": " + words);
        }
        int total = shards.values().stream().mapToInt(s -> s.keys.size()).sum();
        assertEquals(expected.size(), total);
    }

    @Test
    void commandsWhoseKeysMustShareASlotGoToItOrAreRefusedAsRedisClusterDoes() {
        CommandRouter router = router();
        ShardRouter three = database(0, 5461, 10923, HashSlot.SLOTS);
        assertEquals(CommandRouter.CROSSSLOT, send(router, three, "RENAME", "a", "b"));
        Reply sameSlot = send(router, three, "RENAME", "{user1}a", "{user1}b");
        int owner = three.shardFor("{user1}a".getBytes(StandardCharsets.UTF_8)).id();
        assertEquals(Reply.error("ERR unknown command RENAME"), sameSlot, "sent to the shard of the slot, which answered");
        assertEquals(owner, three.shardOfSlot(HashSlot.of("{user1}b".getBytes(StandardCharsets.UTF_8))).id());
    }

    @Test
    void aShardThatRefusesItsPartMakesTheWholeCommandAnError() {
        CommandRouter router = router();
        ShardRouter three = database(0, 5461, 10923, HashSlot.SLOTS);
        shards.put(2, new FakeShard(shards.get(2).shard) {
            @Override
            Reply run(byte[][] args) {
                return Reply.error("OOM command not allowed when used memory > 'maxmemory'");
            }
        });
        List<String> words = new ArrayList<>(List.of("MSET"));
        for (int i = 0; i < 30; i++) {
            words.add("key" + i);
            words.add("v");
        }
        Reply reply = send(router, three, words.toArray(String[]::new));
        assertInstanceOf(Reply.Err.class, reply);
        assertEquals("OOM command not allowed when used memory > 'maxmemory'", ((Reply.Err) reply).message());
    }

    @Test
    void aSlotNoShardHoldsIsAnErrorNamingTheDatabase() {
        CommandRouter router = router();
        ShardRouter half = database(0, 8192);
        String key = "k0";
        for (int i = 0; HashSlot.of(key.getBytes(StandardCharsets.UTF_8)) < 8192 && i < 1000; i++) {
            key = "k" + i;
        }
        Reply reply = send(router, half, "GET", key);
        assertEquals(Reply.error("CLUSTERDOWN db:1 has no shard for this key's slot"), reply);
    }
}
