package io.clustersync.itests.process;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3-node cluster serving a 6-shard database through its proxy endpoints, driven by Jedis, a real Redis client:
 * each policy, keys across shards and nodes, multi-key commands, expiry, AUTH, policy changes under load, and
 * restarts (clean and kill -9) keeping the data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyEndpointsIT {

    private ThreeNodeCluster cluster;
    private int port;

    @BeforeAll
    void startCluster(@TempDir Path dir) {
        // three network threads per node: a client's connection and the bus connection its commands travel on are
        // then often served by different threads, the hand-over a node of more than 2 processors makes (with the
        // default of one thread on the 2 processors tests run on, every other test covers the shared thread)
        cluster = new ThreeNodeCluster(dir, "data").ioThreads(3).start();
        port = NodeProcess.freePort("127.0.0.1");
        NodeProcess.Result created = cluster.n1.admin("create", "db", "shop", "shards", "6", "port", String.valueOf(port));
        assertEquals(0, created.exitCode(), created::toString);
        bind("all-nodes");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void bind(String policy) {
        NodeProcess.Result bound = cluster.n1.admin("bind", "db", "shop", "endpoint", "1:1", "policy", policy);
        assertEquals(0, bound.exitCode(), bound::toString);
    }

    private Jedis client(NodeProcess node) {
        return new Jedis(node.address, port, 5000);
    }

    private static boolean listens(NodeProcess node, int port) {
        try (Socket socket = new Socket(node.address, port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until exactly these nodes listen on the endpoint, as the ENDPOINTS table and real sockets show. */
    private void awaitProxiesOn(List<NodeProcess> expected) {
        for (NodeProcess node : cluster.nodes()) {
            boolean wanted = expected.contains(node);
            Eventually.until("node:" + node.nodeId + (wanted ? " listening" : " not listening") + " on " + port,
                    () -> listens(node, port), l -> l == wanted, 20_000);
        }
        String table = cluster.n1.admin("status", "endpoints").out();
        for (NodeProcess node : cluster.nodes()) {
            boolean shown = table.matches("(?s).*node:" + node.nodeId + " .*127\\.0\\.0\\." + node.nodeId + ":" + port + " +listening.*");
            assertEquals(expected.contains(node), shown, () -> "ENDPOINTS table for node:" + node.nodeId + ":\n" + table);
        }
    }

    @Test
    @Order(1)
    void everyPolicyPlacesItsProxies() {
        bind("all-nodes");
        awaitProxiesOn(cluster.nodes());
        bind("all-master-shards");
        awaitProxiesOn(cluster.nodes());
        bind("single");
        awaitProxiesOn(List.of(cluster.n1));
        bind("all-nodes");
        awaitProxiesOn(cluster.nodes());
    }

    @Test
    @Order(2)
    void aKeyWrittenThroughOneProxyIsReadThroughAnother() {
        try (Jedis one = client(cluster.n1); Jedis two = client(cluster.n2); Jedis three = client(cluster.n3)) {
            for (int i = 0; i < 300; i++) {
                assertEquals("OK", one.set("item:" + i, "value-" + i));
            }
            for (int i = 0; i < 300; i++) {
                assertEquals("value-" + i, two.get("item:" + i));
                assertEquals("value-" + i, three.get("item:" + i));
            }
            three.hset("cart:{7}", Map.of("apples", "3", "pears", "2"));
            assertEquals(5, one.hincrBy("cart:{7}", "apples", 2));
            assertEquals(Map.of("apples", "5", "pears", "2"), two.hgetAll("cart:{7}"));
            assertEquals(2, one.hlen("cart:{7}"));
            assertEquals(1, two.hdel("cart:{7}", "pears", "plums"));
            assertEquals("hash", three.type("cart:{7}"));
            assertThrows(JedisDataException.class, () -> one.get("cart:{7}"), "WRONGTYPE");
            assertEquals(11, one.incrBy("counter", 11));
            assertEquals(10, three.decr("counter"));
            assertEquals(6, two.append("counter", "abcd"));
            assertEquals("10abcd", one.getDel("counter"));
            assertNull(two.get("counter"));
        }
        String shards = cluster.n2.admin("status", "shards").out();
        long withKeys = shards.lines().filter(l -> l.contains("shop") && !l.matches(".*master +\\S+ +0 .*")).count();
        assertTrue(withKeys >= 5, () -> "keys should spread over the shards of all nodes:\n" + shards);
        for (NodeProcess node : cluster.nodes()) {
            assertTrue(shards.matches("(?s).*node:" + node.nodeId + " +master.*"), shards);
        }
    }

    /**
     * A shard's reply larger than the bus carries in one frame (64 MB: five values of 13 MB under one hash tag) is
     * answered with an error by a proxy on another node, and the link between the nodes stays up.
     */
    @Test
    @Order(3)
    void aReplyTooLargeToRelayBetweenNodesIsAnErrorAndTheLinkStays() {
        String[] keys = new String[5];
        char[] value = new char[13 * 1024 * 1024];
        Arrays.fill(value, 'v');
        try (Jedis one = client(cluster.n1)) {
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "huge:{relay}:" + i;
                assertEquals("OK", one.set(keys[i], new String(value)));
            }
            assertEquals("OK", one.set("small:{relay}", "still here"));
        }
        int refused = 0;
        for (NodeProcess node : cluster.nodes()) {
            try (Jedis client = client(node)) {
                try {
                    List<String> values = client.mget(keys);
                    assertEquals(value.length, values.get(4).length(), "the shard's own node answers in full");
                } catch (JedisDataException e) {
                    refused++;
                    assertTrue(e.getMessage().contains("cannot be relayed") && e.getMessage().contains("at most 67108864 bytes"),
                            e.getMessage());
                }
                assertEquals("still here", client.get("small:{relay}"), "the link between the nodes stays up");
            }
        }
        assertEquals(2, refused, "the proxies of the two nodes without the shard refuse");
        try (Jedis one = client(cluster.n1)) {
            assertEquals(keys.length, one.del(keys));
        }
    }

    @Test
    @Order(3)
    void multiKeyCommandsAreSplitAcrossShardsAndAnsweredAsOne() {
        try (Jedis one = client(cluster.n1); Jedis three = client(cluster.n3)) {
            List<String> pairs = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pairs.add("multi:" + i);
                pairs.add("m" + i);
                keys.add("multi:" + i);
            }
            assertEquals("OK", one.mset(pairs.toArray(new String[0])));
            List<String> wanted = new ArrayList<>(keys);
            wanted.add(30, "multi:missing");
            List<String> values = three.mget(wanted.toArray(new String[0]));
            assertEquals(61, values.size());
            for (int i = 0; i < 61; i++) {
                assertEquals(i == 30 ? null : "m" + (i < 30 ? i : i - 1), values.get(i), "MGET position " + i);
            }
            assertEquals(60, three.exists(keys.toArray(new String[0])));
            assertEquals(60, one.keys("multi:*").size());
            Set<String> scanned = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int calls = 0;
            do {
                ScanResult<String> page = three.scan(cursor, new ScanParams().match("multi:*").count(50));
                scanned.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals("0") && ++calls < 1000);
            assertEquals(new HashSet<>(keys), scanned);
            long before = one.dbSize();
            assertEquals(20, one.del(keys.subList(0, 20).toArray(new String[0])));
            assertEquals(20, three.unlink(keys.subList(20, 40).toArray(new String[0])));
            assertEquals(before - 40, three.dbSize());
            assertEquals(20, one.exists(keys.toArray(new String[0])));
        }
    }

    @Test
    @Order(4)
    void keysExpireOnAccessAndByActiveSampling() throws InterruptedException {
        try (Jedis one = client(cluster.n1); Jedis two = client(cluster.n2)) {
            one.setex("session:a", 1, "x");
            one.psetex("session:b", 300, "y");
            one.set("session:c", "z");
            assertEquals(1, two.expire("session:c", 100));
            long ttl = two.ttl("session:a");
            assertTrue(ttl >= 0 && ttl <= 1, "ttl " + ttl);
            long pttl = one.pttl("session:b");
            assertTrue(pttl > 0 && pttl <= 300, "pttl " + pttl);
            assertEquals(-1, one.ttl("item:1"));
            assertEquals(-2, one.ttl("no-such-key"));
            assertEquals(1, one.persist("session:c"));
            assertEquals(-1, two.ttl("session:c"));
            Thread.sleep(1200);
            assertNull(two.get("session:a"));
            assertNull(one.get("session:b"));
            assertEquals("z", one.get("session:c"));

            long base = one.dbSize();
            for (int i = 0; i < 200; i++) {
                one.psetex("volatile:" + i, 3000, "v");
            }
            assertEquals(base + 200, one.dbSize());
            long settled = Eventually.until("active expiry removing 200 untouched keys", one::dbSize, n -> n == base, 15_000);
            assertEquals(base, settled);
        }
    }

    @Test
    @Order(5)
    void aPasswordProtectedDatabaseRefusesCommandsBeforeAuth() {
        int securePort = NodeProcess.freePort("127.0.0.1");
        NodeProcess.Result created = cluster.n1.admin("create", "db", "vault", "shards", "3", "port",
                String.valueOf(securePort), "password", "s3cret");
        assertEquals(0, created.exitCode(), created::toString);
        Eventually.until("vault listening", () -> listens(cluster.n1, securePort), l -> l, 20_000);
        try (Jedis anonymous = new Jedis(cluster.n1.address, securePort, 5000)) {
            JedisDataException refused = assertThrows(JedisDataException.class, () -> anonymous.get("k"));
            assertTrue(refused.getMessage().startsWith("NOAUTH"), refused.getMessage());
            JedisDataException wrong = assertThrows(JedisDataException.class, () -> anonymous.auth("nope"));
            assertTrue(wrong.getMessage().startsWith("WRONGPASS"), wrong.getMessage());
            assertEquals("OK", anonymous.auth("s3cret"));
            assertEquals("OK", anonymous.set("k", "v"));
        }
        DefaultJedisClientConfig resp3 = DefaultJedisClientConfig.builder().password("s3cret")
                .protocol(RedisProtocol.RESP3).clientName("resp3-client").build();
        try (Jedis viaHello = new Jedis(new HostAndPort(cluster.n1.address, securePort), resp3)) {
            assertEquals("v", viaHello.get("k"));
            assertEquals("resp3-client", viaHello.clientGetname());
            viaHello.hset("h", "f", "1");
            assertEquals(Map.of("f", "1"), viaHello.hgetAll("h"));
        }
        try (Jedis open = client(cluster.n1)) {
            JedisDataException noPassword = assertThrows(JedisDataException.class, () -> open.auth("anything"));
            assertTrue(noPassword.getMessage().contains("without any password configured"), noPassword.getMessage());
        }
    }

    @Test
    @Order(6)
    void policyChangesDoNotDisturbClientsOfProxiesThatStay() throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread load = new Thread(() -> {
            try (Jedis steady = client(cluster.n1)) {
                for (long i = 0; running.get() && i < 10_000_000; i++) {
                    steady.set("load:" + (i % 500), Long.toString(i));
                    if (!Long.toString(i).equals(steady.get("load:" + (i % 500)))) {
                        throw new AssertionError("read back a different value for load:" + (i % 500));
                    }
                    done.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "load-on-node1");
        load.start();
        try {
            bind("single");
            awaitProxiesOn(List.of(cluster.n1));
            bind("all-master-shards");
            awaitProxiesOn(cluster.nodes());
            try (Jedis onThree = client(cluster.n3)) {
                assertEquals("PONG", onThree.ping());
                bind("single");
                awaitProxiesOn(List.of(cluster.n1));
                assertThrows(JedisConnectionException.class, onThree::ping, "a proxy that stopped closes its clients");
            }
            bind("all-nodes");
            awaitProxiesOn(cluster.nodes());
        } finally {
            running.set(false);
            load.join(10_000);
        }
        assertNull(failure.get(), () -> "the client of node:1 failed during the policy changes: " + failure.get());
        assertTrue(done.get() > 100, "commands done during the policy changes: " + done.get());
    }

    @Test
    @Order(7)
    void restartedNodesKeepTheirData() {
        Map<String, String> written = new LinkedHashMap<>();
        try (Jedis one = client(cluster.n1)) {
            for (int i = 0; i < 500; i++) {
                one.set("durable:" + i, "d" + i);
                written.put("durable:" + i, "d" + i);
            }
            one.hset("durable:hash", Map.of("a", "1", "b", "2"));
        }
        NodeProcess.Result stopped = cluster.n2.stop();
        assertEquals(0, stopped.exitCode(), stopped::toString);
        assertEquals(0, cluster.n2.start().exitCode());
        ThreeNodeCluster.await(cluster.n1, "node:2 waiting for a full synchronization",
                s -> s.matches("(?s).*node:2 +secondary +needs-full-sync.*"), 30_000, "sync", "status");
        sleep(1500);
        assertFalse(listens(cluster.n2, port), "a node in needs-full-sync keeps its proxies stopped");
        resynchronize();
        try (Jedis two = client(cluster.n2)) {
            written.forEach((key, value) -> assertEquals(value, two.get(key), key + " after a clean restart of node:2"));
            assertEquals(Map.of("a", "1", "b", "2"), two.hgetAll("durable:hash"));
        }

        try (Jedis one = client(cluster.n1)) {
            for (int i = 0; i < 500; i++) {
                one.set("crash:" + i, "c" + i);
                written.put("crash:" + i, "c" + i);
            }
        }
        sleep(1200);
        cluster.n3.kill9();
        Eventually.until("node:3 gone", () -> cluster.n3.pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false),
                alive -> !alive, 10_000);
        assertEquals(0, cluster.n3.start().exitCode());
        resynchronize();
        try (Jedis three = client(cluster.n3)) {
            written.forEach((key, value) -> assertEquals(value, three.get(key), key + " after kill -9 of node:3"));
        }
    }

    private void resynchronize() {
        ThreeNodeCluster.await(cluster.n1, "every node online", s -> !s.contains("OFFLINE") && !s.contains("UNKNOWN"), 30_000,
                "status", "nodes");
        NodeProcess.Result full = cluster.n1.admin("synchronize-all");
        assertEquals(0, full.exitCode(), full::toString);
        awaitProxiesOn(cluster.nodes());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(8)
    void unknownCommandsAndWrongArityAnswerLikeRedis() {
        try (Jedis one = client(cluster.n1)) {
            JedisDataException unknown = assertThrows(JedisDataException.class,
                    () -> one.sendCommand(() -> "XADD".getBytes(), "list", "x"));
            assertEquals("ERR unknown command 'XADD', with args beginning with: 'list' 'x' ", unknown.getMessage());
            JedisDataException arity = assertThrows(JedisDataException.class,
                    () -> one.sendCommand(() -> "GET".getBytes()));
            assertEquals("ERR wrong number of arguments for 'get' command", arity.getMessage());
            assertFalse(one.info("keyspace").isEmpty());
            assertTrue(one.info("keyspace").contains("db0:keys="), one.info("keyspace"));
        }
    }

    @Test
    @Order(9)
    void aShardsReplicationStreamResumesFromTheBacklogOrResyncsFully() throws Exception {
        List<Object> shards;
        try (Jedis one = client(cluster.n1)) {
            shards = (List<Object>) one.sendCommand(() -> "CSYNC".getBytes(), "SHARDS");
        }
        assertEquals(6, shards.size());
        List<Object> remote = shards.stream().map(row -> (List<Object>) row)
                .filter(row -> new String((byte[]) row.get(3)).equals("node:2")).findFirst().orElseThrow();
        String shard = new String((byte[]) remote.get(0));
        long first = (Long) remote.get(1);
        long last = (Long) remote.get(2);
        assertEquals(cluster.n2.address + ":" + port, new String((byte[]) remote.get(4)));
        List<Object> onNode3 = shards.stream().map(row -> (List<Object>) row)
                .filter(row -> new String((byte[]) row.get(3)).equals("node:3")).findFirst().orElseThrow();
        String otherShard = new String((byte[]) onNode3.get(0));
        String otherKey = null;
        for (int i = 0; otherKey == null && i < 100_000; i++) {
            int slot = RespStreamReader.slot("other:" + i);
            if (slot >= (Long) onNode3.get(1) && slot <= (Long) onNode3.get(2)) {
                otherKey = "other:" + i;
            }
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < 3 && i < 100_000; i++) {
            int slot = RespStreamReader.slot("stream:" + i);
            if (slot >= first && slot <= last) {
                keys.add("stream:" + i);
            }
        }

        String replicationId;
        long offset;
        try (RespStreamReader stream = new RespStreamReader(cluster.n1.address, port); Jedis one = client(cluster.n1)) {
            one.set(keys.get(0), "before");
            stream.send("CSYNC", "PSYNC", shard, "?", "0");
            List<String> full = stream.next();
            assertEquals(List.of("full", shard), full.subList(0, 2), full::toString);
            replicationId = full.get(2);
            offset = Long.parseLong(full.get(3));
            Set<String> snapshot = new HashSet<>();
            for (List<String> event = stream.next(); !event.get(0).equals("snapshot-end"); event = stream.next()) {
                assertEquals(List.of("snapshot", shard), event.subList(0, 2), event::toString);
                snapshot.add(event.get(3));
            }
            assertTrue(snapshot.contains(keys.get(0)), () -> "the snapshot of " + shard + " lacks " + keys.get(0));
            one.set(keys.get(1), "live");
            assertEquals(List.of("write", shard, Long.toString(offset + 1), "SET", keys.get(1), "live"), stamped(stream.next()));
            offset++;

            String other = otherShard;
            stream.send("CSYNC", "PSYNC", other, "?", "0");
            List<String> event = stream.next();
            assertEquals(List.of("full", other), event.subList(0, 2), "a second shard on the same connection: " + event);
            long otherOffset = Long.parseLong(event.get(3));
            for (int i = 0; i < 10_000 && !event.get(0).equals("snapshot-end"); i++) {
                event = stream.next();
            }
            one.set(otherKey, "on the other shard");
            assertEquals(List.of("write", other, Long.toString(otherOffset + 1), "SET", otherKey, "on the other shard"),
                    stamped(stream.next()));
        }
        try (RespStreamReader stream = new RespStreamReader(cluster.n3.address, port); Jedis three = client(cluster.n3)) {
            three.set(keys.get(2), "while away");
            stream.send("CSYNC", "PSYNC", shard, replicationId, Long.toString(offset));
            assertEquals(List.of("partial", shard, replicationId, Long.toString(offset)), stream.next());
            assertEquals(List.of("write", shard, Long.toString(offset + 1), "SET", keys.get(2), "while away"), stamped(stream.next()));
        }

        assertEquals(0, cluster.n1.admin("set", "param", "repl_backlog", "1kb").exitCode());
        Eventually.until("repl_backlog on node:2", () -> cluster.n2.admin("params").out(), out -> out.contains("1kb"), 10_000);
        try (Jedis one = client(cluster.n1)) {
            for (int i = 0; i < 200; i++) {
                one.set(keys.get(0), "overrun-" + i);
            }
        }
        try (RespStreamReader stream = new RespStreamReader(cluster.n1.address, port)) {
            stream.send("CSYNC", "PSYNC", shard, replicationId, Long.toString(offset));
            List<String> full = stream.next();
            assertEquals(List.of("full", shard), full.subList(0, 2),
                    () -> "an offset the backlog no longer covers must resync fully: " + full);
        } finally {
            assertEquals(0, cluster.n1.admin("set", "param", "repl_backlog", "1mb").exitCode());
        }
        try (Jedis one = client(cluster.n1)) {
            String info = one.info("replication");
            assertTrue(info.matches("(?s).*" + shard + ":node=2,.*full_syncs=2,partial_syncs=1.*"), info);
        }
        String dbInfo = cluster.n1.admin("info", "db", "shop").out();
        assertTrue(dbInfo.contains("streams served 2 full / 1 partial"), dbInfo);
    }

    @Test
    @Order(10)
    void lettuceSpeaksResp3ByDefaultAndPipelinesAcrossShards() throws Exception {
        RedisClient lettuce = RedisClient.create();
        try {
            try (StatefulRedisConnection<String, String> connection =
                         lettuce.connect(RedisURI.create(cluster.n2.address, port))) {
                RedisCommands<String, String> sync = connection.sync();
                assertEquals("PONG", sync.ping());
                sync.hset("lettuce:{h}", Map.of("a", "1", "b", "2"));
                assertEquals(Map.of("a", "1", "b", "2"), sync.hgetall("lettuce:{h}"));
                assertEquals("OK", sync.mset(Map.of("lettuce:x", "x", "lettuce:y", "y")));
                List<String> values = sync.mget("lettuce:x", "lettuce:nope", "lettuce:y").stream()
                        .map(kv -> kv.hasValue() ? kv.getValue() : null).toList();
                assertEquals(Arrays.asList("x", null, "y"), values);
                RedisAsyncCommands<String, String> async = connection.async();
                List<RedisFuture<String>> sets = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    sets.add(async.set("lettuce:" + i, "v" + i));
                }
                for (RedisFuture<String> set : sets) {
                    assertEquals("OK", set.get(10, TimeUnit.SECONDS));
                }
                for (int i = 0; i < 2000; i += 97) {
                    assertEquals("v" + i, sync.get("lettuce:" + i));
                }
                assertTrue(sync.expire("lettuce:0", 100));
                assertTrue(sync.ttl("lettuce:0") > 0);
                assertTrue(sync.info("keyspace").contains("db0:keys="), sync.info("keyspace"));
            }
            int securePort = Eventually.until("vault's port", () -> cluster.n1.admin("info", "db", "vault").out(),
                    out -> out.contains("port"), 10_000).lines().filter(l -> l.contains("endpoint:")).findFirst()
                    .map(l -> Integer.parseInt(l.replaceAll(".* port (\\d+) .*", "$1"))).orElseThrow();
            RedisURI secure = RedisURI.builder().withHost(cluster.n1.address).withPort(securePort)
                    .withPassword("s3cret".toCharArray()).build();
            try (StatefulRedisConnection<String, String> connection = lettuce.connect(secure)) {
                assertEquals("v", connection.sync().get("k"));
            }
            RedisURI wrong = RedisURI.builder().withHost(cluster.n1.address).withPort(securePort)
                    .withPassword("nope".toCharArray()).build();
            RedisConnectionException refused = assertThrows(RedisConnectionException.class,
                    () -> lettuce.connect(wrong).close());
            assertTrue(String.valueOf(refused.getCause()).contains("WRONGPASS"), String.valueOf(refused.getCause()));
        } finally {
            lettuce.shutdown();
        }
    }

    @Test
    @Order(11)
    void replicaOfIsPartOfTheClusterModelOnEveryNode() {
        NodeProcess.Result added = cluster.n2.admin("replica-of", "db", "shop", "source", "redis://:pa%24%24@127.0.0.9:12345/orders");
        assertEquals(0, added.exitCode(), added::toString);
        assertTrue(added.out().contains("replica_of: enabled") && added.out().contains("source: redis://:****@127.0.0.9:12345/orders"),
                added.out());
        ThreeNodeCluster.await(cluster.n3, "the source on node:3", s -> s.contains("replica_of: enabled")
                && s.contains("source: redis://:****@127.0.0.9:12345/orders") && !s.contains("pa$$"), 15_000, "info", "db", "shop");

        NodeProcess.Result bad = cluster.n1.admin("replica-of", "db", "shop", "source", "redis://127.0.0.9/orders");
        assertEquals(1, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("names no port"), bad.err());

        assertEquals(0, cluster.n1.admin("replica-of", "db", "shop", "pause").exitCode());
        ThreeNodeCluster.await(cluster.n2, "paused on node:2", s -> s.contains("replica_of: paused"), 15_000, "info", "db", "shop");
        // every change so far reached the secondaries live: nothing drifts (a creation time is each node's own)
        ThreeNodeCluster.await(cluster.n3, "paused on node:3", s -> s.contains("replica_of: paused"), 15_000, "info", "db", "shop");
        NodeProcess.Result live = cluster.n1.admin("verify");
        assertEquals(0, live.exitCode(), live::toString);
        NodeProcess.Result full = cluster.n1.admin("synchronize-all");
        assertEquals(0, full.exitCode(), full::toString);
        assertTrue(cluster.n3.admin("info", "db", "shop").out().contains("replica_of: paused"));
        NodeProcess.Result drift = cluster.n1.admin("verify");
        assertEquals(0, drift.exitCode(), drift::toString);

        assertEquals(0, cluster.n3.admin("replica-of", "db", "shop", "stop").exitCode());
        ThreeNodeCluster.await(cluster.n1, "stopped on node:1", s -> s.contains("replica_of: disabled") && !s.contains("source:"),
                15_000, "info", "db", "shop");
    }

    /** A write event without its time stamp, once the stamp is checked to be the relaying proxy's recent clock. */
    private static List<String> stamped(List<String> event) {
        long stamp = Long.parseLong(event.get(3));
        assertTrue(Math.abs(System.currentTimeMillis() - stamp) < 60_000, () -> "a write stamped " + stamp + ": " + event);
        List<String> rest = new ArrayList<>(event);
        rest.remove(3);
        return rest;
    }
}
