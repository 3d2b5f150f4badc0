package io.clustersync.core.internal.shards;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The value of a hash key. Small hashes (Redis's {@code hash-max-listpack-entries} 128 fields, each field and value
 * at most {@code hash-max-listpack-value} 64 bytes) are packed as Redis packs them, in one byte array of
 * (length, field, length, value) in insertion order, searched from the start; a hash that grows past either limit
 * becomes a hash table for good, as in Redis. {@link #encoding} answers which, as OBJECT ENCODING does.
 */
final class HashValue extends AbstractMap<Key, byte[]> {

    static final int PACKED_ENTRIES = 128;
    static final int PACKED_BYTES = 64;

    /** The packed fields and values (the first {@code used} bytes), or null once a table. */
    private byte[] packed = new byte[0];
    private int used;
    private int count;
    private HashMap<Key, byte[]> table;

    HashValue() {
    }

    /** A copy (COPY, RESTORE): the same encoding. */
    HashValue copy() {
        HashValue copy = new HashValue();
        if (table != null) {
            copy.table = new HashMap<>(table);
        } else {
            copy.packed = Arrays.copyOf(packed, used);
            copy.used = used;
            copy.count = count;
        }
        return copy;
    }

    String encoding() {
        return table == null ? "listpack" : "hashtable";
    }

    /** Roughly the bytes the value takes in memory. */
    long memory() {
        if (table == null) {
            return 40 + 16 + packed.length;
        }
        long size = 48 + 4L * table.size();
        for (Map.Entry<Key, byte[]> field : table.entrySet()) {
            size += 80 + field.getKey().bytes.length + field.getValue().length;
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
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public byte[] get(Object key) {
        if (table != null) {
            return table.get(key);
        }
        int at = find(((Key) key).bytes);
        return at < 0 ? null : valueAt(at);
    }

    @Override
    public byte[] put(Key field, byte[] value) {
        if (table != null) {
            return table.put(field, value);
        }
        int at = find(field.bytes);
        if (at < 0 && (count >= PACKED_ENTRIES || field.bytes.length > PACKED_BYTES || value.length > PACKED_BYTES)
                || at >= 0 && value.length > PACKED_BYTES) {
            toTable();
            return table.put(field, value);
        }
        if (at >= 0) {
            byte[] old = valueAt(at);
            int valueAt = at + lengthSize(field.bytes.length) + field.bytes.length;
            int oldEnd = valueAt + lengthSize(old.length) + old.length;
            byte[] entry = encode(null, value);
            splice(valueAt, oldEnd, entry);
            return old;
        }
        splice(used, used, encode(field.bytes, value));
        count++;
        return null;
    }

    @Override
    public byte[] remove(Object key) {
        if (table != null) {
            return table.remove(key);
        }
        byte[] name = ((Key) key).bytes;
        int at = find(name);
        if (at < 0) {
            return null;
        }
        byte[] old = valueAt(at);
        int end = at + lengthSize(name.length) + name.length + lengthSize(old.length) + old.length;
        splice(at, end, new byte[0]);
        count--;
        return old;
    }

    @Override
    public void clear() {
        table = null;
        packed = new byte[0];
        used = 0;
        count = 0;
    }

    @Override
    public Set<Map.Entry<Key, byte[]>> entrySet() {
        if (table != null) {
            return table.entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Key, byte[]>> iterator() {
                return new Iterator<>() {
                    private int at;

                    @Override
                    public boolean hasNext() {
                        return at < used;
                    }

                    @Override
                    public Map.Entry<Key, byte[]> next() {
                        if (at >= used) {
                            throw new NoSuchElementException();
                        }
                        int fieldLength = readLength(at);
                        int fieldAt = at + lengthSize(fieldLength);
                        byte[] field = Arrays.copyOfRange(packed, fieldAt, fieldAt + fieldLength);
                        int valueLengthAt = fieldAt + fieldLength;
                        int valueLength = readLength(valueLengthAt);
                        int valueAt = valueLengthAt + lengthSize(valueLength);
                        byte[] value = Arrays.copyOfRange(packed, valueAt, valueAt + valueLength);
                        at = valueAt + valueLength;
                        return new AbstractMap.SimpleImmutableEntry<>(new Key(field), value);
                    }
                };
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    private void toTable() {
        HashMap<Key, byte[]> converted = new HashMap<>(Math.max(16, count * 2));
        for (Map.Entry<Key, byte[]> field : entrySet()) {
            converted.put(field.getKey(), field.getValue());
        }
        table = converted;
        packed = null;
        used = 0;
        count = 0;
    }

    /** The offset of the field's entry, or -1. */
    private int find(byte[] name) {
        int at = 0;
        while (at < used) {
            int fieldLength = readLength(at);
            int fieldAt = at + lengthSize(fieldLength);
            int valueLengthAt = fieldAt + fieldLength;
            int valueLength = readLength(valueLengthAt);
            if (fieldLength == name.length && Arrays.equals(packed, fieldAt, valueLengthAt, name, 0, name.length)) {
                return at;
            }
            at = valueLengthAt + lengthSize(valueLength) + valueLength;
        }
        return -1;
    }

    private byte[] valueAt(int entryAt) {
        int fieldLength = readLength(entryAt);
        int valueLengthAt = entryAt + lengthSize(fieldLength) + fieldLength;
        int valueLength = readLength(valueLengthAt);
        int valueAt = valueLengthAt + lengthSize(valueLength);
        return Arrays.copyOfRange(packed, valueAt, valueAt + valueLength);
    }

    /** Replaces bytes {@code from} to {@code to} by {@code bytes}, growing the array by half when it must grow. */
    private void splice(int from, int to, byte[] bytes) {
        int newUsed = used - (to - from) + bytes.length;
        byte[] target = packed;
        if (newUsed > packed.length) {
            target = new byte[Math.max(newUsed, used + (used >> 1))];
            System.arraycopy(packed, 0, target, 0, from);
        }
        System.arraycopy(packed, to, target, from + bytes.length, used - to);
        System.arraycopy(bytes, 0, target, from, bytes.length);
        packed = target;
        used = newUsed;
    }

    /** A field (when not null) and a value, each after its length. */
    private static byte[] encode(byte[] field, byte[] value) {
        int size = (field == null ? 0 : lengthSize(field.length) + field.length) + lengthSize(value.length) + value.length;
        byte[] out = new byte[size];
        int at = 0;
        if (field != null) {
            at = writeLength(out, at, field.length);
            System.arraycopy(field, 0, out, at, field.length);
            at += field.length;
        }
        at = writeLength(out, at, value.length);
        System.arraycopy(value, 0, out, at, value.length);
        return out;
    }

    /** Lengths up to 64 (the packed limit): one byte. */
    private static int lengthSize(int length) {
        return 1;
    }

    private static int writeLength(byte[] out, int at, int length) {
        out[at] = (byte) length;
        return at + 1;
    }

    private int readLength(int at) {
        return packed[at] & 0xff;
    }
}
