package io.clustersync.core.internal.crdt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A list under Active-Active, as a replicated growable array: every element keeps the stamp it was inserted with
 * and the element it was inserted after; concurrent inserts after one element are ordered by their stamps (the
 * higher first) on every instance, and a delete removes only the element it saw (by its stamp), leaving a
 * tombstone. The order is a function of the elements alone, so instances holding the same elements hold the
 * same list.
 */
public final class Sequence {

    /** What an element is inserted after when it goes first. */
    public static final Stamp HEAD = Stamp.ZERO;

    private record Element(Stamp after, byte[] value) {
    }

    private final Map<Stamp, Element> elements = new HashMap<>();
    private final Set<Stamp> deleted = new HashSet<>();

    /** Inserts {@code value} after the element stamped {@code after} (or {@link #HEAD}), as the write {@code id}. */
    public Sequence insert(Stamp id, Stamp after, byte[] value) {
        if (!after.equals(HEAD) && !elements.containsKey(after)) {
            throw new IllegalStateException("element " + after + " is not known here; writes of one instance arrive in order");
        }
        elements.putIfAbsent(id, new Element(after, value));
        return this;
    }

    /** Deletes the element stamped {@code id} (one this instance saw). */
    public Sequence delete(Stamp id) {
        if (elements.containsKey(id)) {
            deleted.add(id);
        }
        return this;
    }

    /** The stamps of the live elements, in list order. */
    public List<Stamp> ids() {
        Map<Stamp, List<Stamp>> children = new HashMap<>();
        elements.forEach((id, element) -> children.computeIfAbsent(element.after, k -> new ArrayList<>()).add(id));
        children.values().forEach(list -> list.sort(Comparator.reverseOrder()));
        List<Stamp> out = new ArrayList<>();
        ArrayList<Stamp> stack = new ArrayList<>(children.getOrDefault(HEAD, List.of()));
        Collections.reverse(stack);
        while (!stack.isEmpty()) {
            Stamp id = stack.remove(stack.size() - 1);
            if (!deleted.contains(id)) {
                out.add(id);
            }
            List<Stamp> next = children.getOrDefault(id, List.of());
            for (int i = next.size() - 1; i >= 0; i--) {
                stack.add(next.get(i));
            }
        }
        return out;
    }

    /** The live values, in list order. */
    public List<byte[]> values() {
        return ids().stream().map(id -> elements.get(id).value).toList();
    }

    /** The element a write appending at the tail goes after: the last element, live or deleted, or HEAD. */
    public Stamp tail() {
        Map<Stamp, List<Stamp>> children = new HashMap<>();
        elements.forEach((id, element) -> children.computeIfAbsent(element.after, k -> new ArrayList<>()).add(id));
        Stamp at = HEAD;
        while (children.containsKey(at)) {
            List<Stamp> next = children.get(at);
            at = Collections.min(next);
        }
        return at;
    }

    public int tombstones() {
        return deleted.size();
    }

    public Sequence merge(Sequence other) {
        Sequence out = copy();
        other.elements.forEach(out.elements::putIfAbsent);
        out.deleted.addAll(other.deleted);
        return out;
    }

    public Sequence copy() {
        Sequence out = new Sequence();
        out.elements.putAll(elements);
        out.deleted.addAll(deleted);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Sequence other) || !other.deleted.equals(deleted) || !other.elements.keySet().equals(elements.keySet())) {
            return false;
        }
        for (Map.Entry<Stamp, Element> e : elements.entrySet()) {
            Element theirs = other.elements.get(e.getKey());
            if (!theirs.after.equals(e.getValue().after) || !Arrays.equals(theirs.value, e.getValue().value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return new TreeMap<>(elements).keySet().hashCode();
    }
}
