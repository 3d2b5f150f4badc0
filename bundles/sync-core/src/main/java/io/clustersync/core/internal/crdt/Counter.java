package io.clustersync.core.internal.crdt;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A counter (INCR, INCRBY, DECR, DECRBY) whose concurrent increments add up: each instance keeps the sums of its
 * own increments and decrements, which only grow; merging takes each instance's larger sums, so no increment is
 * lost or counted twice, whatever order the instances hear of each other in. A reset (DEL, SET, HDEL of the
 * counter) is observed: it takes away what it saw, and increments made meanwhile elsewhere survive it.
 */
public final class Counter {

    /** Per instance: the sums of its increments and of its decrements, then what resets took away of each. */
    private final Map<Integer, long[]> byInstance = new TreeMap<>();

    /** An increment (or, negative, a decrement) made at {@code instance}. */
    public Counter add(int instance, long delta) {
        long[] sums = byInstance.computeIfAbsent(instance, k -> new long[4]);
        if (delta >= 0) {
            sums[0] = Math.addExact(sums[0], delta);
        } else {
            sums[1] = Math.addExact(sums[1], -delta);
        }
        return this;
    }

    public long value() {
        long total = 0;
        for (long[] sums : byInstance.values()) {
            total += (sums[0] - sums[2]) - (sums[1] - sums[3]);
        }
        return total;
    }

    /** Resets the counter to 0 as this instance sees it: what it saw is taken away, nothing it did not see. */
    public Counter reset() {
        byInstance.values().forEach(sums -> {
            sums[2] = sums[0];
            sums[3] = sums[1];
        });
        return this;
    }

    /** This counter with what {@code other} knows: each instance's larger sums. */
    public Counter merge(Counter other) {
        Counter out = copy();
        other.byInstance.forEach((instance, sums) -> {
            long[] mine = out.byInstance.computeIfAbsent(instance, k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                mine[i] = Math.max(mine[i], sums[i]);
            }
        });
        return out;
    }

    public Counter copy() {
        Counter out = new Counter();
        byInstance.forEach((instance, sums) -> out.byInstance.put(instance, sums.clone()));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Counter other) || other.byInstance.size() != byInstance.size()) {
            return false;
        }
        for (Map.Entry<Integer, long[]> e : byInstance.entrySet()) {
            long[] theirs = other.byInstance.get(e.getKey());
            if (theirs == null || !Arrays.equals(theirs, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value());
    }

    @Override
    public String toString() {
        return "Counter " + value();
    }
}
