package io.clustersync.itests.process;

import io.clustersync.admin.api.SyncerMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replica Of between two clusters (one node each, 127.0.0.1 and 127.0.0.4), through the source's proxy, with the
 * centralized syncer: a full sync, live writes, pause and resume, a restart of the destination resuming from its
 * checkpoints with a partial resync, one down for longer than the source backlog covers resyncing fully once,
 * replication stopped and started again flushing and syncing fully, and a wrong password stopping replication with
 * a clear error.
 */
class ReplicaOfIT {

    @Test
    void aDatabaseReplicatesAnotherClustersDatabaseThroughItsProxy(@TempDir Path dir) throws Exception {
        try (NodeProcess east = new NodeProcess(dir.resolve("east"), 1, "east");
             NodeProcess west = new NodeProcess(dir.resolve("west"), 4, "west").primary(4).withMetrics()) {
            assertEquals(0, east.start().exitCode(), east::log);
            assertEquals(0, west.start().exitCode(), west::log);
            int sourcePort = NodeProcess.freePort(east.address);
            int copyPort = NodeProcess.freePort(west.address);
            assertEquals(0, east.admin("create", "db", "orders", "shards", "3", "port", String.valueOf(sourcePort),
                    "password", "s3cret").exitCode());
            assertEquals(0, west.admin("create", "db", "copy", "shards", "2", "port", String.valueOf(copyPort)).exitCode());

            try (Jedis source = new Jedis(east.address, sourcePort, 5000); Jedis copy = new Jedis(west.address, copyPort, 5000)) {
                source.auth("s3cret");
                for (int i = 0; i < 300; i++) {
                    source.set("order:" + i, "o" + i);
                }
                source.hset("customer:7", Map.of("name", "Ada", "city", "Paris"));
                copy.set("stale", "flushed when replication starts");

                String uri = "redis://:s3cret@" + east.address + ":" + sourcePort + "/orders";
                NodeProcess.Result started = west.admin("replica-of", "db", "copy", "source", uri);
                assertEquals(0, started.exitCode(), started::toString);
                awaitState(west, "synced");
                NodeProcess.Result bean = null;
                for (int look = 0; look < 15 && (bean == null || !bean.out().contains("Status = synced;")); look++) {
                    Thread.sleep(look == 0 ? 0 : 500);
                    bean = west.jmxterm("admin", west.password("admin"),
                            "get -b io.clustersync:type=Syncer,db=copy,source=1 Status Mode Implementation Node Source");
                }
                assertTrue(bean.out().contains("Status = synced;") && bean.out().contains("Mode = centralized;")
                        && bean.out().contains("Implementation = io.clustersync.syncer") && bean.out().contains("Node = node:4;")
                        && bean.out().contains("Source = redis://:****@"), String.valueOf(bean));
                for (int i = 0; i < 300; i++) {
                    assertEquals("o" + i, copy.get("order:" + i));
                }
                assertEquals(Map.of("name", "Ada", "city", "Paris"), copy.hgetAll("customer:7"));
                assertNull(copy.get("stale"), "starting replication flushes the destination");

                for (int round = 0; round < 20; round++) {
                    for (int k = 0; k < 25; k++) {
                        source.incr("counter:" + k);
                    }
                }
                awaitEqualCounters(source, copy, 20);
                checkSyncerFigures(west);
                checkPrometheusScrape(west, copy, dir.resolve("scrapes"));

                assertEquals(0, west.admin("tune", "db", "copy", "read_only", "yes").exitCode());
                assertTrue(west.admin("info", "db", "copy").out().contains("read_only: yes"));
                Eventually.until("clients of the destination refused writes", () -> {
                    try {
                        copy.set("mine", "refused");
                        return "";
                    } catch (JedisDataException e) {
                        return e.getMessage();
                    }
                }, m -> m.startsWith("READONLY"), 10_000);
                assertEquals("o1", copy.get("order:1"), "reads still work");
                source.set("into-read-only", "replicated");
                Eventually.until("a write replicated into the read-only destination", () -> copy.get("into-read-only"),
                        "replicated"::equals, 15_000);
                assertNull(copy.get("mine"));
                assertEquals(0, west.admin("tune", "db", "copy", "read_only", "no").exitCode());
                awaitWriteAccepted(copy, "mine", "accepted", "writes accepted again");
                copy.del("mine");

                assertEquals(0, west.admin("replica-of", "db", "copy", "pause").exitCode());
                awaitState(west, "paused");
                source.set("while-paused", "later");
                Thread.sleep(1000);
                assertNull(copy.get("while-paused"), "a paused replication applies nothing");
                assertEquals(0, west.admin("replica-of", "db", "copy", "resume").exitCode());
                Eventually.until("the write made while paused", () -> copy.get("while-paused"), "later"::equals, 15_000);
                String partial = source.info("replication");
                assertTrue(partial.contains("partial_syncs=1") || partial.contains("partial_syncs=2"), partial);
            }

            switchModesUnderLoad(east, west, sourcePort, copyPort);

            assertEquals(0, west.stop().exitCode());
            try (Jedis source = new Jedis(east.address, sourcePort, 5000)) {
                source.auth("s3cret");
                source.set("while-down", "caught up");
                for (int k = 0; k < 25; k++) {
                    source.incr("counter:" + k);
                }
            }
            assertEquals(0, west.start().exitCode(), west::log);
            Eventually.until("the restarted destination's proxy", () -> listens(west.address, copyPort), l -> l, 20_000);
            try (Jedis source = new Jedis(east.address, sourcePort, 5000);
                 Jedis copy = new Jedis(west.address, copyPort, 5000)) {
                source.auth("s3cret");
                Eventually.until("the write made while the destination was down", () -> copy.get("while-down"),
                        "caught up"::equals, 20_000);
                awaitEqualCounters(source, copy, 21);
                String info = source.info("replication");
                assertTrue(info.matches("(?s).*full_syncs=1,partial_syncs=[2-9].*"),
                        "a restarted destination resumes with a partial resync: " + info);
            }

            // a destination down for longer than the source's backlog covers: one full resync per shard, counted, not a loop
            assertEquals(0, east.admin("set", "param", "repl_backlog", "1kb").exitCode());
            assertEquals(0, west.stop().exitCode());
            try (Jedis source = new Jedis(east.address, sourcePort, 5000)) {
                source.auth("s3cret");
                for (int i = 0; i < 200; i++) {
                    source.set("overrun:" + i, "value-" + i);
                }
            }
            assertEquals(0, west.start().exitCode(), west::log);
            Eventually.until("the restarted destination's proxy", () -> listens(west.address, copyPort), l -> l, 20_000);
            try (Jedis source = new Jedis(east.address, sourcePort, 5000);
                 Jedis copy = new Jedis(west.address, copyPort, 5000)) {
                source.auth("s3cret");
                Eventually.until("the writes the backlog no longer held", () -> copy.get("overrun:199"), "value-199"::equals, 30_000);
                awaitEqualCounters(source, copy, 21);
                Thread.sleep(3000);
                String info = source.info("replication");
                assertEquals(3, info.lines().filter(l -> l.contains("full_syncs=2,")).count(),
                        "exactly one more full resync of each of the 3 source shards, no loop: " + info);
                String copyInfo = ThreeNodeCluster.await(west, "the full resyncs counted on the destination",
                        out -> out.contains(" 3 full / 0 partial resyncs"), 10_000, "info", "db", "copy");
                assertTrue(copyInfo.contains(": synced (lag"), copyInfo);

                // stopped (while paused) and started again: a new start flushes and syncs fully, it does not resume
                assertEquals(0, west.admin("replica-of", "db", "copy", "pause").exitCode());
                assertEquals(0, west.admin("replica-of", "db", "copy", "stop").exitCode());
                awaitWriteAccepted(copy, "own", "mine", "a write of the stopped copy's own");
                NodeProcess.Result again = west.admin("replica-of", "db", "copy", "source",
                        "redis://:s3cret@" + east.address + ":" + sourcePort + "/orders");
                assertEquals(0, again.exitCode(), again::toString);
                Eventually.until("the copy flushed by the new start", () -> copy.get("own"), Objects::isNull, 20_000);
                awaitEqualCounters(source, copy, 21);
                String fresh = source.info("replication");
                assertEquals(3, fresh.lines().filter(l -> l.contains("full_syncs=3,")).count(),
                        "a new start syncs each source shard fully again: " + fresh + "\n" + west.log());
            } finally {
                assertEquals(0, east.admin("set", "param", "repl_backlog", "1mb").exitCode());
            }

            assertEquals(0, west.admin("create", "db", "intruder", "shards", "1", "port",
                    String.valueOf(NodeProcess.freePort(west.address))).exitCode());
            assertEquals(0, west.admin("replica-of", "db", "intruder", "source",
                    "redis://:wrong@" + east.address + ":" + sourcePort + "/orders").exitCode());
            String stopped = ThreeNodeCluster.await(west, "a stopped replication", s -> s.contains("replication: source 1"
                    + " redis://:****@" + east.address + ":" + sourcePort + "/orders: stopped"), 20_000, "info", "db", "intruder");
            assertTrue(stopped.contains("refused the password") && stopped.contains("WRONGPASS"), stopped);
        }
    }

    /**
     * INCRs run against the source while the destination's syncer_mode switches back and forth; afterwards every
     * counter is the same on both sides: nothing lost at a switch (the next syncer resumes from the checkpoints).
     */
    private static void switchModesUnderLoad(NodeProcess east, NodeProcess west, int sourcePort, int copyPort) throws Exception {
        assertEquals(0, west.admin("bind", "db", "copy", "endpoint", "1:1", "policy", "all-nodes").exitCode());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread load = new Thread(() -> {
            try (Jedis source = new Jedis(east.address, sourcePort, 5000)) {
                source.auth("s3cret");
                for (int i = 0; running.get() && i < 1_000_000; i++) {
                    source.incr("load:" + (i % 40));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "incr-load");
        load.start();
        try {
            for (String mode : new String[] {"distributed", "centralized", "distributed", "centralized"}) {
                NodeProcess.Result tuned = west.admin("tune", "db", "copy", "syncer_mode", mode);
                assertEquals(0, tuned.exitCode(), tuned::toString);
                ThreeNodeCluster.await(west, "replication by the " + mode + " syncer",
                        s -> s.contains("by " + mode + " syncer io.clustersync.syncer"), 20_000, "info", "db", "copy");
                Thread.sleep(700);
            }
        } finally {
            running.set(false);
            load.join(10_000);
        }
        assertNull(failure.get(), () -> "the INCR load failed: " + failure.get());
        try (Jedis source = new Jedis(east.address, sourcePort, 5000); Jedis copy = new Jedis(west.address, copyPort, 5000)) {
            source.auth("s3cret");
            for (int k = 0; k < 40; k++) {
                String key = "load:" + k;
                String expected = source.get(key);
                Eventually.until(key + " = " + expected + " on the destination after the mode switches", () -> copy.get(key),
                        expected::equals, 15_000);
            }
        }
    }

    private static boolean listens(String address, int port) {
        try (Socket socket = new Socket(address, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The Syncer MXBean's figures, read with jmxterm once the stream is applied and checkpointed: every source
     * shard loaded by one full sync, offsets equal on both sides, one connection (centralized), bytes counted.
     */
    private static void checkSyncerFigures(NodeProcess west) throws InterruptedException {
        String out = "";
        for (int look = 0; look < 20; look++) {
            out = west.jmxterm("admin", west.password("admin"), "get -b io.clustersync:type=Syncer,db=copy,source=1"
                    + " LagMs SourceOffset DestinationOffset IngressBytes OpsPerSecond FullSyncs PartialSyncs LastError"
                    + " Connections LagAlertMs").out();
            long source = NodeProcess.jmxtermAttribute(out, "SourceOffset");
            if (source > 0 && source == NodeProcess.jmxtermAttribute(out, "DestinationOffset")) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(NodeProcess.jmxtermAttribute(out, "SourceOffset") > 0, out);
        assertEquals(NodeProcess.jmxtermAttribute(out, "SourceOffset"), NodeProcess.jmxtermAttribute(out, "DestinationOffset"), out);
        assertEquals(3, NodeProcess.jmxtermAttribute(out, "FullSyncs"), "one full sync per source shard: " + out);
        assertEquals(1, NodeProcess.jmxtermAttribute(out, "Connections"), out);
        assertTrue(NodeProcess.jmxtermAttribute(out, "IngressBytes") > 300 * 4, out);
        assertEquals(0, NodeProcess.jmxtermAttribute(out, "LagMs"), "caught up: " + out);
        assertEquals(1000, NodeProcess.jmxtermAttribute(out, "LagAlertMs"), out);
        String info = west.admin("info", "db", "copy").out();
        assertTrue(info.matches("(?s).*synced \\(lag 0 ms\\).*offsets source \\d+ / destination \\d+, \\d+ ops/s, \\d+ bytes in,"
                + " 3 full / 0 partial resyncs, 1 connection\\(s\\).*"), info);
    }

    /**
     * The node's Prometheus endpoint, scraped and parsed by the Prometheus client's parser, shows what the MXBeans
     * show: each counter lies between the bean's value read before the scrape and after it, the syncer's status is
     * the bean's, the shards' keys add up to the database's size; other paths are 404.
     */
    private static void checkPrometheusScrape(NodeProcess west, Jedis copy, Path scratch) throws Exception {
        try (JMXConnector jmx = west.jmx("admin", west.password("admin"))) {
            SyncerMXBean bean = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                    new ObjectName(SyncerMXBean.objectName("copy", 1)), SyncerMXBean.class);
            long[] before = {bean.getFullSyncs(), bean.getPartialSyncs(), bean.getIngressBytes()};
            String status = bean.getStatus();
            PrometheusScrape scrape = PrometheusScrape.of(west.address, west.metricsPort, "/metrics", scratch);
            long[] after = {bean.getFullSyncs(), bean.getPartialSyncs(), bean.getIngressBytes()};
            assertEquals(200, scrape.status(), scrape.text());
            assertTrue(scrape.contentType().startsWith("text/plain; version=0.0.4"), scrape.contentType());
            Map<String, String> syncer = Map.of("db", "copy", "source", bean.getSource());
            String[] counters = {"clustersync_syncer_full_syncs_total", "clustersync_syncer_partial_syncs_total",
                    "clustersync_syncer_ingress_bytes_total"};
            for (int i = 0; i < counters.length; i++) {
                double scraped = scrape.value(counters[i], syncer);
                assertTrue(before[i] <= scraped && scraped <= after[i], counters[i] + " " + scraped + " is not between the"
                        + " bean's " + before[i] + " and " + after[i]);
            }
            assertEquals(3.0, scrape.value("clustersync_syncer_full_syncs_total", syncer));
            assertEquals(1.0, scrape.value("clustersync_syncer_status_info", Map.of("db", "copy", "status", status,
                    "mode", "centralized")));
            assertEquals(0.0, scrape.value("clustersync_syncer_lag_milliseconds", syncer));
            double keys = scrape.find("clustersync_shard_keys", Map.of("db", "copy")).stream()
                    .mapToDouble(PrometheusScrape.Sample::value).sum();
            assertEquals((double) copy.dbSize(), keys, "the shards' keys add up to the database's DBSIZE");
            assertEquals(2, scrape.find("clustersync_shard_memory_bytes", Map.of("db", "copy")).size());
            assertEquals(0.0, scrape.value("clustersync_config_sync_needs_full_sync", Map.of()));
            assertEquals(1.0, scrape.value("clustersync_config_sync_state_info", Map.of("node", "node:4", "state", "synced")));
            assertEquals(1, scrape.find("clustersync_proxy_connections", Map.of("db", "copy")).size());
            assertEquals(404, PrometheusScrape.of(west.address, west.metricsPort, "/jolokia", scratch).status());
        }
    }

    /** Waits (bounded) until the copy takes a client's write; a refusal (read-only) is retried. */
    private static void awaitWriteAccepted(Jedis copy, String key, String value, String what) {
        Eventually.until(what, () -> {
            try {
                return copy.set(key, value);
            } catch (JedisDataException e) {
                return e.getMessage();
            }
        }, "OK"::equals, 10_000);
    }

    private static void awaitState(NodeProcess node, String state) {
        ThreeNodeCluster.await(node, "replication " + state, s -> s.contains("replication: source 1 ")
                && s.contains(": " + state + " ("), 30_000, "info", "db", "copy");
    }

    private static void awaitEqualCounters(Jedis source, Jedis copy, int expected) {
        for (int k = 0; k < 25; k++) {
            String key = "counter:" + k;
            assertEquals(String.valueOf(expected), source.get(key));
            Eventually.until(key + " on the destination", () -> copy.get(key), String.valueOf(expected)::equals, 15_000);
        }
    }
}
