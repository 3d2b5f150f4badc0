package io.clustersync.core.internal.shards;

import java.util.Arrays;

/**
 * The value of a list key: its elements in a ring buffer, so that pushes and pops at both ends are O(1) and an
 * element is reached by index in O(1) (LINDEX, LSET, LRANGE), as Redis's quicklist allows.
 */
final class ListValue {

    private byte[][] ring = new byte[4][];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    byte[] get(int index) {
        return ring[(head + index) & (ring.length - 1)];
    }

    void set(int index, byte[] element) {
        ring[(head + index) & (ring.length - 1)] = element;
    }

    void addFirst(byte[] element) {
        grow();
        head = (head - 1) & (ring.length - 1);
        ring[head] = element;
        size++;
    }

    void addLast(byte[] element) {
        grow();
        ring[(head + size) & (ring.length - 1)] = element;
        size++;
    }

    byte[] removeFirst() {
        byte[] element = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        return element;
    }

    byte[] removeLast() {
        int at = (head + size - 1) & (ring.length - 1);
        byte[] element = ring[at];
        ring[at] = null;
        size--;
        return element;
    }

    /** Inserts before position {@code index} (0..size), moving the shorter side. */
    void insert(int index, byte[] element) {
        if (index == 0) {
            addFirst(element);
            return;
        }
        addLast(null);
        for (int i = size - 1; i > index; i--) {
            set(i, get(i - 1));
        }
        set(index, element);
    }

    /** Removes the element at {@code index}. */
    void remove(int index) {
        if (index == 0) {
            removeFirst();
            return;
        }
        for (int i = index; i < size - 1; i++) {
            set(i, get(i + 1));
        }
        removeLast();
    }

    /** Keeps the elements from {@code start} to {@code end} inclusive (both within the list), drops the rest. */
    void keep(int start, int end) {
        int keep = end - start + 1;
        byte[][] kept = new byte[capacityFor(keep)][];
        for (int i = 0; i < keep; i++) {
            kept[i] = get(start + i);
        }
        ring = kept;
        head = 0;
        size = keep;
    }

    void clear() {
        ring = new byte[4][];
        head = 0;
        size = 0;
    }

    private void grow() {
        if (size < ring.length) {
            return;
        }
        byte[][] bigger = new byte[ring.length * 2][];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        ring = bigger;
        head = 0;
    }

    private static int capacityFor(int elements) {
        int capacity = 4;
        while (capacity < elements) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** A copy (COPY, snapshots). */
    ListValue copy() {
        ListValue copy = new ListValue();
        copy.ring = Arrays.copyOf(ring, ring.length);
        copy.head = head;
        copy.size = size;
        return copy;
    }
}
