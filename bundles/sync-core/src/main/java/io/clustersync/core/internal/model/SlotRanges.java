package io.clustersync.core.internal.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the hash slots 0..16383 into contiguous ranges, one per shard, as even as they divide: the first
 * {@code 16384 % n} shards take one slot more.
 */
final class SlotRanges {

    static final int SLOT_COUNT = 16384;

    private SlotRanges() {
    }

    static List<int[]> split(int shards) {
        if (shards < 1 || shards > SLOT_COUNT) {
            throw new IllegalArgumentException("shard count must be from 1 to " + SLOT_COUNT + ", got " + shards);
        }
        List<int[]> ranges = new ArrayList<>(shards);
        int base = SLOT_COUNT / shards;
        int extra = SLOT_COUNT % shards;
        int next = 0;
        for (int i = 0; i < shards; i++) {
            int size = base + (i < extra ? 1 : 0);
            ranges.add(new int[] {next, next + size - 1});
            next += size;
        }
        return ranges;
    }
}
