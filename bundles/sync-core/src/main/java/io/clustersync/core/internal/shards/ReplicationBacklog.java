package io.clustersync.core.internal.shards;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The most recent writes of a shard, bounded in bytes (the {@code repl_backlog} parameter), from which a
 * replica that fell a little behind resumes without a full snapshot.
 *
 * <p>A ring of parallel arrays: dropping the oldest writes reads only the primitive size array, in order, and
 * never the old write objects themselves (which, by then, are cold in the processor's caches).
 */
final class ReplicationBacklog {

    private long[] offsets = new long[1024];
    private int[] sizes = new int[1024];
    private byte[][][] writes = new byte[1024][][];
    private int head;
    private int count;
    private long limitBytes;
    private long bytes;

    ReplicationBacklog(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    void add(long offset, byte[][] args) {
        int size = 16;
        for (byte[] arg : args) {
            size += 16 + arg.length;
        }
        if (count == offsets.length) {
            grow();
        }
        int slot = (head + count) & (offsets.length - 1);
        offsets[slot] = offset;
        sizes[slot] = size;
        writes[slot] = args;
        count++;
        bytes += size;
        trim();
    }

    private void grow() {
        int capacity = offsets.length * 2;
        long[] newOffsets = new long[capacity];
        int[] newSizes = new int[capacity];
        byte[][][] newWrites = new byte[capacity][][];
        for (int i = 0; i < count; i++) {
            int from = (head + i) & (offsets.length - 1);
            newOffsets[i] = offsets[from];
            newSizes[i] = sizes[from];
            newWrites[i] = writes[from];
        }
        offsets = newOffsets;
        sizes = newSizes;
        writes = newWrites;
        head = 0;
    }

    void resize(long newLimitBytes) {
        limitBytes = newLimitBytes;
        trim();
    }

    private void trim() {
        int mask = offsets.length - 1;
        while (bytes > limitBytes && count > 0) {
            bytes -= sizes[head];
            writes[head] = null;
            head = (head + 1) & mask;
            count--;
        }
    }

    long bytes() {
        return bytes;
    }

    long limitBytes() {
        return limitBytes;
    }

    /** The oldest offset held, or -1 when empty. */
    long firstOffset() {
        return count == 0 ? -1 : offsets[head];
    }

    /** True when every write after {@code offset} up to the newest is held. */
    boolean covers(long offset, long currentOffset) {
        return offset == currentOffset || (count > 0 && offsets[head] <= offset + 1);
    }

    /** The writes after {@code offset}, oldest first, as {@code (offset, args)} pairs, at most {@code max}. */
    List<Object[]> after(long offset, int max) {
        List<Object[]> out = new ArrayList<>();
        int mask = offsets.length - 1;
        for (int i = 0; i < count && out.size() < max; i++) {
            int slot = (head + i) & mask;
            if (offsets[slot] > offset) {
                out.add(new Object[] {offsets[slot], writes[slot]});
            }
        }
        return out;
    }

    void clear() {
        Arrays.fill(writes, null);
        head = 0;
        count = 0;
        bytes = 0;
    }
}
