package io.clustersync.core.internal.shards;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The value of a set key. Small sets (up to {@value #PACKED_ENTRIES} members of at most {@value #PACKED_BYTES}
 * bytes, Redis's listpack limits) are packed in one byte array of (length, member), searched from the start; a set
 * that grows past either limit becomes a hash set for good. OBJECT ENCODING still answers as Redis 7.0 would for
 * the same members ({@code intset} or {@code hashtable}): Redis 7.0 has no packed form for sets of strings.
 */
final class SetValue extends AbstractSet<Key> {

    static final int PACKED_ENTRIES = 128;
    static final int PACKED_BYTES = 64;

    /** The packed members (the first {@code used} bytes), or null once a hash set. */
    private byte[] packed = new byte[0];
    private int used;
    private int count;
    private HashSet<Key> table;

    SetValue() {
    }

    /** A set of these members (a STORE form's result, a restored value). */
    static SetValue of(Collection<Key> members) {
        SetValue set = new SetValue();
        members.forEach(set::add);
        set.trim();
        return set;
    }

    SetValue copy() {
        SetValue copy = new SetValue();
        if (table != null) {
            copy.packed = null;
            copy.table = new HashSet<>(table);
        } else {
            copy.packed = Arrays.copyOf(packed, used);
            copy.used = used;
            copy.count = count;
        }
        return copy;
    }

    /** Roughly the bytes the value takes in memory. */
    long memory() {
        if (table == null) {
            return 40 + 16 + packed.length;
        }
        long size = 48 + 4L * table.size();
        for (Key member : table) {
            size += 72 + member.bytes.length;
        }
        return size;
    }

    /** Drops the room kept for growth (after a write command). */
    void trim() {
        if (table == null && packed.length != used) {
            packed = Arrays.copyOf(packed, used);
        }
    }

    @Override
    public int size() {
        return table == null ? count : table.size();
    }

    @Override
    public boolean contains(Object member) {
        return table != null ? table.contains(member) : find(((Key) member).bytes) >= 0;
    }

    @Override
    public boolean add(Key member) {
        if (table != null) {
            return table.add(member);
        }
        if (find(member.bytes) >= 0) {
            return false;
        }
        if (count >= PACKED_ENTRIES || member.bytes.length > PACKED_BYTES) {
            toTable();
            return table.add(member);
        }
        int size = 1 + member.bytes.length;
        if (used + size > packed.length) {
            packed = Arrays.copyOf(packed, Math.max(used + size, used + (used >> 1)));
        }
        packed[used] = (byte) member.bytes.length;
        System.arraycopy(member.bytes, 0, packed, used + 1, member.bytes.length);
        used += size;
        count++;
        return true;
    }

    @Override
    public boolean remove(Object member) {
        if (table != null) {
            return table.remove(member);
        }
        int at = find(((Key) member).bytes);
        if (at < 0) {
            return false;
        }
        cut(at);
        return true;
    }

    @Override
    public void clear() {
        table = null;
        packed = new byte[0];
        used = 0;
        count = 0;
    }

    @Override
    public Iterator<Key> iterator() {
        if (table != null) {
            return table.iterator();
        }
        return new Iterator<>() {
            private int at;
            private int last = -1;

            @Override
            public boolean hasNext() {
                return at < used;
            }

            @Override
            public Key next() {
                if (at >= used) {
                    throw new NoSuchElementException();
                }
                int length = packed[at] & 0xff;
                Key member = new Key(Arrays.copyOfRange(packed, at + 1, at + 1 + length));
                last = at;
                at += 1 + length;
                return member;
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException();
                }
                at = last;
                cut(last);
                last = -1;
            }
        };
    }

    private void toTable() {
        HashSet<Key> members = new HashSet<>(Math.max(16, count * 2));
        for (Key member : this) {
            members.add(member);
        }
        table = members;
        packed = null;
        used = 0;
        count = 0;
    }

    private int find(byte[] member) {
        for (int at = 0; at < used; at += 1 + (packed[at] & 0xff)) {
            int length = packed[at] & 0xff;
            if (length == member.length && Arrays.equals(packed, at + 1, at + 1 + length, member, 0, length)) {
                return at;
            }
        }
        return -1;
    }

    private void cut(int at) {
        int end = at + 1 + (packed[at] & 0xff);
        System.arraycopy(packed, end, packed, at, used - end);
        used -= end - at;
        count--;
    }
}
