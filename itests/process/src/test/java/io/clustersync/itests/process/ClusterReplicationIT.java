package io.clustersync.itests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replica Of between two 3-node clusters (source 127.0.0.1-3, destination 127.0.0.4-6) under a continuous INCR
 * load on many keys: syncer_mode switched back and forth, the syncer bundle updated, then stopped and started, on
 * the node running the replication, a bundle adding syncer_mode parallel installed and switched to, and a source
 * node killed with kill -9 and brought back while the distributed syncer streams from its proxy, then a destination
 * node holding a master shard killed with kill -9 and brought back. The distributed
 * syncer runs on both destination nodes that master a shard of the copy, each carrying its share of the source's
 * nodes. Afterwards every counter on the destination equals the source's exactly: no write lost, none applied twice.
 */
class ClusterReplicationIT {

    static final int KEYS = 60;
    static final String SOURCE_PASSWORD = "s3cret";

    @Test
    void countersStayExactThroughModeSwitchesBundleSwapsAndASourceNodeKilled(@TempDir Path dir) throws Exception {
        try (ThreeNodeCluster east = new ThreeNodeCluster(dir.resolve("east"), "east", 1);
             ThreeNodeCluster west = new ThreeNodeCluster(dir.resolve("west"), "west", 4)) {
            east.start();
            west.start();
            // the source's backlogs cover the longest outage below (a destination node killed, restarted and brought
            // back by Synchronize All: up to a minute of load), so that every stream resumes by partial resync
            ok(east.n1.admin("set", "param", "repl_backlog", "32mb"));
            int sourcePort = NodeProcess.freePort(east.n1.address);
            int copyPort = NodeProcess.freePort(west.n1.address);
            ok(east.n1.admin("create", "db", "orders", "shards", "3", "port", String.valueOf(sourcePort), "password",
                    SOURCE_PASSWORD));
            ok(east.n1.admin("bind", "db", "orders", "endpoint", "1:1", "policy", "all-master-shards"));
            ok(west.n1.admin("create", "db", "copy", "shards", "2", "port", String.valueOf(copyPort)));
            ok(west.n1.admin("bind", "db", "copy", "endpoint", "1:1", "policy", "all-master-shards"));
            ok(west.n1.admin("replica-of", "db", "copy", "source",
                    "redis://:" + SOURCE_PASSWORD + "@" + east.n1.address + ":" + sourcePort + "/orders"));
            NodeProcess runner = awaitSynced(west);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong done = new AtomicLong();
            Thread load = new Thread(() -> {
                for (int i = 0; running.get() && i < 5_000_000; i++) {
                    try (Jedis source = new Jedis(east.n1.address, sourcePort, 5000)) {
                        source.auth(SOURCE_PASSWORD);
                        for (; running.get() && i < 5_000_000; i++) {
                            try {
                                source.incr("load:" + (i % KEYS));
                                done.incrementAndGet();
                            } catch (JedisDataException down) {
                                // a shard of the killed node answers CLUSTERDOWN: nothing was written
                                pause(20);
                            }
                        }
                    } catch (JedisConnectionException e) {
                        pause(100);
                    }
                }
            }, "incr-load");
            load.start();
            try {
                awaitProgress(done, 500);
                for (String mode : List.of("distributed", "centralized", "distributed", "centralized", "distributed")) {
                    ok(west.n1.admin("tune", "db", "copy", "syncer_mode", mode));
                    awaitProgress(done, 500);
                }
                ok(runner.admin("bundle", "update", "io.clustersync.syncer"));
                awaitProgress(done, 500);
                ok(runner.admin("bundle", "stop", "io.clustersync.syncer"));
                ThreeNodeCluster.await(runner, "no syncer while its bundle is stopped",
                        s -> s.contains("no syncer serves mode distributed"), 15_000, "info", "db", "copy");
                awaitProgress(done, 500);
                ok(runner.admin("bundle", "start", "io.clustersync.syncer"));
                awaitProgress(done, 500);

                // a bundle that adds a mode: unknown until it is installed; then switched to, and back, under load
                NodeProcess.Result unknown = west.n1.admin("tune", "db", "copy", "syncer_mode", "parallel");
                assertTrue(unknown.exitCode() != 0 && unknown.toString().contains("unknown syncer_mode 'parallel'")
                        && unknown.toString().contains("centralized, distributed"), unknown::toString);
                for (NodeProcess node : west.nodes()) {
                    NodeProcess.Result installed = node.admin("bundle", "install", "extras/clustersync-syncer-parallel.jar");
                    ok(installed);
                    assertTrue(installed.out().contains("io.clustersync.syncer.parallel") && installed.out().contains("active"),
                            installed::toString);
                }
                ok(west.n1.admin("tune", "db", "copy", "syncer_mode", "parallel"));
                ThreeNodeCluster.await(runner, "the parallel syncer running", s -> s.contains("syncer_mode: parallel")
                        && s.contains("io.clustersync.syncer.parallel") && s.contains(": synced ("), 30_000, "info", "db", "copy");
                awaitProgress(done, 500);
                ok(west.n1.admin("tune", "db", "copy", "syncer_mode", "distributed"));
                ok(runner.admin("bundle", "uninstall", "io.clustersync.syncer.parallel"));
                awaitProgress(done, 500);

                east.n2.kill9();
                awaitProgress(done, 300);
                assertEquals(0, east.n2.start().exitCode(), east.n2::log);
                awaitNeedsFullSync(east, east.n2);
                ok(east.n1.admin("synchronize-all"));
                awaitProgress(done, 500);

                // a destination node holding a master shard of the copy, and running a share, killed mid-stream
                NodeProcess victim = secondaryWithAMasterShard(west);
                victim.kill9();
                awaitProgress(done, 300);
                assertEquals(0, victim.start().exitCode(), victim::log);
                awaitNeedsFullSync(west, victim);
                ok(west.n1.admin("synchronize-all"));
                Eventually.until("the proxy of 'copy' on node:" + victim.nodeId + " listening again",
                        () -> listening(victim.address, copyPort), up -> up, 30_000);
                awaitProgress(done, 500);
            } finally {
                running.set(false);
                load.join(30_000);
            }
            assertTrue(done.get() > 3000, "the load ran: " + done.get() + " INCRs");

            try (Jedis source = new Jedis(east.n1.address, sourcePort, 5000); Jedis copy = new Jedis(west.n2.address, copyPort, 5000)) {
                source.auth(SOURCE_PASSWORD);
                List<String> expected = new ArrayList<>();
                for (int k = 0; k < KEYS; k++) {
                    expected.add(source.get("load:" + k));
                }
                Eventually.until("every counter equal on the destination", () -> {
                    List<String> now = new ArrayList<>();
                    for (int k = 0; k < KEYS; k++) {
                        now.add(copy.get("load:" + k));
                    }
                    return now;
                }, expected::equals, 30_000);
            }
            // distributed: every destination node that masters a shard of 'copy' runs its share of the source's nodes
            String spread = ThreeNodeCluster.await(west.n1, "the distributed syncer spread over the destination", s -> s.lines()
                    .filter(l -> l.contains(": synced (lag") && l.contains("by distributed syncer")).map(l -> l.replaceAll(".* on (node:\\d+).*", "$1"))
                    .distinct().count() == 2, 30_000, "info", "db", "copy");
            assertTrue(spread.contains("on node:" + runner.nodeId), spread);
            NodeProcess other = west.nodes().stream().filter(n -> n != runner).findFirst().orElseThrow();
            ThreeNodeCluster.await(other, "the replication's status seen from node:" + other.nodeId, s -> s.contains(": synced (lag")
                    && s.contains("on node:" + runner.nodeId), 15_000, "info", "db", "copy");
            String figures = runner.jmxterm("admin", runner.password("admin"), "get -b io.clustersync:type=Syncer,db=copy,"
                    + "source=1 FullSyncs PartialSyncs Mode Detail").out() + runner.admin("info", "db", "copy").out();
            figures += "\nthe source's streams:\n" + String.join("\n", east.nodes().stream().flatMap(n -> n.log().lines()
                    .filter(l -> l.contains("replication stream asked")).map(l -> "node:" + n.nodeId + " " + l)).toList());
            figures += "\nthe runner's replication:\n" + String.join("\n", runner.log().lines()
                    .filter(l -> l.contains("replication") || l.contains("bundle")).toList());
            long full = NodeProcess.jmxtermAttribute(figures, "FullSyncs");
            assertTrue(full >= 3 && full <= 4, "one full sync per source shard; the killed node's shard resumes from its"
                    + " replayed log: " + figures);
            assertTrue(NodeProcess.jmxtermAttribute(figures, "PartialSyncs") >= 5 * 3, "every switch and swap resumed by partial resync: " + figures);
        }
    }

    private static void ok(NodeProcess.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
    }

    /** The destination node running the replication, once it reports synced. */
    private static NodeProcess awaitSynced(ThreeNodeCluster west) {
        String info = ThreeNodeCluster.await(west.n1, "replication synced", s -> s.contains(": synced ("), 60_000,
                "info", "db", "copy");
        Matcher m = Pattern.compile("on node:(\\d+)").matcher(info);
        assertTrue(m.find(), info);
        int id = Integer.parseInt(m.group(1));
        return west.nodes().stream().filter(n -> n.nodeId == id).findFirst().orElseThrow();
    }

    /** A restarted secondary, back on the primary's link and waiting for Synchronize All. */
    private static void awaitNeedsFullSync(ThreeNodeCluster cluster, NodeProcess restarted) {
        try {
            ThreeNodeCluster.await(cluster.n1, restarted.nodeId + " back and needing a full sync", s -> s.matches("(?s).*node:"
                    + restarted.nodeId + " +secondary +needs-full-sync.*"), 20_000, "sync", "status");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- log of node:" + restarted.nodeId + "\n" + tail(restarted.log())
                    + "\n--- log of the primary\n" + tail(cluster.n1.log()), e);
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(String log) {
        return log.length() <= 20_000 ? log : log.substring(log.length() - 20_000);
    }

    /** A destination node, not the primary, that masters a shard of 'copy'. */
    private static NodeProcess secondaryWithAMasterShard(ThreeNodeCluster west) {
        String info = west.n1.admin("info", "db", "copy").out();
        Matcher m = Pattern.compile("shard:\\d+: node:(\\d+) master").matcher(info);
        while (m.find()) {
            int id = Integer.parseInt(m.group(1));
            if (id != west.n1.nodeId) {
                return west.nodes().stream().filter(n -> n.nodeId == id).findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no secondary masters a shard of copy: " + info);
    }

    /** Waits (bounded) until the load has made {@code count} more INCRs. */
    private static void awaitProgress(AtomicLong done, long count) {
        long target = done.get() + count;
        Eventually.until("the INCR load going on", done::get, n -> n >= target, 20_000);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
