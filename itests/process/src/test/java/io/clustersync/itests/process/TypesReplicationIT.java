package io.clustersync.itests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every type through Replica Of and through a kill -9: a source database written with lists, sets, sorted sets,
 * hashes and strings (bulk data, random commands of every kind, a transaction, blocking pops served, a script with
 * a random pop), replicated by
 * a full sync and then live under writes; the destination equals the source key by key. Then the source node is
 * killed and restarted (its shard logs bring back every write), the destination is killed, restarted and resumes,
 * and both still equal the state before the kills.
 */
class TypesReplicationIT {

    @Test
    void everyTypeReplicatesAndSurvivesKillNine(@TempDir Path dir) throws Exception {
        try (NodeProcess east = new NodeProcess(dir.resolve("east"), 1, "east");
             NodeProcess west = new NodeProcess(dir.resolve("west"), 4, "west").primary(4)) {
            assertEquals(0, east.start().exitCode(), east::log);
            assertEquals(0, west.start().exitCode(), west::log);
            int sourcePort = NodeProcess.freePort(east.address);
            int copyPort = NodeProcess.freePort(west.address);
            assertEquals(0, east.admin("create", "db", "types", "shards", "3", "port", String.valueOf(sourcePort)).exitCode());
            assertEquals(0, west.admin("create", "db", "copy", "shards", "2", "port", String.valueOf(copyPort)).exitCode());

            try (RespClient source = awaitProxy(east.address, sourcePort)) {
                bulk(source);
                random(source, 11, 3000);
            }
            NodeProcess.Result started = west.admin("replica-of", "db", "copy", "source",
                    "redis://" + east.address + ":" + sourcePort + "/types");
            assertEquals(0, started.exitCode(), started::toString);
            awaitEqual(east, sourcePort, west, copyPort, "after the full sync");

            try (RespClient source = new RespClient(east.address, sourcePort)) {
                random(source, 12, 3000);
                List<List<String>> transaction = List.of(List.of("MULTI"), List.of("LPUSH", "{t}list", "a", "b"),
                        List.of("SADD", "{t}set", "x"), List.of("ZINCRBY", "{t}zset", "2.5", "m"), List.of("EXEC"));
                source.pipeline(transaction);
                source.pipeline(List.of(List.of("RPUSH", "{t}queue", "1", "2", "3"), List.of("BLPOP", "{t}queue", "1"),
                        List.of("BLMOVE", "{t}queue", "{t}done", "LEFT", "RIGHT", "1")));
                // a script's writes travel as their effects (the random SPOP as the SREM of what it popped)
                source.call("EVAL", "redis.call('SADD', KEYS[1], 'a', 'b', 'c', 'd') local p = redis.call('SPOP', KEYS[1])"
                        + " redis.call('HSET', KEYS[2], 'popped', p) return redis.call('INCRBYFLOAT', KEYS[3], ARGV[1])",
                        "3", "{s}set", "{s}hash", "{s}float", "0.1");
            }
            awaitEqual(east, sourcePort, west, copyPort, "under live writes");

            Map<String, String> before;
            try (RespClient source = new RespClient(east.address, sourcePort)) {
                before = KeyspaceState.of(source);
            }
            Thread.sleep(300); // the shard logs reach the operating system every 50 ms
            east.kill9();
            assertEquals(0, east.start().exitCode(), east::log);
            try (RespClient source = awaitProxy(east.address, sourcePort)) {
                Map<String, String> after = KeyspaceState.of(source);
                assertEquals(before, after, () -> "the source after kill -9: " + KeyspaceState.difference(before, after));
            }
            west.kill9();
            assertEquals(0, west.start().exitCode(), west::log);
            awaitProxy(west.address, copyPort).close();
            try (RespClient source = new RespClient(east.address, sourcePort)) {
                random(source, 13, 1000);
            }
            awaitEqual(east, sourcePort, west, copyPort, "after both were killed and restarted");
        }
    }

    /** Many keys of every type, some large (values written in chunks by a snapshot), some with a time to live. */
    private static void bulk(RespClient client) throws IOException {
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            commands.add(List.of("RPUSH", "list:" + i, "a" + i, "b", "c" + (i % 7)));
            commands.add(List.of("SADD", "set:" + i, "m" + i, "n", "o" + (i % 5)));
            commands.add(List.of("ZADD", "zset:" + i, Integer.toString(i), "m" + i, "1.5", "n", "-inf", "low"));
            commands.add(List.of("HSET", "hash:" + i, "f" + i, "v", "g", Integer.toString(i)));
            commands.add(List.of("SET", "string:" + i, "value " + i));
            if (i % 10 == 0) {
                commands.add(List.of("EXPIRE", "hash:" + i, "100000"));
            }
        }
        for (int i = 0; i < 2000; i++) {
            commands.add(List.of("RPUSH", "big:list", "element-" + i));
            commands.add(List.of("ZADD", "big:zset", Double.toString(i * 0.1), "member-" + i));
            commands.add(List.of("SADD", "big:set", "member-" + i));
            commands.add(List.of("HSET", "big:hash", "field-" + i, "value-" + i));
        }
        for (int from = 0; from < commands.size(); from += 500) {
            client.pipeline(commands.subList(from, Math.min(commands.size(), from + 500)));
        }
    }

    /** Commands of every kind from the differential test's generator. */
    private static void random(RespClient client, long seed, int count) throws IOException {
        CommandGenerator generator = new CommandGenerator(seed);
        List<List<String>> commands = new ArrayList<>();
        while (commands.size() < count) {
            commands.addAll(generator.nextSteps());
        }
        commands.add(List.of("DISCARD"));
        for (int from = 0; from < commands.size(); from += 100) {
            client.pipeline(commands.subList(from, Math.min(commands.size(), from + 100)));
        }
    }

    private static RespClient awaitProxy(String address, int port) {
        return Eventually.until("the proxy on " + address + ":" + port, () -> {
            try {
                RespClient client = new RespClient(address, port);
                if ("+PONG".equals(client.call("PING"))) {
                    return client;
                }
                client.close();
            } catch (IOException notYet) {
                // not listening yet
            }
            return null;
        }, c -> c != null, 30_000);
    }

    private static void awaitEqual(NodeProcess east, int sourcePort, NodeProcess west, int copyPort, String when) throws IOException {
        try (RespClient source = new RespClient(east.address, sourcePort); RespClient copy = awaitProxy(west.address, copyPort)) {
            Map<String, String> expected = KeyspaceState.of(source);
            Map<String, String>[] last = new Map[1];
            try {
                Eventually.until("the destination equal to the source " + when, () -> {
                    try {
                        last[0] = KeyspaceState.of(copy);
                        return last[0].equals(expected);
                    } catch (IOException e) {
                        return false;
                    }
                }, equal -> equal, 60_000);
            } catch (AssertionError e) {
                throw new AssertionError(when + ": " + KeyspaceState.difference(expected, last[0] == null ? Map.of() : last[0]), e);
            }
        }
    }
}
