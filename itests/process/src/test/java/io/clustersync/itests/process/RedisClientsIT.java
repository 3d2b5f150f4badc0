package io.clustersync.itests.process;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis features that span nodes, driven by Jedis and Lettuce as applications use them, on a three-node cluster
 * whose database has a proxy on every node: a blocking pop woken by a push through another node's proxy, optimistic
 * transactions (WATCH/MULTI/EXEC) under concurrent writers on every proxy, a script failing halfway, pub/sub to
 * 1,000 subscribers spread over the three proxies, and keyspace notifications from every shard to subscribers on
 * every node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClientsIT {

    private ThreeNodeCluster cluster;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = new ThreeNodeCluster(dir, "clients").start();
        port = NodeProcess.freePort("127.0.0.1");
        NodeProcess.Result created = cluster.n1.admin("create", "db", "app", "shards", "3", "port", String.valueOf(port));
        assertEquals(0, created.exitCode(), created::toString);
        NodeProcess.Result bound = cluster.n1.admin("bind", "db", "app", "endpoint", "1:1", "policy", "all-nodes");
        assertEquals(0, bound.exitCode(), bound::toString);
        for (NodeProcess node : cluster.nodes()) {
            Eventually.until("the proxy on node:" + node.nodeId, () -> {
                try (Jedis jedis = jedis(node)) {
                    return jedis.ping();
                } catch (RuntimeException e) {
                    return e.toString();
                }
            }, "PONG"::equals, 30_000);
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Jedis jedis(NodeProcess node) {
        return new Jedis(node.address, port, 10_000);
    }

    @Test
    void aBlockingPopIsWokenByAPushThroughAnotherNodesProxy() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Jedis waiter = jedis(cluster.n2); Jedis pusher = jedis(cluster.n3)) {
            long started = System.nanoTime();
            Future<List<String>> popped = threads.submit(() -> waiter.blpop(10, "jobs:{q}"));
            Thread.sleep(300);
            assertEquals(1, pusher.rpush("jobs:{q}", "job-1"));
            assertEquals(List.of("jobs:{q}", "job-1"), popped.get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "woken at once, not at the timeout");
            assertEquals(0, pusher.llen("jobs:{q}"));

            long before = System.nanoTime();
            assertNull(waiter.blpop(1, "empty:{q}"));
            long waitedMs = (System.nanoTime() - before) / 1_000_000;
            assertTrue(waitedMs >= 900 && waitedMs < 3000, "waited " + waitedMs + " ms for a 1 s timeout");

            assertEquals("moved", moveThroughBlmove(threads, pusher));
        } finally {
            threads.shutdownNow();
        }
    }

    private String moveThroughBlmove(ExecutorService threads, Jedis pusher) throws Exception {
        try (Jedis mover = jedis(cluster.n1)) {
            Future<String> moved = threads.submit(() -> mover.brpoplpush("src:{m}", "dst:{m}", 10));
            Thread.sleep(200);
            pusher.lpush("src:{m}", "moved");
            String got = moved.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("moved"), pusher.lrange("dst:{m}", 0, -1));
            return got;
        }
    }

    @Test
    void aClientThatLeavesWhileBlockedTakesNothing() throws Exception {
        try (Jedis pusher = jedis(cluster.n1)) {
            try (Socket leaving = new Socket(cluster.n2.address, port)) {
                leaving.getOutputStream().write("*3\r\n$5\r\nBLPOP\r\n$8\r\nleft:{l}\r\n$2\r\n30\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                leaving.getOutputStream().flush();
                Thread.sleep(300);
            }
            Thread.sleep(300);
            pusher.rpush("left:{l}", "kept");
            Thread.sleep(200);
            assertEquals(List.of("kept"), pusher.lrange("left:{l}", 0, -1), "the push waits for a client still there");
        }
    }

    @Test
    void aClientThatHalfClosesAfterItsCommandsGetsEveryReply() throws Exception {
        // keys of all three shards, so that most commands travel to another node and back
        StringBuilder commands = new StringBuilder();
        int count = 60;
        for (int i = 0; i < count; i++) {
            String key = "half:" + i;
            commands.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n$1\r\nv\r\n");
        }
        commands.append("*3\r\n$6\r\nEXPIRE\r\n$6\r\nhalf:0\r\n$19\r\n9223372036854775807\r\n");
        try (Socket socket = new Socket(cluster.n1.address, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(commands.toString().getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String replies = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals("+OK\r\n".repeat(count) + "-ERR invalid expire time in 'expire' command\r\n", replies,
                    "every reply, then the connection closed by the proxy");
        }
        try (Jedis check = jedis(cluster.n2)) {
            assertEquals("v", check.get("half:0"), "the overflowing EXPIRE left the key alone");
            assertEquals(-1L, check.ttl("half:0"));
        }
    }

    @Test
    void aScriptThatFailsHalfwayKeepsWhatItWroteBeforeAsInRedis() {
        String script = "redis.call('SET', KEYS[1], ARGV[1]) redis.call('INCR', KEYS[2]) return redis.call('SET', KEYS[3], 'never')";
        try (Jedis one = jedis(cluster.n1); Jedis other = jedis(cluster.n3)) {
            one.set("{job}text", "not a number");
            JedisDataException failed = Assertions.assertThrows(
                    JedisDataException.class,
                    () -> one.eval(script, List.of("{job}state", "{job}text", "{job}after"), List.of("started")));
            assertTrue(failed.getMessage().startsWith("ERR value is not an integer or out of range script: ")
                    && failed.getMessage().endsWith(", on @user_script:1."), failed.getMessage());
            assertEquals("started", other.get("{job}state"), "the write before the error stays, as in Redis");
            assertNull(other.get("{job}after"), "nothing after the error ran");
            String sha = other.scriptLoad("return redis.call('INCRBY', KEYS[1], ARGV[1])");
            assertEquals(5L, one.evalsha(sha, List.of("{job}count"), List.of("5")));
        }
        RedisClient lettuce = RedisClient.create(RedisURI.builder().withHost(cluster.n2.address).withPort(port).build());
        try (var connection = lettuce.connect()) {
            Long counted = connection.sync().eval("return redis.call('INCRBY', KEYS[1], ARGV[1])",
                    ScriptOutputType.INTEGER, new String[] {"{job}count"}, "2");
            assertEquals(7L, counted);
        } finally {
            lettuce.shutdown();
        }
    }

    @Test
    void watchMakesConcurrentIncrementsThroughEveryProxyExact() throws Exception {
        int writers = 6;
        int increments = 40;
        try (Jedis setup = jedis(cluster.n1)) {
            setup.set("counter:{c}", "0");
        }
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        AtomicInteger aborted = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            NodeProcess node = cluster.nodes().get(w % 3);
            done.add(threads.submit(() -> {
                try (Jedis jedis = jedis(node)) {
                    for (int i = 0; i < increments; i++) {
                        for (int attempt = 0; attempt < 1000; attempt++) {
                            jedis.watch("counter:{c}");
                            long value = Long.parseLong(jedis.get("counter:{c}"));
                            Transaction tx = jedis.multi();
                            tx.set("counter:{c}", Long.toString(value + 1));
                            tx.rpush("log:{c}", Long.toString(value + 1));
                            if (tx.exec() != null) {
                                break;
                            }
                            aborted.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get(120, TimeUnit.SECONDS);
        }
        threads.shutdown();
        try (Jedis check = jedis(cluster.n3)) {
            assertEquals(Integer.toString(writers * increments), check.get("counter:{c}"));
            List<String> log = check.lrange("log:{c}", 0, -1);
            assertEquals(writers * increments, log.size());
            for (int i = 0; i < log.size(); i++) {
                assertEquals(Integer.toString(i + 1), log.get(i), "each increment applied once, in order");
            }
        }
        assertTrue(aborted.get() > 0, "the writers raced: some EXECs were aborted by WATCH");
    }

    @Test
    void aMessageReachesOneThousandSubscribersOnThreeNodesOnceAndInOrder() throws Exception {
        int subscribers = 1000;
        int messages = 50;
        List<RedisClient> clients = new ArrayList<>();
        List<StatefulRedisPubSubConnection<String, String>> connections = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<Integer, List<String>> received = new ConcurrentHashMap<>();
        try {
            for (NodeProcess node : cluster.nodes()) {
                RedisClient client = RedisClient.create(RedisURI.builder().withHost(node.address).withPort(port)
                        .withTimeout(Duration.ofSeconds(20)).build());
                clients.add(client);
            }
            for (int s = 0; s < subscribers; s++) {
                int id = s;
                StatefulRedisPubSubConnection<String, String> connection = clients.get(s % 3).connectPubSub();
                List<String> mine = new CopyOnWriteArrayList<>();
                received.put(id, mine);
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        mine.add(message);
                    }

                    @Override
                    public void message(String pattern, String channel, String message) {
                        mine.add("p:" + message);
                    }
                });
                if (s % 10 == 0) {
                    connection.sync().psubscribe("news.*");
                } else {
                    connection.sync().subscribe("news.sport");
                }
                connections.add(connection);
            }
            try (Jedis publisher = jedis(cluster.n2)) {
                assertEquals(900L, publisher.pubsubNumSub("news.sport").get("news.sport"));
                assertEquals(1L, publisher.pubsubNumPat());
                for (int m = 0; m < messages; m++) {
                    assertEquals(subscribers, publisher.publish("news.sport", "m" + m), "receivers of message " + m);
                }
            }
            Eventually.until("every subscriber got every message", () -> received.values().stream().mapToInt(List::size).sum(),
                    total -> total == subscribers * messages, 30_000);
            for (int s = 0; s < subscribers; s++) {
                List<String> expected = new ArrayList<>();
                for (int m = 0; m < messages; m++) {
                    expected.add((s % 10 == 0 ? "p:" : "") + "m" + m);
                }
                assertEquals(expected, received.get(s), "subscriber " + s + " on node:" + (s % 3 + 1));
            }
        } finally {
            connections.forEach(StatefulRedisPubSubConnection::close);
            clients.forEach(RedisClient::shutdown);
        }
    }
    @Test
    void keyspaceNotificationsAsSpringSessionSetsThemReachSubscribersOnEveryNode() throws Exception {
        int keys = 30;
        List<RedisClient> clients = new ArrayList<>();
        List<StatefulRedisPubSubConnection<String, String>> connections = new ArrayList<>();
        ConcurrentHashMap<Integer, List<String>> received = new ConcurrentHashMap<>();
        try {
            for (NodeProcess node : cluster.nodes()) {
                clients.add(RedisClient.create(RedisURI.builder().withHost(node.address).withPort(port)
                        .withTimeout(Duration.ofSeconds(20)).build()));
            }
            // Spring Session's ConfigureNotifyKeyspaceEventsAction: generic and expired events on the keyevent channels
            try (var admin = clients.get(1).connect()) {
                assertEquals("OK", admin.sync().configSet("notify-keyspace-events", "Egx"));
            }
            for (int s = 0; s < 3; s++) {
                try (var other = clients.get(s).connect()) {
                    Eventually.until("notify-keyspace-events seen through node:" + (s + 1),
                            () -> other.sync().configGet("notify-keyspace-events").get("notify-keyspace-events"), "gxE"::equals, 10_000);
                }
                StatefulRedisPubSubConnection<String, String> connection = clients.get(s).connectPubSub();
                List<String> mine = new CopyOnWriteArrayList<>();
                received.put(s, mine);
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String pattern, String channel, String message) {
                        mine.add(channel.substring(channel.indexOf(':') + 1) + " " + message);
                    }
                });
                connection.sync().psubscribe("__keyevent@*__:expired", "__keyevent@*__:del", "__keyevent@*__:set");
                connections.add(connection);
            }
            List<String> expected = new ArrayList<>();
            try (Jedis writer = jedis(cluster.n3)) {
                for (int k = 0; k < keys; k++) {
                    writer.set("session:" + k, "v"); // '$' is off: no "set" event
                    writer.pexpire("session:" + k, 300);
                    writer.set("gone:" + k, "v");
                    writer.del("gone:" + k);
                    expected.add("del gone:" + k);
                }
            }
            for (int k = 0; k < keys; k++) {
                expected.add("expired session:" + k); // removed by the shards' expiry cycle: nobody reads them
            }
            for (int s = 0; s < 3; s++) {
                List<String> mine = received.get(s);
                Eventually.until("subscriber on node:" + (s + 1) + " got every del and expired event",
                        () -> mine.size(), n -> n >= expected.size(), 30_000);
                assertEquals(new TreeSet<>(expected), new TreeSet<>(mine), "events on node:" + (s + 1));
                assertEquals(expected.size(), mine.size(), "each event once on node:" + (s + 1) + ": " + mine);
            }
            NodeProcess.Result params = cluster.n1.admin("params");
            assertTrue(params.out().contains("notify_keyspace_events") && params.out().contains("Egx"), params::toString);
        } finally {
            connections.forEach(StatefulRedisPubSubConnection::close);
            try (Jedis reset = jedis(cluster.n1)) {
                reset.configSet("notify-keyspace-events", "");
            }
            clients.forEach(RedisClient::shutdown);
        }
    }
}
