package io.clustersync.syncer.parallel;

import io.clustersync.core.api.ReplicaSource;
import io.clustersync.syncer.stream.SourceShard;
import io.clustersync.syncer.stream.SplitRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParallelSyncerTest {

    @Test
    void everyShardGetsItsOwnConnectionToTheSourceUrisProxy() {
        ReplicaSource source = ReplicaSource.parse("redis://:secret@127.0.0.1:12000/sales");
        List<SplitRun.Part> plan = ParallelSyncer.byShard(source, List.of(
                new SourceShard("shard:1", 0, 5460, "node:1", "127.0.0.1:12000", "single"),
                new SourceShard("shard:2", 5461, 10922, "node:2", null, "single"),
                new SourceShard("shard:3", 10923, 16383, "node:3", "127.0.0.3:12000", "single")));
        assertEquals(3, plan.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("127.0.0.1", plan.get(i).host());
            assertEquals(12000, plan.get(i).port());
            assertEquals(Set.of("shard:" + (i + 1)), plan.get(i).shards());
        }
        assertEquals("shard:2 via 127.0.0.1:12000", plan.get(1).name());
    }
}
