package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.ShardStreamListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.clustersync.core.internal.shards.ShardStoreTest.run;
import static io.clustersync.core.internal.shards.ShardStoreTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The writes a shard records (its stream) applied to another shard, as a syncer applies them, give the same keys,
 * values and deadlines: every command's normalized record replays to the state the command made.
 */
class ReplicatedWritesTest {

    private static final Shard SOURCE = new Shard(1, 1, 1, Shard.MASTER, 0, 16383);
    private static final Shard COPY = new Shard(2, 2, 1, Shard.MASTER, 0, 16383);

    @TempDir
    Path dir;

    /** Streams the source's writes into the copy with CSYNC.APPLY, as a syncer does. */
    private static List<byte[][]> capture(ShardStore source) {
        List<byte[][]> writes = new ArrayList<>();
        source.subscribe(source.replicationId(), source.offset(), new ShardStreamListener() {
            public void fullResync(String id, long offset) { }
            public void snapshotWrite(byte[][] write) { writes.add(write); }
            public void snapshotEnd() { }
            public void partialResync(String id, long offset) { }
            public void write(long offset, byte[][] write) { writes.add(write); }
            public void ended(String reason) { }
        });
        return writes;
    }

    @Test
    void aTimeToLiveSurvivesTheWritesThatKeepIt() throws IOException {
        try (ShardStore source = ShardStore.open(SOURCE, 1 << 20, dir.resolve("a.log"));
             ShardStore copy = ShardStore.open(COPY, 1 << 20, dir.resolve("b.log"))) {
            List<byte[][]> writes = capture(source);
            run(source, "SETEX", "k", "84502", "3");
            run(source, "INCR", "k");
            run(source, "APPEND", "k", "0");
            run(source, "HSET", "h", "f", "1");
            run(source, "EXPIRE", "h", "1000");
            run(source, "HINCRBYFLOAT", "h", "f", "0.5");
            run(source, "LPUSH", "l", "a");
            run(source, "PEXPIRE", "l", "500000");
            run(source, "RPOPLPUSH", "l", "l");
            for (byte[][] write : writes) {
                Reply reply = copy.execute(write);
                assertEquals(false, reply instanceof Reply.Err, () -> "applying " + render(write) + ": " + reply);
            }
            for (String key : List.of("k", "h", "l")) {
                assertEquals(text(run(source, "TYPE", key)), text(run(copy, "TYPE", key)), key);
                long ttlSource = ((Reply.Int) run(source, "PTTL", key)).value();
                long ttlCopy = ((Reply.Int) run(copy, "PTTL", key)).value();
                assertEquals(ttlSource > 0, ttlCopy > 0, key + ": " + ttlSource + " / " + ttlCopy);
            }
            assertEquals("40", text(run(copy, "GET", "k")));
        }
    }

    private static String render(byte[][] write) {
        List<String> words = new ArrayList<>();
        for (byte[] word : write) {
            words.add(new String(word, StandardCharsets.UTF_8));
        }
        return words.toString();
    }
}
