package io.clustersync.core.internal.crdt;

import java.util.Map;
import java.util.TreeMap;

/**
 * A counter (INCR, INCRBY, DECR, DECRBY) whose concurrent increments add up: each instance keeps the sums of its
 * own increments and decrements, which only grow; merging takes each instance's larger sums, so no increment is
 * lost or counted twice, whatever order the instances hear of each other in.
 */
public final class Counter {

    private final Map<Integer, long[]> byInstance = new TreeMap<>();

    /** An increment (or, negative, a decrement) made at {@code instance}. */
    public Counter add(int instance, long delta) {
        long[] sums = byInstance.computeIfAbsent(instance, k -> new long[2]);
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
            total += sums[0] - sums[1];
        }
        return total;
    }

    /** This counter with what {@code other} knows: each instance's larger sums. */
    public Counter merge(Counter other) {
        Counter out = copy();
        other.byInstance.forEach((instance, sums) -> {
            long[] mine = out.byInstance.computeIfAbsent(instance, k -> new long[2]);
            mine[0] = Math.max(mine[0], sums[0]);
            mine[1] = Math.max(mine[1], sums[1]);
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
            if (theirs == null || theirs[0] != e.getValue()[0] || theirs[1] != e.getValue()[1]) {
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
