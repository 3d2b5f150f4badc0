package io.clustersync.core.internal.shards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The two kinds of value a key holds (a string is a {@code byte[]}, a hash a {@code Map<Key, byte[]>}), and their writes. */
final class Values {

    private Values() {
    }

    @SuppressWarnings("unchecked")
    static Map<Key, byte[]> hash(Object value) {
        return (Map<Key, byte[]>) value;
    }

    static boolean isString(Object value) {
        return value instanceof byte[];
    }

    static boolean isHash(Object value) {
        return value instanceof Map;
    }

    static String typeName(Object value) {
        return value == null ? "none" : isString(value) ? "string" : "hash";
    }

    /** The normalized writes that recreate a key with its value and deadline (for a log rewrite or a snapshot). */
    static List<byte[][]> asWrites(Key key, Object value, long deadline) {
        List<byte[][]> writes = new ArrayList<>(2);
        if (value instanceof byte[] string) {
            writes.add(deadline >= 0
                    ? new byte[][] {ShardStore.SET, key.bytes, string, ShardStore.PXAT, ShardStore.bytes(Long.toString(deadline))}
                    : new byte[][] {ShardStore.SET, key.bytes, string});
            return writes;
        }
        Map<Key, byte[]> fields = hash(value);
        byte[][] hset = new byte[2 + 2 * fields.size()][];
        hset[0] = ShardStore.bytes("HSET");
        hset[1] = key.bytes;
        int i = 2;
        for (Map.Entry<Key, byte[]> field : fields.entrySet()) {
            hset[i++] = field.getKey().bytes;
            hset[i++] = field.getValue();
        }
        writes.add(hset);
        if (deadline >= 0) {
            writes.add(new byte[][] {ShardStore.PEXPIREAT, key.bytes, ShardStore.bytes(Long.toString(deadline))});
        }
        return writes;
    }
}
