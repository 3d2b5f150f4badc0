package io.clustersync.itests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An Active-Active database with an instance in each of three clusters (one node each, on 127.0.0.1, .4 and .7;
 * the third cluster's clock 30 s behind), made by {@code clustersync-admin crdb create} through each cluster's JMX:
 * clients write every merged type (strings, counters, hashes, sets, sorted sets, lists, expiry) concurrently in all three; the instances converge on the same keys and values,
 * and every counter is the sum of every acknowledged increment. Then the known failures of multi-master databases,
 * each a named case: split brain on one key, a value swapped by clock skew, a deleted key coming back after a
 * rejoin, and increments lost when three masters meet a restart (a node killed with SIGKILL while the others write).
 */
class ActiveActiveIT {

    private static final String DB = "carts";
    private static final String PASSWORD = "aa-s3cret";
    private static final long CONVERGE_MS = 60_000;

    @Test
    void threeClustersWriteOneDatabaseAndConverge(@TempDir Path dir) throws Exception {
        try (NodeProcess east = new NodeProcess(dir.resolve("east"), 1, "east");
             NodeProcess west = new NodeProcess(dir.resolve("west"), 4, "west").primary(4);
             NodeProcess north = new NodeProcess(dir.resolve("north"), 7, "north").primary(7)
                     .javaOptions("-Xmx512m -Dclustersync.test.clock_offset_ms=-30000")) {
            NodeProcess[] nodes = {east, west, north};
            for (NodeProcess node : nodes) {
                assertEquals(0, node.start().exitCode(), node::log);
            }
            int port = portFreeOnAll(nodes);
            List<String> create = new ArrayList<>(List.of("crdb", "create", "name", DB, "shards", "2", "port",
                    String.valueOf(port), "password", PASSWORD));
            create.addAll(instances(nodes));
            NodeProcess.Result created = east.admin(create.toArray(new String[0]));
            assertEquals(0, created.exitCode(), created::toString);
            assertTrue(created.out().contains("created Active-Active database " + DB + "-"), created.out());
            NodeProcess.Result got = west.admin("crdb", "get", DB);
            assertEquals(0, got.exitCode(), got::toString);
            assertTrue(got.out().contains("instance 2 of Active-Active database " + DB + "-") && got.out().contains("north"),
                    got.out());
            assertTrue(north.admin("info", "db", DB).out().contains("active_active: " + DB + "-"));
            awaitHealthy(east, nodes);
            // an instance is a database like any other: west pulls its peers with the distributed syncer
            assertEquals(0, west.admin("bind", "db", DB, "endpoint", "1:1", "policy", "all-master-shards").exitCode());
            NodeProcess.Result tuned = west.admin("tune", "db", DB, "syncer_mode", "distributed");
            assertEquals(0, tuned.exitCode(), tuned::toString);
            NodeProcess.Result status = west.admin("status", "databases");
            assertTrue(status.out().matches("(?s).*" + DB + " +2 +distributed +endpoint:1:1 +" + port
                    + " +all-master-shards +active-active " + DB + "-\\w+ instance 2/3 \\(2 peers enabled\\).*"), status.out());
            NodeProcess.Result refused = west.admin("replica-of", "db", DB, "source", "redis://127.0.0.1:1/other");
            assertTrue(refused.exitCode() != 0 && refused.err().contains("crdb add-instance"), refused::toString);
            awaitHealthy(east, nodes);

            Jedis[] clients = new Jedis[3];
            try {
                for (int i = 0; i < 3; i++) {
                    clients[i] = new Jedis(nodes[i].address, port, 10_000);
                    clients[i].auth(PASSWORD);
                }
                AtomicLongArray counters = new AtomicLongArray(5);
                writeConcurrently(nodes, port, counters, 400);
                awaitConverged(nodes, port, "after concurrent writes in three clusters");
                assertCounters(clients, counters);

                // split brain: the same key written in all three at once ends with one value everywhere
                writeAtOnce(clients, "split-brain", i -> "value of instance " + (i + 1));
                Map<String, String> converged = awaitConverged(nodes, port, "split brain on one key");
                assertTrue(converged.get("split-brain").contains("value of instance"), converged.get("split-brain"));

                // clock skew: north's clock is 30 s behind, yet its write made after seeing east's wins
                clients[0].set("skewed", "older, from east");
                awaitValue(clients[2], "skewed", "older, from east");
                clients[2].set("skewed", "newer, from north");
                awaitConverged(nodes, port, "a later write from the instance whose clock is behind");
                for (Jedis client : clients) {
                    assertEquals("newer, from north", client.get("skewed"), "a causally later write wins despite the skew");
                }

                // a deleted key after a rejoin, and increments with three masters and a restart
                clients[0].set("deleted", "gone soon");
                awaitValue(clients[2], "deleted", "gone soon");
                clients[2].close();
                north.kill9();
                clients[0].del("deleted");
                for (int i = 0; i < 50; i++) {
                    clients[0].incr("visits");
                    clients[1].incrBy("visits", 2);
                }
                counters.addAndGet(3, 150);
                assertEquals(0, north.start().exitCode(), north::log);
                awaitListening(north.address, port);
                clients[2] = new Jedis(north.address, port, 10_000);
                clients[2].auth(PASSWORD);
                for (int i = 0; i < 25; i++) {
                    clients[2].incrBy("visits", 4);
                }
                counters.addAndGet(3, 100);
                awaitConverged(nodes, port, "after north was killed and started again");
                for (Jedis client : clients) {
                    assertNull(client.get("deleted"), "a key deleted while an instance was down does not come back");
                }
                assertCounters(clients, counters);

                cutAndRestoreNorthsLinks(nodes, port, clients, counters);
                addAndRemoveAnInstance(dir, nodes, port, clients);

                // FLUSHDB is refused; crdb flush empties every instance
                try {
                    clients[1].flushDB();
                    fail("FLUSHDB on an Active-Active database is refused");
                } catch (JedisDataException e) {
                    assertTrue(e.getMessage().contains("crdb flush"), e.getMessage());
                }
                List<String> flush = new ArrayList<>(List.of("crdb", "flush", DB));
                flush.addAll(instances(nodes));
                NodeProcess.Result flushed = west.admin(flush.toArray(new String[0]));
                assertEquals(0, flushed.exitCode(), flushed::toString);
                Map<String, String> empty = awaitConverged(nodes, port, "after crdb flush");
                assertTrue(empty.isEmpty(), "crdb flush leaves every instance empty: " + empty);
            } finally {
                for (Jedis client : clients) {
                    if (client != null) {
                        client.close();
                    }
                }
            }
        }
    }

    /**
     * Routes every stream to and from north through relays the test controls, cuts them while clients write on both
     * sides (the ActiveActive MXBean announces the peer out of sync), restores them (and back in sync): the
     * instances converge with every increment counted.
     */
    private static void cutAndRestoreNorthsLinks(NodeProcess[] nodes, int port, Jedis[] clients, AtomicLongArray counters)
            throws Exception {
        String[] relayHosts = {"127.0.0.21", "127.0.0.22", "127.0.0.23"};
        List<TcpRelay> relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            relays.add(new TcpRelay(relayHosts[i], port, nodes[i].address));
        }
        try {
            // east and west reach north through its relay; north reaches them through theirs
            String direct = instancesText(nodes, port, new String[] {nodes[0].address, nodes[1].address, relayHosts[2]});
            String viaRelays = instancesText(nodes, port, new String[] {relayHosts[0], relayHosts[1], nodes[2].address});
            setInstances(nodes[0], direct);
            setInstances(nodes[1], direct);
            setInstances(nodes[2], viaRelays);
            for (int i = 0; i < 10; i++) {
                clients[1].set("doomed-" + i, "deleted while north is cut off");
            }
            awaitConverged(nodes, port, "after the streams moved to the relays");
            awaitHealthy(nodes[0], nodes);
            // the MXBean announces a peer out of sync once per episode, until it has seen it in sync again: the
            // streams' move to the relays was an episode, so the cut below is a new one only once east's MXBean has
            // looked at every peer in sync (it looks every second)
            awaitPeersInSync(nodes[0]);
            Thread.sleep(1_500);
            List<Notification> seen = new CopyOnWriteArrayList<>();
            try (JMXConnector east = jmx(nodes[0])) {
                ObjectName bean = new ObjectName("io.clustersync:type=ActiveActive,name=" + DB);
                MBeanServerConnection eastBeans = east.getMBeanServerConnection();
                eastBeans.addNotificationListener(bean, (n, handback) -> seen.add(n), null, null);
                for (TcpRelay relay : relays) {
                    relay.close();
                }
                relays.clear();
                Thread.sleep(2_500); // what east could forget with what it heard before the cut, it forgets now
                long collectedBefore = (Long) eastBeans.getAttribute(bean, "TombstonesCollected");
                for (int i = 0; i < 10; i++) {
                    clients[0].del("doomed-" + i);
                }
                for (int i = 0; i < 200; i++) {
                    clients[0].incr("cut");
                    clients[2].incrBy("cut", 3);
                    clients[1].set("written-while-cut-" + (i % 10), "west " + i);
                    clients[2].hset("north-while-cut", "f" + (i % 7), String.valueOf(i));
                }
                awaitNotification(seen, "io.clustersync.crdb.peer.out-of-sync", () -> nodes[0].admin("crdb", "get", DB).out());
                // north has not seen the deletes: their tombstones stay, and what every instance has seen ages
                Thread.sleep(3_000);
                assertTrue((Long) eastBeans.getAttribute(bean, "Tombstones") >= 10, () -> nodes[0].admin("crdb", "get", DB).out());
                assertEquals(collectedBefore, (Long) eastBeans.getAttribute(bean, "TombstonesCollected"),
                        "no tombstone is forgotten while north, which has not seen the deletes, is cut off");
                long age = (Long) eastBeans.getAttribute(bean, "SeenEverywhereAgeMs");
                assertTrue(age >= 3_000, "every instance has applied nothing newer than " + age + " ms ago while north is cut off");
                String eastView = nodes[0].admin("crdb", "get", DB).out();
                String northRow = eastView.lines().filter(l -> l.matches("3 +north +(in sync|syncing|out of sync) .*")).findFirst().orElse("");
                String[] cells = northRow.trim().split(" +");
                assertTrue(cells.length > 1 && cells[cells.length - 1].matches("\\d+") && Long.parseLong(cells[cells.length - 1]) >= 3_000,
                        "east's view of what north has applied ages while it is cut off: " + eastView);
                assertEquals("800", String.valueOf(Long.parseLong(clients[2].get("cut")) + Long.parseLong(clients[0].get("cut"))),
                        "each side counts its own increments while cut off");
                for (int i = 0; i < 3; i++) {
                    relays.add(new TcpRelay(relayHosts[i], port, nodes[i].address));
                }
                Map<String, String> converged = awaitConverged(nodes, port, "after the links came back");
                assertTrue(converged.containsKey("north-while-cut") && converged.containsKey("written-while-cut-9"), converged.keySet().toString());
                awaitNotification(seen, "io.clustersync.crdb.peer.in-sync", () -> nodes[0].admin("crdb", "get", DB).out());
                // north has seen the deletes now: every instance forgets their tombstones, and the keys stay deleted
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((Long) eastBeans.getAttribute(bean, "TombstonesCollected") < collectedBefore + 10) {
                    assertTrue(System.nanoTime() < deadline, () -> "tombstones not collected: " + nodes[0].admin("crdb", "get", DB).out());
                    Thread.sleep(200);
                }
                for (Jedis client : clients) {
                    for (int i = 0; i < 10; i++) {
                        assertNull(client.get("doomed-" + i), "a key deleted while north was cut off stays deleted");
                    }
                }
                NodeProcess.Result got = nodes[2].admin("crdb", "get", DB);
                assertTrue(got.out().matches("(?s).*tombstones: \\d+ pending, [1-9]\\d* collected; every instance has applied every write older than \\d+ ms.*"),
                        got.out());
            }
            for (Jedis client : clients) {
                assertEquals("800", client.get("cut"), "increments made on both sides of a cut add up");
            }
            assertCounters(clients, counters);
        } finally {
            for (TcpRelay relay : relays) {
                relay.close();
            }
            String back = instancesText(nodes, port, new String[] {nodes[0].address, nodes[1].address, nodes[2].address});
            for (NodeProcess node : nodes) {
                setInstances(node, back);
            }
        }
    }

    /**
     * A fourth cluster joins (crdb add-instance: a full sync from the others, then its own writes reach them) and
     * leaves again (crdb remove-instance: it keeps its data and no longer exchanges writes).
     */
    private static void addAndRemoveAnInstance(Path dir, NodeProcess[] nodes, int port, Jedis[] clients) throws Exception {
        try (NodeProcess south = new NodeProcess(dir.resolve("south"), 10, "south").primary(10)) {
            assertEquals(0, south.start().exitCode(), south::log);
            NodeProcess[] four = {nodes[0], nodes[1], nodes[2], south};
            List<String> add = new ArrayList<>(List.of("crdb", "add-instance", DB, "port", String.valueOf(port), "password", PASSWORD));
            add.addAll(instances(new NodeProcess[] {south}));
            add.addAll(instances(nodes));
            NodeProcess.Result added = nodes[1].admin(add.toArray(new String[0]));
            assertEquals(0, added.exitCode(), added::toString);
            assertTrue(added.out().contains("full sync from 3 peer(s)"), added.out());
            awaitListening(south.address, port);
            Map<String, String> before = awaitConverged(four, port, "after south joined");
            assertTrue(before.containsKey("north-while-cut"), "the new instance got what was written before it joined");
            try (Jedis client = new Jedis(south.address, port, 10_000)) {
                client.auth(PASSWORD);
                client.set("from-south", "hello");
                client.incrBy("cut", 10);
            }
            awaitConverged(four, port, "after south wrote");
            assertEquals("810", clients[0].get("cut"));

            List<String> remove = new ArrayList<>(List.of("crdb", "remove-instance", DB, "south"));
            remove.addAll(instances(four));
            NodeProcess.Result removed = nodes[0].admin(remove.toArray(new String[0]));
            assertEquals(0, removed.exitCode(), removed::toString);
            clients[0].set("after-south-left", "not for south");
            awaitValue(clients[2], "after-south-left", "not for south");
            try (Jedis client = new Jedis(south.address, port, 10_000)) {
                client.auth(PASSWORD);
                Thread.sleep(1000);
                assertNull(client.get("after-south-left"), "an instance that left no longer receives writes");
                assertEquals("hello", client.get("from-south"), "and keeps its data");
            }
            NodeProcess.Result got = nodes[1].admin("crdb", "get", DB);
            assertFalse(got.out().contains("south"), got.out());
        }
    }

    /** The instances as ActiveActiveMXBean.setInstances takes them, each endpoint at the host given. */
    private static String instancesText(NodeProcess[] nodes, int port, String[] endpointHosts) {
        List<String> lines = new ArrayList<>();
        String[] clusters = {"east", "west", "north"};
        for (int i = 0; i < nodes.length; i++) {
            lines.add((i + 1) + " " + clusters[i] + " " + nodes[i].address + ":" + nodes[i].jmxPort + " " + endpointHosts[i] + ":" + port);
        }
        return String.join(";", lines);
    }

    private static void setInstances(NodeProcess node, String instances) throws Exception {
        try (JMXConnector connector = jmx(node)) {
            connector.getMBeanServerConnection().invoke(new ObjectName("io.clustersync:type=ActiveActive,name=" + DB),
                    "setInstances", new Object[] {instances, ""}, new String[] {String.class.getName(), String.class.getName()});
        }
    }

    private static JMXConnector jmx(NodeProcess node) throws IOException {
        return node.jmx("admin", node.password("admin"));
    }

    private static void awaitNotification(List<Notification> seen, String type, Supplier<String> state)
            throws InterruptedException {
        for (int look = 0; look < 300; look++) {
            if (seen.stream().anyMatch(n -> n.getType().equals(type))) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no " + type + " notification within 30 s; seen: " + seen.stream().map(Notification::getType).toList()
                + "\n" + state.get());
    }

    /** Clients of all three instances write keys of every merged type at once, adding what each counter got. */
    private static void writeConcurrently(NodeProcess[] nodes, int port, AtomicLongArray counters, int opsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int instance = i;
                writers.add(pool.submit(() -> {
                    Random random = new Random(instance);
                    try (Jedis client = new Jedis(nodes[instance].address, port, 10_000)) {
                        client.auth(PASSWORD);
                        for (int op = 0; op < opsEach; op++) {
                            String key = "k" + random.nextInt(12);
                            String value = "v" + op + "@" + (instance + 1);
                            try {
                                switch (random.nextInt(17)) {
                                    case 0, 1 -> client.set(key, value);
                                    case 2 -> client.del(key);
                                    case 3 -> client.pexpire(key, 600_000 + random.nextInt(1000));
                                    case 4 -> client.hset("h" + key, "f" + random.nextInt(3), value);
                                    case 5 -> client.hdel("h" + key, "f" + random.nextInt(3));
                                    case 6 -> client.sadd("s" + key, "m" + random.nextInt(5));
                                    case 7 -> client.srem("s" + key, "m" + random.nextInt(5));
                                    case 8 -> {
                                        int c = random.nextInt(3);
                                        long by = random.nextInt(21) - 10;
                                        client.incrBy("counter" + c, by);
                                        counters.addAndGet(c, by);
                                    }
                                    case 9 -> client.hincrBy("hcounter", "f", 1);
                                    case 10 -> client.zadd("z" + key, random.nextInt(100), "m" + random.nextInt(5));
                                    case 11 -> client.zrem("z" + key, "m" + random.nextInt(5));
                                    case 13 -> client.rpush("l" + key, value, value + "'");
                                    case 14 -> client.lpop("l" + key);
                                    case 15 -> client.lpush("l" + key, value);
                                    case 12 -> {
                                        client.zincrby("zcounter", 2, "m");
                                        counters.addAndGet(4, 2);
                                    }
                                    default -> client.append(key, "+");
                                }
                            } catch (JedisDataException wrongType) {
                                // a key of another type: refused as Redis refuses it, nothing written
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeAtOnce(Jedis[] clients, String key, IntFunction<String> value) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int instance = i;
                writes.add(pool.submit(() -> clients[instance].set(key, value.apply(instance))));
            }
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertCounters(Jedis[] clients, AtomicLongArray counters) {
        for (Jedis client : clients) {
            for (int c = 0; c < 3; c++) {
                String value = client.get("counter" + c);
                assertEquals(counters.get(c), value == null ? 0 : Long.parseLong(value), "counter" + c);
            }
            if (counters.get(3) > 0) {
                assertEquals(String.valueOf(counters.get(3)), client.get("visits"), "visits");
            }
            Double score = client.zscore("zcounter", "m");
            assertEquals((double) counters.get(4), score == null ? 0.0 : score, "zcounter");
        }
    }

    /** Waits until the three instances hold the same keys and values; answers that state. */
    private static Map<String, String> awaitConverged(NodeProcess[] nodes, int port, String when) throws Exception {
        long deadline = System.currentTimeMillis() + CONVERGE_MS;
        List<Map<String, String>> states = new ArrayList<>();
        for (int look = 0; look < 600 && System.currentTimeMillis() < deadline; look++) {
            states.clear();
            for (NodeProcess node : nodes) {
                try (RespClient client = new RespClient(node.address, port)) {
                    client.call("AUTH", PASSWORD);
                    states.add(KeyspaceState.of(client));
                } catch (IOException e) {
                    states.add(Map.of("(unreachable)", e.getMessage()));
                }
            }
            if (states.stream().allMatch(states.get(0)::equals)) {
                return states.get(0);
            }
            Thread.sleep(100);
        }
        StringBuilder differences = new StringBuilder();
        for (int i = 1; i < states.size(); i++) {
            differences.append("\ninstance 1 / ").append(i + 1).append(": ")
                    .append(KeyspaceState.difference(states.get(0), states.get(i)));
        }
        return fail("instances not equal " + when + " within " + CONVERGE_MS + " ms:" + differences);
    }

    private static void awaitValue(Jedis client, String key, String value) throws InterruptedException {
        for (int look = 0; look < 300; look++) {
            if (value.equals(client.get(key))) {
                return;
            }
            Thread.sleep(50);
        }
        fail(key + " never became '" + value + "'");
    }

    /** The {@code instance fqdn=...} words naming every cluster with its admin credentials. */
    private static List<String> instances(NodeProcess[] nodes) {
        List<String> words = new ArrayList<>();
        for (NodeProcess node : nodes) {
            words.addAll(List.of("instance", "fqdn=" + node.address + ":" + node.jmxPort + ",username=admin,password="
                    + node.password("admin")));
        }
        return words;
    }

    /** Waits (up to 30 s) until every peer row of {@code crdb get} on the node says in sync. */
    private static void awaitPeersInSync(NodeProcess node) throws InterruptedException {
        String view = "";
        for (int look = 0; look < 60; look++) {
            view = node.admin("crdb", "get", DB).out();
            List<String> peers = view.lines().filter(l -> l.matches("\\d+ +\\S+ +(in sync|syncing|out of sync) .*")).toList();
            if (!peers.isEmpty() && peers.stream().allMatch(l -> l.matches("\\d+ +\\S+ +in sync .*"))) {
                return;
            }
            Thread.sleep(500);
        }
        fail("peers not all in sync:\n" + view);
    }

    private static void awaitHealthy(NodeProcess node, NodeProcess[] nodes) throws InterruptedException {
        List<String> words = new ArrayList<>(List.of("crdb", "health", DB));
        words.addAll(instances(nodes));
        NodeProcess.Result health = null;
        for (int look = 0; look < 60; look++) {
            health = node.admin(words.toArray(new String[0]));
            if (health.exitCode() == 0) {
                assertFalse(health.out().contains("out of sync"), health.out());
                return;
            }
            Thread.sleep(500);
        }
        fail("peers not in sync: " + health);
    }

    /** Waits (up to 30 s) for a proxy to accept connections at the address. */
    private static void awaitListening(String host, int port) throws InterruptedException {
        for (int look = 0; look < 300; look++) {
            try (Socket socket = new Socket(host, port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("no proxy listens at " + host + ":" + port + " within 30 s");
    }

    /** A port free on every node's address (the endpoint's port is the same in every cluster). */
    private static int portFreeOnAll(NodeProcess[] nodes) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = NodeProcess.freePort(nodes[0].address);
            boolean free = true;
            for (NodeProcess node : nodes) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress(node.address, port));
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no port free on all three addresses");
    }
}
