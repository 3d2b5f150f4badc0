package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardStoreTest {

    private static final Shard ALL_SLOTS = new Shard(7, 1, 1, Shard.MASTER, 0, 16383);

    @TempDir
    Path dir;

    static Reply run(ShardStore store, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return store.execute(bytes);
    }

    static String text(Reply reply) {
        if (reply instanceof Reply.Bulk bulk) {
            return bulk.value() == null ? null : new String(bulk.value(), StandardCharsets.UTF_8);
        }
        if (reply instanceof Reply.Simple simple) {
            return simple.text();
        }
        if (reply instanceof Reply.Int integer) {
            return Long.toString(integer.value());
        }
        if (reply instanceof Reply.Err error) {
            return "-" + error.message();
        }
        return reply.toString();
    }

    private ShardStore open() throws IOException {
        return ShardStore.open(ALL_SLOTS, 1 << 20, dir.resolve("shard.log"));
    }

    @Test
    void stringCommandsFollowRedis() throws IOException {
        try (ShardStore store = open()) {
            assertEquals("OK", text(run(store, "SET", "k", "v")));
            assertEquals(null, text(run(store, "SET", "k", "w", "NX")));
            assertEquals("v", text(run(store, "SET", "k", "w", "XX", "GET")));
            assertEquals(null, text(run(store, "SET", "absent", "x", "XX")));
            assertEquals("-ERR syntax error", text(run(store, "SET", "k", "v", "NX", "XX")));
            assertEquals("-ERR invalid expire time in 'set' command", text(run(store, "SET", "k", "v", "EX", "0")));
            assertEquals("-ERR value is not an integer or out of range", text(run(store, "SET", "k", "v", "EX", "abc")));
            assertEquals("-ERR value is not an integer or out of range", text(run(store, "INCR", "k")));
            assertEquals("5", text(run(store, "INCRBY", "n", "5")));
            assertEquals("-ERR increment or decrement would overflow", text(run(store, "INCRBY", "n", Long.toString(Long.MAX_VALUE))));
            assertEquals("1", text(run(store, "HSET", "h", "f", "1")));
            assertEquals("-" + Reply.WRONGTYPE.message(), text(run(store, "GET", "h")));
            assertEquals("-" + Reply.WRONGTYPE.message(), text(run(store, "HGET", "k", "f")));
            run(store, "HSET", "h3", "f", "x");
            assertEquals("-ERR hash value is not an integer", text(run(store, "HINCRBY", "h3", "f", "1")));
            assertEquals("0", text(run(store, "DEL", "absent")));
            assertEquals("-ERR wrong number of arguments for 'get' command", text(run(store, "GET")));
        }
    }

    @Test
    void everyWriteAdvancesTheOffsetAndReadsDoNot() throws IOException {
        try (ShardStore store = open()) {
            long start = store.offset();
            run(store, "SET", "a", "1");
            run(store, "GET", "a");
            run(store, "INCR", "a");
            run(store, "SET", "b", "x", "NX");
            run(store, "SET", "b", "y", "NX");
            run(store, "DEL", "nothing");
            assertEquals(start + 3, store.offset());
            List<Object[]> backlog = store.backlogAfter(start, 10);
            assertEquals(3, backlog.size());
            assertEquals("SET", new String(((byte[][]) backlog.get(1)[1])[0], StandardCharsets.UTF_8));
            assertEquals("KEEPTTL", new String(((byte[][]) backlog.get(1)[1])[3], StandardCharsets.UTF_8));
        }
    }

    @Test
    void aReopenedStoreHasItsDataOffsetAndReplicationId() throws IOException {
        String id;
        long offset;
        try (ShardStore store = open()) {
            run(store, "SET", "s", "v", "PX", "100000");
            run(store, "HSET", "h", "a", "1", "b", "2");
            run(store, "HDEL", "h", "a");
            run(store, "APPEND", "s", "w");
            run(store, "MSET", "m1", "1", "m2", "2");
            run(store, "DEL", "m2");
            id = store.replicationId();
            offset = store.offset();
        }
        try (ShardStore store = open()) {
            assertEquals(id, store.replicationId());
            assertEquals(offset, store.offset());
            assertEquals("vw", text(run(store, "GET", "s")));
            assertTrue(((Reply.Int) run(store, "PTTL", "s")).value() > 90_000);
            assertEquals("2", text(run(store, "HGET", "h", "b")));
            assertEquals(null, text(run(store, "HGET", "h", "a")));
            assertEquals("1", text(run(store, "GET", "m1")));
            assertEquals("0", text(run(store, "EXISTS", "m2")));
        }
    }

    @Test
    void aTornTailIsCutOffAndKeptAsideWithEverythingBeforeIt() throws IOException {
        try (ShardStore store = open()) {
            for (int i = 0; i < 100; i++) {
                run(store, "SET", "k" + i, "v" + i);
            }
        }
        Path file = dir.resolve("shard.log");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        try (ShardStore store = open()) {
            assertEquals(100, store.keys());
            assertEquals(100, store.offset());
            assertEquals("v99", text(run(store, "GET", "k99")));
            run(store, "SET", "after", "ok");
        }
        assertTrue(Files.exists(dir.resolve("shard.log.damaged-" + all.length)));
        try (ShardStore store = open()) {
            assertEquals("ok", text(run(store, "GET", "after")));
            assertEquals(101, store.offset());
        }
    }

    @Test
    void expiredKeysGoOnAccessAndBySampling() throws IOException, InterruptedException {
        try (ShardStore store = open()) {
            run(store, "SET", "gone", "x", "PX", "1");
            for (int i = 0; i < 50; i++) {
                run(store, "SET", "t" + i, "x", "PX", "1");
            }
            run(store, "SET", "kept", "x");
            assertEquals("1", text(run(store, "PEXPIREAT", "kept", "1")));
            assertEquals("0", text(run(store, "EXISTS", "kept")));
            Thread.sleep(5);
            assertEquals(null, text(run(store, "GET", "gone")));
            assertEquals("-2", text(run(store, "TTL", "gone")));
            int rounds = 0;
            while (store.keys() > 0 && rounds++ < 100) {
                store.expireSample(20, 16);
            }
            assertEquals(0, store.keys());
        }
    }

    @Test
    void aRewriteShrinksTheLogAndKeepsTheState() throws IOException {
        long before;
        try (ShardStore store = open()) {
            for (int i = 0; i < 2000; i++) {
                run(store, "SET", "same", "value-" + i);
            }
            run(store, "HSET", "h", "f", "v");
            run(store, "PEXPIRE", "h", "100000");
            store.flushLog();
            before = Files.size(dir.resolve("shard.log"));
            assertTrue(store.rewriteIfGrown(0));
            assertTrue(Files.size(dir.resolve("shard.log")) < before / 10);
            run(store, "SET", "after", "1");
        }
        try (ShardStore store = open()) {
            assertEquals("value-1999", text(run(store, "GET", "same")));
            assertEquals("v", text(run(store, "HGET", "h", "f")));
            assertTrue(((Reply.Int) run(store, "PTTL", "h")).value() > 0);
            assertEquals(2003, store.offset());
            assertNotEquals(0, store.keys());
        }
    }

    @Test
    void scanWalksWholeSlotsAndEndsPastTheLastSlot() throws IOException {
        try (ShardStore store = open()) {
            for (int i = 0; i < 300; i++) {
                run(store, "SET", "scan:" + i, "x");
            }
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            for (int calls = 0; calls < 100 && Integer.parseInt(cursor) <= 16383; calls++) {
                Reply.Multi page = assertInstanceOf(Reply.Multi.class, run(store, "SCAN", cursor, "COUNT", "25", "MATCH", "scan:*"));
                cursor = text(page.items().get(0));
                for (Reply key : ((Reply.Multi) page.items().get(1)).items()) {
                    seen.add(text(key));
                }
            }
            assertEquals(300, seen.size());
            assertEquals("16384", cursor);
        }
    }

    @Test
    void aBatchRunsItsCommandsInOrderAndAnswersEachButRefusesAMalformedCountBeforeRunningAny() throws IOException {
        try (ShardStore store = open()) {
            Reply.Multi replies = assertInstanceOf(Reply.Multi.class, run(store, "CSYNC.BATCH",
                    "7", "CSYNC.APPLY", "src/shard:1", "r1", "1", "SET", "b", "one",
                    "7", "CSYNC.APPLY", "src/shard:1", "r1", "1", "SET", "b", "again",
                    "6", "CSYNC.APPLY", "src/shard:1", "r1", "2", "INCR", "b",
                    "7", "CSYNC.APPLY", "src/shard:1", "r1", "3", "SET", "b", "three"));
            assertEquals(4, replies.items().size());
            assertEquals("OK", text(replies.items().get(0)));
            assertEquals("0", text(replies.items().get(1)), "already applied at that offset");
            assertInstanceOf(Reply.Err.class, replies.items().get(2), "one failing command does not stop the rest");
            assertEquals("three", text(run(store, "GET", "b")));
            assertEquals("[src/shard:1, r1, 3]", describe(((Reply.Multi) run(store, "CSYNC.CHECKPOINTS")).items().get(0)));

            Reply.Err malformed = assertInstanceOf(Reply.Err.class, run(store, "CSYNC.BATCH",
                    "3", "SET", "b", "four", "9", "SET", "b", "five"));
            assertTrue(malformed.message().contains("argument 5 counts 9 word(s); 3 follow"), malformed.message());
            assertEquals("three", text(run(store, "GET", "b")), "nothing of a malformed batch runs");
            assertInstanceOf(Reply.Err.class, run(store, "CSYNC.BATCH", "2", "CSYNC.BATCH", "x"));
        }
    }

    @Test
    void writesOfAnotherClusterApplyOnceByOffsetAndTheirCheckpointsSurviveARestart() throws IOException {
        try (ShardStore store = open()) {
            assertEquals("OK", text(run(store, "CSYNC.APPLY", "src/shard:3", "r1", "5", "SET", "k", "a")));
            assertEquals("0", text(run(store, "CSYNC.APPLY", "src/shard:3", "r1", "5", "SET", "k", "b")));
            assertEquals("0", text(run(store, "CSYNC.APPLY", "src/shard:3", "r1", "4", "SET", "k", "c")));
            assertEquals("a", text(run(store, "GET", "k")));
            assertEquals("1", text(run(store, "CSYNC.APPLY", "src/shard:3", "r1", "6", "INCR", "n")));
            assertEquals("OK", text(run(store, "CSYNC.APPLY", "src/shard:3", "r2", "1", "SET", "k", "after a full resync")));
            assertEquals("OK", text(run(store, "CSYNC.CHECKPOINT", "src/shard:4", "r9", "70")));
            assertEquals("OK", text(run(store, "CSYNC.LOAD", "SET", "loaded", "x")));
            long offset = store.offset();
            assertEquals(4, store.backlogAfter(0, 100).size(), "four writes; checkpoints are not writes of the database");
            assertEquals(4, offset);
        }
        try (ShardStore store = open()) {
            Reply.Multi checkpoints = assertInstanceOf(Reply.Multi.class, run(store, "CSYNC.CHECKPOINTS"));
            assertEquals("[src/shard:3, r2, 1]", describe(checkpoints.items().get(0)));
            assertEquals("[src/shard:4, r9, 70]", describe(checkpoints.items().get(1)));
            assertEquals("0", text(run(store, "CSYNC.APPLY", "src/shard:3", "r2", "1", "SET", "k", "again")));
            assertEquals("after a full resync", text(run(store, "GET", "k")));
            for (int i = 0; i < 100; i++) {
                run(store, "SET", "filler", "value-" + i);
            }
            assertTrue(store.rewriteIfGrown(0));
        }
        try (ShardStore store = open()) {
            assertEquals(2, ((Reply.Multi) run(store, "CSYNC.CHECKPOINTS")).items().size());
            assertEquals("0", text(run(store, "CSYNC.APPLY", "src/shard:4", "r9", "70", "SET", "k", "old")));
            assertEquals("1", text(run(store, "CSYNC.FORGET", "src/shard:4")), "replication stopped: forgotten");
        }
        try (ShardStore store = open()) {
            Reply.Multi left = assertInstanceOf(Reply.Multi.class, run(store, "CSYNC.CHECKPOINTS"));
            assertEquals(1, left.items().size(), "forgetting is in the log too");
            assertEquals("1", text(run(store, "CSYNC.APPLY", "src/shard:4", "r9", "70", "INCR", "again")));
        }
    }

    @Test
    void flushSlotsDeletesOnlyTheKeysOfThatSlotRange() throws IOException {
        try (ShardStore store = open()) {
            run(store, "SET", "foo", "1");
            run(store, "SET", "bar", "2");
            assertEquals("1", text(run(store, "CSYNC.FLUSHSLOTS", "12000", "12999")));
            assertEquals(null, text(run(store, "GET", "foo")));
            assertEquals("2", text(run(store, "GET", "bar")));
            assertEquals("-ERR slot range 5-2 is not within 0-16383", text(run(store, "CSYNC.FLUSHSLOTS", "5", "2")));
        }
    }

    private static String describe(Reply row) {
        return ((Reply.Multi) row).items().stream().map(ShardStoreTest::text).toList().toString();
    }
}
