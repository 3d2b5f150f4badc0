package io.clustersync.core.internal.crdt;

import java.io.IOException;
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

    /**
     * Inserts {@code value} after the element stamped {@code after} (or {@link #HEAD}), as the write {@code id}. An
     * element whose anchor has not arrived yet (another instance's insert, pulled on another stream) waits, unseen,
     * until it does.
     */
    public Sequence insert(Stamp id, Stamp after, byte[] value) {
        elements.putIfAbsent(id, new Element(after, value));
        return this;
    }

    /** A delete made elsewhere: the element is taken away when it is here or when it arrives. */
    Sequence deleted(Stamp id) {
        deleted.add(id);
        return this;
    }

    /** The value of an element, or null. */
    public byte[] value(Stamp id) {
        Element e = elements.get(id);
        return e == null ? null : e.value;
    }

    /** The stamp of the latest live insert, or null when the list shows nothing. */
    public Stamp latest() {
        Stamp latest = null;
        for (Stamp id : elements.keySet()) {
            if (!deleted.contains(id) && (latest == null || id.after(latest))) {
                latest = id;
            }
        }
        return latest;
    }

    /** The highest stamp held, live or deleted. */
    public Stamp highest() {
        Stamp highest = Stamp.ZERO;
        for (Stamp id : elements.keySet()) {
            highest = Stamp.max(highest, id);
        }
        for (Stamp id : deleted) {
            highest = Stamp.max(highest, id);
        }
        return highest;
    }

    public boolean isEmpty() {
        return elements.isEmpty() && deleted.isEmpty();
    }

    /** Merges {@code other} into this list, in place. */
    public Sequence absorb(Sequence other) {
        other.elements.forEach(elements::putIfAbsent);
        deleted.addAll(other.deleted);
        return this;
    }

    void write(Out out) throws IOException {
        out.writeInt(elements.size());
        for (Map.Entry<Stamp, Element> e : elements.entrySet()) {
            Stamps.write(out, e.getKey());
            Stamps.write(out, e.getValue().after);
            Bytes.write(out, e.getValue().value);
        }
        out.writeInt(deleted.size());
        for (Stamp id : deleted) {
            Stamps.write(out, id);
        }
    }

    static Sequence read(In in) throws IOException {
        Sequence sequence = new Sequence();
        int n = Bytes.count(in);
        for (int i = 0; i < n; i++) {
            Stamp id = Stamps.read(in);
            Stamp after = readAnchor(in);
            sequence.elements.put(id, new Element(after, Bytes.read(in)));
        }
        int gone = Bytes.count(in);
        for (int i = 0; i < gone; i++) {
            sequence.deleted.add(Stamps.read(in));
        }
        return sequence;
    }

    /** An anchor: an element's stamp, or HEAD (all zero). */
    private static Stamp readAnchor(In in) throws IOException {
        long millis = in.readLong();
        int counter = in.readInt();
        int instance = in.readUnsignedByte();
        return instance == 0 ? HEAD : new Stamp(millis, counter, instance);
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
        return copy().absorb(other);
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
