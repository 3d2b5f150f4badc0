package io.clustersync.core.internal.crdt;

import java.io.IOException;
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
    private final Map<Integer, long[]> byInstance = new InstanceMap<>();
    /** The same four sums for fractional increments (INCRBYFLOAT, HINCRBYFLOAT, ZINCRBY), by instance. */
    private final Map<Integer, double[]> fractional = new InstanceMap<>();

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

    /** A fractional increment (or, negative, decrement) made at {@code instance}. */
    public Counter add(int instance, double delta) {
        if (Double.isNaN(delta) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("increment would produce NaN or Infinity");
        }
        double[] sums = fractional.computeIfAbsent(instance, k -> new double[4]);
        if (delta >= 0) {
            sums[0] += delta;
        } else {
            sums[1] -= delta;
        }
        return this;
    }

    /** Whether a fractional increment was ever made: the value is then {@link #total()}. */
    public boolean fractional() {
        return !fractional.isEmpty();
    }

    /**
     * The whole and fractional increments together. Each instance's sums are its own, in its own order, and they
     * are added here by instance id, so every instance computes the same double from the same state.
     */
    public double total() {
        double total = value();
        for (double[] sums : fractional.values()) {
            total += (sums[0] - sums[2]) - (sums[1] - sums[3]);
        }
        return total;
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
        fractional.values().forEach(sums -> {
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
        other.fractional.forEach((instance, sums) -> {
            double[] mine = out.fractional.computeIfAbsent(instance, k -> new double[4]);
            for (int i = 0; i < 4; i++) {
                mine[i] = Math.max(mine[i], sums[i]);
            }
        });
        return out;
    }

    public Counter copy() {
        Counter out = new Counter();
        byInstance.forEach((instance, sums) -> out.byInstance.put(instance, sums.clone()));
        fractional.forEach((instance, sums) -> out.fractional.put(instance, sums.clone()));
        return out;
    }

    void write(Out out) throws IOException {
        out.writeByte(byInstance.size());
        for (Map.Entry<Integer, long[]> e : byInstance.entrySet()) {
            out.writeByte(e.getKey());
            for (long sum : e.getValue()) {
                out.writeLong(sum);
            }
        }
        out.writeByte(fractional.size());
        for (Map.Entry<Integer, double[]> e : fractional.entrySet()) {
            out.writeByte(e.getKey());
            for (double sum : e.getValue()) {
                out.writeDouble(sum);
            }
        }
    }

    static Counter read(In in) throws IOException {
        Counter counter = new Counter();
        int whole = in.readUnsignedByte();
        for (int i = 0; i < whole; i++) {
            long[] sums = new long[4];
            int instance = in.readUnsignedByte();
            for (int s = 0; s < 4; s++) {
                sums[s] = in.readLong();
            }
            counter.byInstance.put(instance, sums);
        }
        int parts = in.readUnsignedByte();
        for (int i = 0; i < parts; i++) {
            double[] sums = new double[4];
            int instance = in.readUnsignedByte();
            for (int s = 0; s < 4; s++) {
                sums[s] = in.readDouble();
            }
            counter.fractional.put(instance, sums);
        }
        return counter;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Counter other) || other.byInstance.size() != byInstance.size()
                || !other.fractional.keySet().equals(fractional.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, double[]> e : fractional.entrySet()) {
            if (!Arrays.equals(other.fractional.get(e.getKey()), e.getValue())) {
                return false;
            }
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
