package io.clustersync.core.internal.shards;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * The value of a sorted-set key, its members ordered by (score, member bytes) as Redis orders them (equal scores by
 * unsigned byte comparison, 0.0 and -0.0 equal). Small sets (Redis's {@code zset-max-listpack-entries} 128 members
 * of at most {@code zset-max-listpack-value} 64 bytes) are packed in order in one byte array of (score, length,
 * member), searched from the start, as Redis packs them; a set that grows past either limit becomes a score map
 * beside an ordered tree for good, as in Redis. {@link #encoding} answers which, as OBJECT ENCODING does.
 */
final class SortedSetValue {

    static final int PACKED_ENTRIES = 128;
    static final int PACKED_BYTES = 64;

    /** A member and its score, in the order of the set. */
    record Entry(double score, Key member) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            if (score < other.score) {
                return -1;
            }
            if (score > other.score) {
                return 1;
            }
            return member.compareTo(other.member);
        }
    }

    /** The packed entries (the first {@code used} bytes) in order, or null once a tree. */
    private byte[] packed = new byte[0];
    private int used;
    private int count;
    private Map<Key, Double> scores;
    private TreeSet<Entry> ordered;

    String encoding() {
        return packed != null ? "listpack" : "skiplist";
    }

    /** Roughly the bytes the value takes in memory. */
    long memory() {
        if (packed != null) {
            return 48 + 16 + packed.length;
        }
        long size = 96;
        for (Key member : scores.keySet()) {
            size += 120 + member.bytes.length;
        }
        return size;
    }

    int size() {
        return packed != null ? count : scores.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The member's score, or null. */
    Double score(Key member) {
        if (packed == null) {
            return scores.get(member);
        }
        int at = find(member.bytes);
        return at < 0 ? null : scoreAt(at);
    }

    /**
     * Sets the member's score; answers true when the member is new. A score of -0 is kept as 0, as Redis's compact
     * encoding of the sets clients mostly have (up to 128 members) writes it.
     */
    boolean put(Key member, double score) {
        if (score == 0) {
            score = 0.0;
        }
        if (packed != null) {
            int at = find(member.bytes);
            if (at < 0 && (count >= PACKED_ENTRIES || member.bytes.length > PACKED_BYTES)) {
                toTree();
            } else {
                if (at >= 0) {
                    cut(at, at + entrySize(at));
                    count--;
                }
                insert(score, member.bytes);
                count++;
                return at < 0;
            }
        }
        Double was = scores.put(member, score);
        if (was != null) {
            ordered.remove(new Entry(was, member));
        }
        ordered.add(new Entry(score, member));
        return was == null;
    }

    boolean remove(Key member) {
        if (packed != null) {
            int at = find(member.bytes);
            if (at < 0) {
                return false;
            }
            cut(at, at + entrySize(at));
            count--;
            return true;
        }
        Double was = scores.remove(member);
        if (was == null) {
            return false;
        }
        ordered.remove(new Entry(was, member));
        return true;
    }

    /** The 0-based rank of the member from the lowest score, or -1. */
    int rank(Key member) {
        if (packed == null) {
            Double score = scores.get(member);
            return score == null ? -1 : ordered.headSet(new Entry(score, member), false).size();
        }
        int rank = 0;
        for (int at = 0; at < used; at += entrySize(at)) {
            if (memberEquals(at, member.bytes)) {
                return rank;
            }
            rank++;
        }
        return -1;
    }

    /** Every entry, lowest first (a view of the tree, or a list of the packed entries). */
    Collection<Entry> entries() {
        if (packed == null) {
            return ordered;
        }
        List<Entry> out = new ArrayList<>(count);
        for (int at = 0; at < used; at += entrySize(at)) {
            out.add(entryAt(at));
        }
        return out;
    }

    /** The entries lowest first, or highest first. */
    Iterator<Entry> iterator(boolean descending) {
        if (packed == null) {
            return descending ? ordered.descendingIterator() : ordered.iterator();
        }
        if (!descending) {
            return entries().iterator();
        }
        List<Entry> all = (List<Entry>) entries();
        return new Iterator<>() {
            private int next = all.size() - 1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Entry next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                return all.get(next--);
            }
        };
    }

    /** The entries from rank {@code start} to {@code end} inclusive (both within the set), lowest first. */
    List<Entry> byRank(int start, int end) {
        List<Entry> out = new ArrayList<>(Math.max(0, end - start + 1));
        Iterator<Entry> it = iterator(false);
        for (int i = 0; i <= end && it.hasNext(); i++) {
            Entry entry = it.next();
            if (i >= start) {
                out.add(entry);
            }
        }
        return out;
    }

    Entry first() {
        if (packed == null) {
            return ordered.first();
        }
        if (count == 0) {
            throw new NoSuchElementException();
        }
        return entryAt(0);
    }

    Entry last() {
        if (packed == null) {
            return ordered.last();
        }
        List<Entry> all = (List<Entry>) entries();
        if (all.isEmpty()) {
            throw new NoSuchElementException();
        }
        return all.get(all.size() - 1);
    }

    SortedSetValue copy() {
        SortedSetValue copy = new SortedSetValue();
        if (packed != null) {
            copy.packed = Arrays.copyOf(packed, used);
            copy.used = used;
            copy.count = count;
        } else {
            copy.toTree();
            for (Entry entry : ordered) {
                copy.put(entry.member(), entry.score());
            }
        }
        return copy;
    }

    /** Drops the room kept for growth (after a write command). */
    void trim() {
        if (packed != null && packed.length != used) {
            packed = Arrays.copyOf(packed, used);
        }
    }

    // ---- the packed form: 8 bytes of score, 1 byte of length, the member

    private void toTree() {
        scores = new HashMap<>(Math.max(16, count * 2));
        ordered = new TreeSet<>();
        for (int at = 0; at < used; at += entrySize(at)) {
            Entry entry = entryAt(at);
            scores.put(entry.member(), entry.score());
            ordered.add(entry);
        }
        packed = null;
        used = 0;
        count = 0;
    }

    private int find(byte[] member) {
        for (int at = 0; at < used; at += entrySize(at)) {
            if (memberEquals(at, member)) {
                return at;
            }
        }
        return -1;
    }

    private boolean memberEquals(int at, byte[] member) {
        int length = packed[at + 8] & 0xff;
        return length == member.length && Arrays.equals(packed, at + 9, at + 9 + length, member, 0, length);
    }

    private int entrySize(int at) {
        return 9 + (packed[at + 8] & 0xff);
    }

    private double scoreAt(int at) {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (packed[at + i] & 0xff);
        }
        return Double.longBitsToDouble(bits);
    }

    private Entry entryAt(int at) {
        int length = packed[at + 8] & 0xff;
        return new Entry(scoreAt(at), new Key(Arrays.copyOfRange(packed, at + 9, at + 9 + length)));
    }

    /** Inserts (score, member) before the first entry that orders after it. */
    private void insert(double score, byte[] member) {
        int at = 0;
        while (at < used) {
            double other = scoreAt(at);
            if (other > score) {
                break;
            }
            if (other == score) {
                int length = packed[at + 8] & 0xff;
                if (Arrays.compareUnsigned(packed, at + 9, at + 9 + length, member, 0, member.length) > 0) {
                    break;
                }
            }
            at += entrySize(at);
        }
        int size = 9 + member.length;
        if (used + size > packed.length) {
            packed = Arrays.copyOf(packed, Math.max(used + size, used + (used >> 1)));
        }
        System.arraycopy(packed, at, packed, at + size, used - at);
        long bits = Double.doubleToRawLongBits(score);
        for (int i = 7; i >= 0; i--) {
            packed[at + i] = (byte) bits;
            bits >>>= 8;
        }
        packed[at + 8] = (byte) member.length;
        System.arraycopy(member, 0, packed, at + 9, member.length);
        used += size;
    }

    private void cut(int from, int to) {
        System.arraycopy(packed, to, packed, from, used - to);
        used -= to - from;
    }
}
