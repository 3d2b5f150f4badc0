package io.clustersync.syncer.stream;

import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.spi.ReplicationTask.Share;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitRunTest {

    private static final ReplicaSource SOURCE = ReplicaSource.parse("redis://127.0.0.1:12000/orders");

    @Test
    void distributedPlanHasOnePartPerSourceProxyWithTheNodeItServes() throws IOException {
        List<SplitRun.Part> plan = SplitRun.byMasterProxy(SOURCE, List.of(
                new SourceShard("shard:1", 0, 5000, "node:1", "127.0.0.1:12000", "all-master-shards"),
                new SourceShard("shard:2", 5001, 10000, "node:2", "127.0.0.2:12000", "all-master-shards"),
                new SourceShard("shard:4", 10001, 16383, "node:2", "127.0.0.2:12000", "all-master-shards")));
        assertEquals(2, plan.size());
        assertEquals(new SplitRun.Part("127.0.0.2:12000", "127.0.0.2", 12000, Set.of("shard:2", "shard:4"), 2), plan.get(1));
        assertEquals(1, plan.get(0).sourceNode());
    }

    @Test
    void aMissingProxyIsRefusedUnderPolicySingleButAskedAgainWhenItsNodeDoesNotAnswer() {
        StreamRun.Refused refused = assertThrows(StreamRun.Refused.class, () -> SplitRun.byMasterProxy(SOURCE, List.of(
                new SourceShard("shard:1", 0, 8000, "node:1", "127.0.0.1:12000", "single"),
                new SourceShard("shard:2", 8001, 16383, "node:2", null, "single"))));
        assertTrue(refused.getMessage().contains("bind the source endpoint to all-master-shards or all-nodes"), refused.getMessage());
        IOException later = assertThrows(IOException.class, () -> SplitRun.byMasterProxy(SOURCE, List.of(
                new SourceShard("shard:1", 0, 8000, "node:1", "127.0.0.1:12000", "all-master-shards"),
                new SourceShard("shard:2", 8001, 16383, "node:2", null, "all-master-shards"))));
        assertTrue(later.getMessage().contains("node:2, which masters shard:2 of the source, does not answer"), later.getMessage());
    }

    @Test
    void sharesGiveEverySourceNodeToExactlyOneDestinationNode() {
        for (int count = 1; count <= 4; count++) {
            for (int sourceNode = 1; sourceNode <= 9; sourceNode++) {
                int carriers = 0;
                for (int position = 0; position < count; position++) {
                    carriers += new Share(position, count).carries(sourceNode) ? 1 : 0;
                }
                assertEquals(1, carriers, "source node:" + sourceNode + " among " + count);
            }
        }
        assertTrue(new Share(1, 3).carries(2));
        assertFalse(new Share(1, 3).carries(3));
    }
}
