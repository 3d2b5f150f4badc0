package io.clustersync.core.internal.crdt;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set under observed-remove, add wins: every add carries a fresh stamp; a remove takes away only the adds it
 * saw (their stamps become tombstones), so an add made concurrently with a remove survives it. The members of
 * sets and sorted sets, the fields of hashes, and the keys of a database follow this rule.
 *
 * @param <E> the members (with equals and hashCode by value)
 */
public final class ObservedRemoveSet<E> {

    private final Map<E, Set<Stamp>> adds = new HashMap<>();
    private final Set<Stamp> removed = new HashSet<>();

    /** An add of {@code member} made with a fresh {@code stamp}. */
    public ObservedRemoveSet<E> add(E member, Stamp stamp) {
        if (!removed.contains(stamp)) {
            adds.computeIfAbsent(member, k -> new TreeSet<>()).add(stamp);
        }
        return this;
    }

    /** Removes {@code member} as this replica sees it now; returns the adds it removed (what the remove ships). */
    public Set<Stamp> remove(E member) {
        Set<Stamp> seen = adds.remove(member);
        if (seen == null) {
            return Set.of();
        }
        removed.addAll(seen);
        return Collections.unmodifiableSet(seen);
    }

    /** A remove made elsewhere, of the adds it had seen there. */
    public ObservedRemoveSet<E> removeSeen(E member, Set<Stamp> seen) {
        removed.addAll(seen);
        Set<Stamp> live = adds.get(member);
        if (live != null) {
            live.removeAll(seen);
            if (live.isEmpty()) {
                adds.remove(member);
            }
        }
        return this;
    }

    public boolean contains(E member) {
        return adds.containsKey(member);
    }

    public Set<E> members() {
        return Collections.unmodifiableSet(adds.keySet());
    }

    /** The adds still live of a member (empty when absent). */
    public Set<Stamp> addsOf(E member) {
        return Collections.unmodifiableSet(adds.getOrDefault(member, Set.of()));
    }

    /** The stamps of removed adds; collected once every instance has seen them ({@link #collect}). */
    public int tombstones() {
        return removed.size();
    }

    /** Forgets the tombstones at or below {@code seenEverywhere}: every instance has applied those removes. */
    public int collect(Stamp seenEverywhere) {
        return Stamp.collect(removed, seenEverywhere);
    }

    public ObservedRemoveSet<E> merge(ObservedRemoveSet<E> other) {
        ObservedRemoveSet<E> out = copy();
        out.removed.addAll(other.removed);
        other.adds.forEach((member, stamps) -> stamps.forEach(stamp -> out.add(member, stamp)));
        for (Stamp gone : other.removed) {
            out.adds.values().forEach(stamps -> stamps.remove(gone));
        }
        out.adds.values().removeIf(Set::isEmpty);
        return out;
    }

    public ObservedRemoveSet<E> copy() {
        ObservedRemoveSet<E> out = new ObservedRemoveSet<>();
        adds.forEach((member, stamps) -> out.adds.put(member, new TreeSet<>(stamps)));
        out.removed.addAll(removed);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObservedRemoveSet<?> other && other.adds.equals(adds) && other.removed.equals(removed);
    }

    @Override
    public int hashCode() {
        return adds.hashCode();
    }

    @Override
    public String toString() {
        return "ObservedRemoveSet " + adds.keySet();
    }
}
