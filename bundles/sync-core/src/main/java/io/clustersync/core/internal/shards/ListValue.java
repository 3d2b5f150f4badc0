package io.clustersync.core.internal.shards;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The value of a list key, kept as Redis's quicklist keeps it: a sequence of nodes, each one byte array packing up
 * to {@value #NODE_ENTRIES} elements in at most {@value #NODE_BYTES} bytes (Redis's {@code list-max-listpack-size}
 * -2), each element after its length. Pushes and pops at both ends touch one node; an element is reached by index
 * by walking the nodes' counts and then one node; reading elements one after another (LRANGE, LPOS, LREM) goes on
 * from the last one read.
 */
final class ListValue {

    static final int NODE_BYTES = 8192;
    static final int NODE_ENTRIES = 128;

    /** One node: its elements packed, the array exactly as long as they are. */
    private static final class Node {
        byte[] data;
        int count;

        Node(byte[] data, int count) {
            this.data = data;
            this.count = count;
        }
    }

    private final ArrayList<Node> nodes = new ArrayList<>(1);
    private int size;
    /** The last element read: its node, that node's first index, the element's index and offset in the node. */
    private int cursorNode = -1;
    private int cursorFirst;
    private int cursorIndex;
    private int cursorOffset;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Roughly the bytes the value takes in memory. */
    long memory() {
        long bytes = 64 + 4L * nodes.size();
        for (Node node : nodes) {
            bytes += 24 + 16 + node.data.length;
        }
        return bytes;
    }

    byte[] get(int index) {
        seek(index);
        Node node = nodes.get(cursorNode);
        int length = readLength(node.data, cursorOffset);
        int at = cursorOffset + lengthSize(length);
        return Arrays.copyOfRange(node.data, at, at + length);
    }

    /** The elements from {@code from} to {@code to} inclusive (both within the list), read node by node. */
    List<byte[]> range(int from, int to) {
        List<byte[]> out = new ArrayList<>(to - from + 1);
        seek(from);
        int node = cursorNode;
        int offset = cursorOffset;
        for (int i = from; i <= to; i++) {
            byte[] data = nodes.get(node).data;
            if (offset >= data.length) {
                node++;
                offset = 0;
                data = nodes.get(node).data;
            }
            int length = readLength(data, offset);
            int at = offset + lengthSize(length);
            out.add(Arrays.copyOfRange(data, at, at + length));
            offset = at + length;
        }
        return out;
    }

    void set(int index, byte[] element) {
        seek(index);
        Node node = nodes.get(cursorNode);
        int length = readLength(node.data, cursorOffset);
        int end = cursorOffset + lengthSize(length) + length;
        node.data = splice(node.data, cursorOffset, end, encode(element));
        forget();
    }

    void addFirst(byte[] element) {
        byte[] entry = encode(element);
        if (nodes.isEmpty() || !fits(nodes.get(0), entry)) {
            nodes.add(0, new Node(entry, 1));
        } else {
            Node first = nodes.get(0);
            first.data = splice(first.data, 0, 0, entry);
            first.count++;
        }
        size++;
        forget();
    }

    void addLast(byte[] element) {
        byte[] entry = encode(element);
        Node last = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
        if (last == null || !fits(last, entry)) {
            nodes.add(new Node(entry, 1));
        } else {
            last.data = splice(last.data, last.data.length, last.data.length, entry);
            last.count++;
        }
        size++;
        forget();
    }

    byte[] removeFirst() {
        byte[] element = get(0);
        remove(0);
        return element;
    }

    byte[] removeLast() {
        byte[] element = get(size - 1);
        remove(size - 1);
        return element;
    }

    /** Inserts before position {@code index} (0..size). */
    void insert(int index, byte[] element) {
        if (index == 0) {
            addFirst(element);
            return;
        }
        if (index == size) {
            addLast(element);
            return;
        }
        seek(index);
        Node node = nodes.get(cursorNode);
        byte[] entry = encode(element);
        if (fits(node, entry)) {
            node.data = splice(node.data, cursorOffset, cursorOffset, entry);
            node.count++;
        } else {
            // split the node where the element goes: the element starts the second half
            byte[] tail = Arrays.copyOfRange(node.data, cursorOffset, node.data.length);
            int tailCount = node.count - (index - cursorFirst);
            node.data = Arrays.copyOf(node.data, cursorOffset);
            node.count -= tailCount;
            nodes.add(cursorNode + 1, new Node(tail, tailCount));
            Node target = new Node(entry, 1);
            nodes.add(cursorNode + 1, target);
            if (node.count == 0) {
                nodes.remove(cursorNode);
            }
        }
        size++;
        forget();
    }

    /** Removes the element at {@code index}. */
    void remove(int index) {
        seek(index);
        Node node = nodes.get(cursorNode);
        int length = readLength(node.data, cursorOffset);
        int end = cursorOffset + lengthSize(length) + length;
        node.data = splice(node.data, cursorOffset, end, new byte[0]);
        node.count--;
        if (node.count == 0) {
            nodes.remove(cursorNode);
        }
        size--;
        forget();
    }

    /** Keeps the elements from {@code start} to {@code end} inclusive (both within the list), drops the rest. */
    void keep(int start, int end) {
        List<byte[]> kept = new ArrayList<>(end - start + 1);
        for (int i = start; i <= end; i++) {
            kept.add(get(i));
        }
        clear();
        kept.forEach(this::addLast);
    }

    void clear() {
        nodes.clear();
        nodes.trimToSize();
        size = 0;
        forget();
    }

    /** A copy (COPY, snapshots). */
    ListValue copy() {
        ListValue copy = new ListValue();
        for (Node node : nodes) {
            copy.nodes.add(new Node(node.data.clone(), node.count));
        }
        copy.size = size;
        return copy;
    }

    // ---- finding an element

    private void forget() {
        cursorNode = -1;
    }

    /** Moves the cursor to element {@code index} (within the list). */
    private void seek(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of a list of " + size);
        }
        if (cursorNode >= 0 && index >= cursorFirst && index < cursorFirst + nodes.get(cursorNode).count
                && index >= cursorIndex) {
            walkTo(index);
            return;
        }
        if (cursorNode >= 0 && index >= cursorFirst + nodes.get(cursorNode).count) {
            // onwards from the node of the cursor
            int first = cursorFirst;
            int n = cursorNode;
            while (index >= first + nodes.get(n).count) {
                first += nodes.get(n).count;
                n++;
            }
            place(n, first);
        } else if (index < size / 2) {
            int first = 0;
            int n = 0;
            while (index >= first + nodes.get(n).count) {
                first += nodes.get(n).count;
                n++;
            }
            place(n, first);
        } else {
            int n = nodes.size() - 1;
            int first = size - nodes.get(n).count;
            while (index < first) {
                n--;
                first -= nodes.get(n).count;
            }
            place(n, first);
        }
        walkTo(index);
    }

    private void place(int node, int first) {
        cursorNode = node;
        cursorFirst = first;
        cursorIndex = first;
        cursorOffset = 0;
    }

    private void walkTo(int index) {
        byte[] data = nodes.get(cursorNode).data;
        while (cursorIndex < index) {
            int length = readLength(data, cursorOffset);
            cursorOffset += lengthSize(length) + length;
            cursorIndex++;
        }
    }

    // ---- the packed form

    private static boolean fits(Node node, byte[] entry) {
        return node.count < NODE_ENTRIES && node.data.length + entry.length <= NODE_BYTES;
    }

    private static byte[] splice(byte[] data, int from, int to, byte[] bytes) {
        byte[] out = new byte[data.length - (to - from) + bytes.length];
        System.arraycopy(data, 0, out, 0, from);
        System.arraycopy(bytes, 0, out, from, bytes.length);
        System.arraycopy(data, to, out, from + bytes.length, data.length - to);
        return out;
    }

    /** The element after its length (7 bits per byte, the high bit set on every byte but the last). */
    private static byte[] encode(byte[] element) {
        int prefix = lengthSize(element.length);
        byte[] out = new byte[prefix + element.length];
        int length = element.length;
        for (int i = 0; i < prefix; i++) {
            int shift = 7 * (prefix - 1 - i);
            out[i] = (byte) (((length >>> shift) & 0x7f) | (i < prefix - 1 ? 0x80 : 0));
        }
        System.arraycopy(element, 0, out, prefix, element.length);
        return out;
    }

    private static int lengthSize(int length) {
        int bytes = 1;
        while (length >= 1 << (7 * bytes) && bytes < 5) {
            bytes++;
        }
        return bytes;
    }

    private static int readLength(byte[] data, int at) {
        int length = 0;
        int b;
        do {
            b = data[at++];
            length = (length << 7) | (b & 0x7f);
        } while ((b & 0x80) != 0);
        return length;
    }
}
