package io.clustersync.core.internal.shards;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent writes of a shard, bounded in bytes (the {@code repl_backlog} parameter), from which a
 * replica that fell a little behind resumes without a full snapshot.
 */
final class ReplicationBacklog {

    private record Entry(long offset, byte[][] args, int bytes) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
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
        entries.addLast(new Entry(offset, args, size));
        bytes += size;
        trim();
    }

    void resize(long newLimitBytes) {
        limitBytes = newLimitBytes;
        trim();
    }

    private void trim() {
        while (bytes > limitBytes && !entries.isEmpty()) {
            bytes -= entries.removeFirst().bytes;
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
        return entries.isEmpty() ? -1 : entries.peekFirst().offset;
    }

    /** True when every write after {@code offset} up to the newest is held. */
    boolean covers(long offset, long currentOffset) {
        return offset == currentOffset || (!entries.isEmpty() && entries.peekFirst().offset <= offset + 1);
    }

    /** The writes after {@code offset}, oldest first, as {@code (offset, args)} pairs, at most {@code max}. */
    List<Object[]> after(long offset, int max) {
        List<Object[]> out = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.offset > offset) {
                out.add(new Object[] {entry.offset, entry.args});
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }

    void clear() {
        entries.clear();
        bytes = 0;
    }
}
