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
 * tombstone (its value dropped). The order is a function of the elements alone, so instances holding the same
 * elements hold the same list.
 *
 * <p>A tombstone goes ({@link #collect}) once every instance has applied its delete: no instance can insert after
 * it any more, and every insert made after it is here. Its children are then inserted after its own anchor,
 * which keeps the order when nothing can land between them: every instance has seen the children (a later
 * insert is stamped above them all) and no sibling stamped above the tombstone is stamped below a child.
 */
public final class Sequence {

    /** What an element is inserted after when it goes first. */
    public static final Stamp HEAD = Stamp.ZERO;

    private record Element(Stamp after, byte[] value) {
    }

    private final Map<Stamp, Element> elements = new HashMap<>();
    /** The deleted elements, each with the stamp of its (latest) delete. */
    private final Map<Stamp, Stamp> deleted = new HashMap<>();

    /**
     * Inserts {@code value} after the element stamped {@code after} (or {@link #HEAD}), as the write {@code id}. An
     * element whose anchor has not arrived yet (another instance's insert, pulled on another stream) waits, unseen,
     * until it does.
     */
    public Sequence insert(Stamp id, Stamp after, byte[] value) {
        elements.putIfAbsent(id, new Element(after, deleted.containsKey(id) ? null : value));
        return this;
    }

    /** A delete stamped {@code by}, made elsewhere: the element is taken away when it is here or when it arrives. */
    Sequence deleted(Stamp id, Stamp by) {
        deleted.merge(id, by, Stamp::max);
        Element e = elements.get(id);
        if (e != null && e.value != null) {
            elements.put(id, new Element(e.after, null));
        }
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
            if (!deleted.containsKey(id) && (latest == null || id.after(latest))) {
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
        for (Map.Entry<Stamp, Stamp> d : deleted.entrySet()) {
            highest = Stamp.max(highest, Stamp.max(d.getKey(), d.getValue()));
        }
        return highest;
    }

    public boolean isEmpty() {
        return elements.isEmpty() && deleted.isEmpty();
    }

    /** Merges {@code other} into this list, in place. */
    public Sequence absorb(Sequence other) {
        other.elements.forEach(elements::putIfAbsent);
        other.deleted.forEach(this::deleted);
        return this;
    }

    void write(Out out) throws IOException {
        out.writeInt(elements.size());
        for (Map.Entry<Stamp, Element> e : elements.entrySet()) {
            Stamps.write(out, e.getKey());
            Stamps.write(out, e.getValue().after);
            Bytes.write(out, e.getValue().value == null ? NO_VALUE : e.getValue().value);
        }
        out.writeInt(deleted.size());
        for (Map.Entry<Stamp, Stamp> d : deleted.entrySet()) {
            Stamps.write(out, d.getKey());
            Stamps.write(out, d.getValue());
        }
    }

    private static final byte[] NO_VALUE = new byte[0];

    /** Reads what {@link #write} wrote; a key of version 1 did not keep what deleted an element: it is kept for good. */
    static Sequence read(In in, int version) throws IOException {
        Sequence sequence = new Sequence();
        int n = Bytes.count(in);
        for (int i = 0; i < n; i++) {
            Stamp id = Stamps.read(in);
            Stamp after = readAnchor(in);
            sequence.elements.put(id, new Element(after, Bytes.read(in)));
        }
        int gone = Bytes.count(in);
        for (int i = 0; i < gone; i++) {
            Stamp id = Stamps.read(in);
            sequence.deleted(id, version >= 2 ? Stamps.read(in) : Stamps.KEPT);
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

    /** Deletes the element stamped {@code id} (one this instance saw), as the write {@code by}. */
    public Sequence delete(Stamp id, Stamp by) {
        if (elements.containsKey(id)) {
            deleted(id, by);
        }
        return this;
    }

    /**
     * Forgets the tombstones whose delete every instance has applied (every instance has applied everything
     * stamped up to {@code seenEverywhere}), when that keeps the order (see the class); answers how many.
     */
    public int collect(Stamp seenEverywhere) {
        if (deleted.isEmpty()) {
            return 0;
        }
        Map<Stamp, List<Stamp>> children = children();
        int n = 0;
        for (Map.Entry<Stamp, Stamp> d : List.copyOf(deleted.entrySet())) {
            Stamp id = d.getKey();
            if (d.getValue().after(seenEverywhere)) {
                continue;
            }
            Element e = elements.get(id);
            if (e == null) {
                deleted.remove(id); // its element went before (a whole state brought the delete back alone)
                n++;
                continue;
            }
            List<Stamp> kids = children.getOrDefault(id, List.of());
            Stamp highestKid = kids.isEmpty() ? null : Collections.max(kids);
            if (highestKid != null && (highestKid.after(seenEverywhere) || siblingBetween(children.get(e.after), id, highestKid))) {
                continue;
            }
            List<Stamp> siblings = children.get(e.after);
            siblings.remove(id);
            for (Stamp kid : kids) {
                elements.put(kid, new Element(e.after, elements.get(kid).value));
                siblings.add(kid);
            }
            children.remove(id);
            elements.remove(id);
            deleted.remove(id);
            n++;
        }
        return n;
    }

    /** Whether a sibling stamped above the element is stamped at or below its highest child. */
    private static boolean siblingBetween(List<Stamp> siblings, Stamp element, Stamp highestKid) {
        for (Stamp sibling : siblings) {
            if (sibling.after(element) && !sibling.after(highestKid)) {
                return true;
            }
        }
        return false;
    }

    /** Every element's children: the elements inserted after it (unordered). */
    private Map<Stamp, List<Stamp>> children() {
        Map<Stamp, List<Stamp>> children = new HashMap<>();
        elements.forEach((id, element) -> children.computeIfAbsent(element.after, k -> new ArrayList<>()).add(id));
        return children;
    }

    /** The stamps of the live elements, in list order. */
    public List<Stamp> ids() {
        Map<Stamp, List<Stamp>> children = children();
        children.values().forEach(list -> list.sort(Comparator.reverseOrder()));
        List<Stamp> out = new ArrayList<>();
        ArrayList<Stamp> stack = new ArrayList<>(children.getOrDefault(HEAD, List.of()));
        Collections.reverse(stack);
        while (!stack.isEmpty()) {
            Stamp id = stack.remove(stack.size() - 1);
            if (!deleted.containsKey(id)) {
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
        Map<Stamp, List<Stamp>> children = children();
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
        out.deleted.putAll(deleted);
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
