package io.clustersync.core.internal.crdt;

import java.util.Comparator;
import java.util.Set;

/**
 * When and where a write was made: the instance's hybrid clock (wall-clock milliseconds, then a counter for
 * writes within one millisecond or behind a clock seen from another instance) and the instance's id, which
 * breaks ties. Stamps are totally ordered; a write made after seeing another always has the higher stamp.
 */
public record Stamp(long millis, int counter, int instance) implements Comparable<Stamp> {

    /** Below every stamp a write can have. */
    public static final Stamp ZERO = new Stamp(0, 0, 0);

    private static final Comparator<Stamp> ORDER = Comparator.comparingLong(Stamp::millis)
            .thenComparingInt(Stamp::counter).thenComparingInt(Stamp::instance);

    @Override
    public int compareTo(Stamp other) {
        return ORDER.compare(this, other);
    }

    public boolean after(Stamp other) {
        return compareTo(other) > 0;
    }

    /**
     * Forgets the tombstones at or below {@code seenEverywhere} (every instance has applied what they stand for,
     * so no late copy of it can still arrive); returns how many were forgotten.
     */
    public static int collect(Set<Stamp> tombstones, Stamp seenEverywhere) {
        int before = tombstones.size();
        tombstones.removeIf(stamp -> !stamp.after(seenEverywhere));
        return before - tombstones.size();
    }

    public static Stamp max(Stamp a, Stamp b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
