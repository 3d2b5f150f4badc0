package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a remove took away, per instance: every write of that instance up to a stamp. An instance's writes reach
 * every other one in the order it made them, so what one instance has seen of another is always everything up to
 * some stamp, and a remove is that stamp per instance (at most one entry per instance, however many writes it
 * took away). Floors only rise; they are the tombstones of Active-Active, kept until every instance has seen them.
 *
 * <p>They also keep the stamp of the latest operation that raised them (a remove, or a write that replaced
 * others). Once every instance has applied everything stamped up to it, every instance has applied that operation
 * and every write it took away (a remove is stamped above what it saw), so no copy of a write taken away can
 * still arrive anywhere, through a stream or a whole state: the floors are forgotten.
 */
final class Floors {

    /** Made at the first raise: most items are never removed. */
    private InstanceMap<Stamp> byInstance;
    /** The latest operation that raised a floor; null when there are none. */
    private Stamp raisedBy;

    private Map<Integer, Stamp> view() {
        return byInstance == null ? Map.of() : byInstance;
    }

    /** Whether {@code stamp}'s write was taken away. */
    boolean covers(Stamp stamp) {
        Stamp floor = byInstance == null ? null : byInstance.get(stamp.instance());
        return floor != null && !stamp.after(floor);
    }

    /** The operation stamped {@code by} takes away the write stamped {@code stamp} and every earlier one of its instance. */
    void raise(Stamp stamp, Stamp by) {
        if (byInstance == null) {
            byInstance = new InstanceMap<>();
        }
        byInstance.merge(stamp.instance(), stamp, Stamp::max);
        raisedBy = raisedBy == null ? by : Stamp.max(raisedBy, by);
    }

    void raiseAll(Floors other) {
        if (other == null || other.byInstance == null || other.byInstance.isEmpty()) {
            return;
        }
        if (byInstance == null) {
            byInstance = new InstanceMap<>();
        }
        other.byInstance.forEach((instance, stamp) -> byInstance.merge(instance, stamp, Stamp::max));
        raisedBy = raisedBy == null ? other.raisedBy : Stamp.max(raisedBy, other.raisedBy);
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

    /**
     * Forgets every floor when every instance has applied everything stamped up to {@code seenEverywhere} and the
     * latest operation that raised them is among it; returns how many floors it forgot.
     */
    int collect(Stamp seenEverywhere) {
        if (byInstance == null || byInstance.isEmpty() || raisedBy.after(seenEverywhere)) {
            return 0;
        }
        int n = byInstance.size();
        byInstance = null;
        raisedBy = null;
        return n;
    }

    Floors copy() {
        Floors out = new Floors();
        out.raiseAll(this);
        return out;
    }

    void write(Out out) throws IOException {
        if (byInstance == null || byInstance.isEmpty()) {
            out.writeByte(0);
            return;
        }
        out.writeByte(view().size());
        for (Stamp stamp : view().values()) {
            Stamps.write(out, stamp);
        }
        if (!view().isEmpty()) {
            Stamps.write(out, raisedBy);
        }
    }

    /**
     * Reads what {@link #write} wrote; a key of version 1 did not keep what raised its floors, which are then
     * kept for good (what raised them cannot be known to be seen everywhere).
     */
    static Floors read(In in, int version) throws IOException {
        Floors floors = new Floors();
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            Stamp stamp = Stamps.read(in);
            floors.raise(stamp, stamp);
        }
        if (n > 0) {
            floors.raisedBy = version >= 2 ? Stamps.read(in) : Stamps.KEPT;
        }
        return floors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Floors other && other.view().equals(view()) && Objects.equals(other.raisedBy, raisedBy);
    }

    @Override
    public int hashCode() {
        return view().hashCode();
    }

    @Override
    public String toString() {
        return "Floors " + view() + (raisedBy == null ? "" : " raised by " + raisedBy);
    }
}
