package io.clustersync.core.internal.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SlotRangesTest {

    @Test
    void rangesAreContiguousAndCoverEverySlot() {
        for (int shards : new int[] {1, 2, 3, 6, 7, 1024}) {
            List<int[]> ranges = SlotRanges.split(shards);
            assertEquals(shards, ranges.size());
            int next = 0;
            for (int[] r : ranges) {
                assertEquals(next, r[0]);
                next = r[1] + 1;
            }
            assertEquals(16384, next);
        }
    }

    @Test
    void threeShardsSplitLikeRedisCluster() {
        List<int[]> ranges = SlotRanges.split(3);
        assertArrayEquals(new int[] {0, 5461}, ranges.get(0));
        assertArrayEquals(new int[] {5462, 10922}, ranges.get(1));
        assertArrayEquals(new int[] {10923, 16383}, ranges.get(2));
    }

    @Test
    void refusesImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> SlotRanges.split(0));
        assertThrows(IllegalArgumentException.class, () -> SlotRanges.split(16385));
    }
}
