package io.clustersync.itests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A distributed syncer whose source proxy becomes unreachable where it was, and is announced elsewhere: the source
 * node (127.0.0.1) announces its proxy to syncers at 127.0.1.1 (the local server parameter proxy_announce_address),
 * a relay standing for that network path. The path fails (the relay closes) and the node announces 127.0.2.1
 * instead: the syncer asks the source again which proxy serves its shards, moves its stream there and resumes
 * by partial resync, with every counter exact.
 */
class SyncerFollowsProxyIT {

    @Test
    void aDistributedPartMovesToTheProxyThatNowServesItsShards(@TempDir Path dir) throws Exception {
        try (NodeProcess east = new NodeProcess(dir.resolve("east"), 1, "east");
             NodeProcess west = new NodeProcess(dir.resolve("west"), 4, "west").primary(4)) {
            assertEquals(0, east.start().exitCode(), east::log);
            assertEquals(0, west.start().exitCode(), west::log);
            int sourcePort = NodeProcess.freePort(east.address);
            int copyPort = NodeProcess.freePort(west.address);
            ok(east.admin("create", "db", "orders", "shards", "2", "port", String.valueOf(sourcePort)));
            ok(east.admin("bind", "db", "orders", "endpoint", "1:1", "policy", "all-master-shards"));
            ok(east.admin("set", "param", "proxy_announce_address", "127.0.1.1", "local"));
            ok(west.admin("create", "db", "copy", "shards", "2", "port", String.valueOf(copyPort)));
            ok(west.admin("bind", "db", "copy", "endpoint", "1:1", "policy", "all-master-shards"));
            ok(west.admin("tune", "db", "copy", "syncer_mode", "distributed"));
            NodeProcess.Result global = east.admin("set", "param", "proxy_announce_address", "127.0.1.1");
            assertTrue(global.exitCode() != 0 && global.toString().contains("set it on that node with 'local'"), global::toString);

            try (TcpRelay first = new TcpRelay("127.0.1.1", sourcePort, east.address);
                 TcpRelay second = new TcpRelay("127.0.2.1", sourcePort, east.address);
                 Jedis source = new Jedis(east.address, sourcePort, 5000)) {
                ok(west.admin("replica-of", "db", "copy", "source", "redis://" + east.address + ":" + sourcePort + "/orders"));
                ThreeNodeCluster.await(west, "streaming through 127.0.1.1", s -> s.contains(": synced (lag")
                        && s.contains("127.0.1.1:" + sourcePort), 30_000, "info", "db", "copy");
                incrAll(source, 1);
                try (Jedis copy = new Jedis(west.address, copyPort, 5000)) {
                    awaitCounters(copy, "1");
                }
                assertTrue(first.toClients() > 0, "the stream came through the announced path");

                ok(east.admin("set", "param", "proxy_announce_address", "127.0.2.1", "local"));
                first.close();
                incrAll(source, 2);
                String moved = ThreeNodeCluster.await(west, "the stream moved to 127.0.2.1", s -> s.contains(": synced (lag")
                        && s.contains("127.0.2.1:" + sourcePort), 30_000, "info", "db", "copy");
                incrAll(source, 3);
                try (Jedis copy = new Jedis(west.address, copyPort, 5000)) {
                    awaitCounters(copy, "6");
                }
                assertTrue(second.toClients() > 0, "the stream comes through the newly announced path");
                assertTrue(moved.matches("(?s).*; offsets .* 2 full / [1-9]\\d* partial.*"),
                        "the moved stream resumed by partial resync (the 2 full syncs are the first ones): " + moved);
                assertTrue(west.log().contains("the source's proxies changed"), "the move is logged");
            }
        }
    }

    private static void incrAll(Jedis source, int times) {
        for (int t = 0; t < times; t++) {
            for (int k = 0; k < 20; k++) {
                source.incr("counter:" + k);
            }
        }
    }

    private static void awaitCounters(Jedis copy, String value) {
        for (int k = 0; k < 20; k++) {
            String key = "counter:" + k;
            Eventually.until(key + " = " + value + " on the destination", () -> copy.get(key), value::equals, 30_000);
        }
    }

    private static void ok(NodeProcess.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
    }
}
