package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a remove took away, per instance: every write of that instance up to a stamp. An instance's writes reach
 * every other one in the order it made them, so what one instance has seen of another is always everything up to
 * some stamp, and a remove is that stamp per instance (at most one entry per instance, however many writes it
 * took away). Floors only rise; they are the tombstones of Active-Active, kept until every instance has seen them.
 */
final class Floors {

    private final InstanceMap<Stamp> byInstance = new InstanceMap<>();

    /** Whether {@code stamp}'s write was taken away. */
    boolean covers(Stamp stamp) {
        Stamp floor = byInstance.get(stamp.instance());
        return floor != null && !stamp.after(floor);
    }

    /** Takes away the write stamped {@code stamp} and every earlier one of its instance. */
    void raise(Stamp stamp) {
        byInstance.merge(stamp.instance(), stamp, Stamp::max);
    }

    void raiseAll(Floors other) {
        other.byInstance.values().forEach(this::raise);
    }

    boolean isEmpty() {
        return byInstance.isEmpty();
    }

    int size() {
        return byInstance.size();
    }

    Map<Integer, Stamp> asMap() {
        return Map.copyOf(byInstance);
    }

    /** The highest floor, or {@link Stamp#ZERO}. */
    Stamp highest() {
        Stamp highest = Stamp.ZERO;
        for (Stamp s : byInstance.values()) {
            highest = Stamp.max(highest, s);
        }
        return highest;
    }

    /** Forgets the entries at or below {@code seenEverywhere}; returns how many. */
    int collect(Stamp seenEverywhere) {
        int before = byInstance.size();
        byInstance.values().removeIf(stamp -> !stamp.after(seenEverywhere));
        return before - byInstance.size();
    }

    Floors copy() {
        Floors out = new Floors();
        out.byInstance.putAll(byInstance);
        return out;
    }

    void write(Out out) throws IOException {
        out.writeByte(byInstance.size());
        for (Stamp stamp : byInstance.values()) {
            Stamps.write(out, stamp);
        }
    }

    static Floors read(In in) throws IOException {
        Floors floors = new Floors();
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            floors.raise(Stamps.read(in));
        }
        return floors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Floors other && other.byInstance.equals(byInstance);
    }

    @Override
    public int hashCode() {
        return byInstance.hashCode();
    }

    @Override
    public String toString() {
        return "Floors " + byInstance;
    }
}
