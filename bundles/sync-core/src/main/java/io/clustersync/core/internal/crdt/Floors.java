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

    /** Made at the first raise: most items are never removed. */
    private InstanceMap<Stamp> byInstance;

    private Map<Integer, Stamp> view() {
        return byInstance == null ? Map.of() : byInstance;
    }

    /** Whether {@code stamp}'s write was taken away. */
    boolean covers(Stamp stamp) {
        Stamp floor = byInstance == null ? null : byInstance.get(stamp.instance());
        return floor != null && !stamp.after(floor);
    }

    /** Takes away the write stamped {@code stamp} and every earlier one of its instance. */
    void raise(Stamp stamp) {
        if (byInstance == null) {
            byInstance = new InstanceMap<>();
        }
        byInstance.merge(stamp.instance(), stamp, Stamp::max);
    }

    void raiseAll(Floors other) {
        other.view().values().forEach(this::raise);
    }

    boolean isEmpty() {
        return view().isEmpty();
    }

    int size() {
        return view().size();
    }

    Map<Integer, Stamp> asMap() {
        return Map.copyOf(view());
    }

    /** The highest floor, or {@link Stamp#ZERO}. */
    Stamp highest() {
        Stamp highest = Stamp.ZERO;
        for (Stamp s : view().values()) {
            highest = Stamp.max(highest, s);
        }
        return highest;
    }

    /** Forgets the entries at or below {@code seenEverywhere}; returns how many. */
    int collect(Stamp seenEverywhere) {
        if (byInstance == null) {
            return 0;
        }
        int before = byInstance.size();
        byInstance.values().removeIf(stamp -> !stamp.after(seenEverywhere));
        return before - byInstance.size();
    }

    Floors copy() {
        Floors out = new Floors();
        out.raiseAll(this);
        return out;
    }

    void write(Out out) throws IOException {
        out.writeByte(view().size());
        for (Stamp stamp : view().values()) {
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
        return o instanceof Floors other && other.view().equals(view());
    }

    @Override
    public int hashCode() {
        return view().hashCode();
    }

    @Override
    public String toString() {
        return "Floors " + view();
    }
}
