package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The five kinds of value a key holds, as Redis's types: a string is a {@code byte[]}, a hash a
 * {@link HashValue}, a set a {@link SetValue}, a list a {@link ListValue}, a sorted set a
 * {@link SortedSetValue}. Here too: reading a key as one type, the writes that recreate a value, its size.
 */
final class Values {

    /** Elements per write when a large value is written out (snapshots, log rewrites): bounded records. */
    static final int WRITE_CHUNK = 512;

    private Values() {
    }

    /** Redis's name of the value's type, as TYPE answers it. */
    static String typeName(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof byte[]) {
            return "string";
        }
        if (value instanceof HashValue) {
            return "hash";
        }
        if (value instanceof SetValue) {
            return "set";
        }
        if (value instanceof ListValue) {
            return "list";
        }
        return "zset";
    }

    static boolean isString(Object value) {
        return value instanceof byte[];
    }

    static HashValue hash(Object value) {
        return (HashValue) value;
    }

    @SuppressWarnings("unchecked")
    static SetValue set(Object value) {
        return (SetValue) value;
    }

    /**
     * The live value at the key as {@code type}, or null when there is none; a key of another type is refused
     * with Redis's WRONGTYPE error.
     */
    static <T> T read(ShardStore store, byte[] key, long now, Class<T> type) {
        Object value = store.lookup(new Key(key), now);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw new Arguments.Refused(Reply.WRONGTYPE.message());
        }
        return type.cast(value);
    }

    /** A deep copy, for COPY. */
    static Object copy(Object value) {
        if (value instanceof byte[] string) {
            return string;
        }
        if (value instanceof HashValue hash) {
            return hash.copy();
        }
        if (value instanceof SetValue set) {
            return set.copy();
        }
        if (value instanceof ListValue list) {
            return list.copy();
        }
        return ((SortedSetValue) value).copy();
    }

    /** Roughly the bytes the value takes in memory (for USED_MEMORY and the shard figures). */
    static long sizeOf(Object value) {
        if (value instanceof byte[] string) {
            return 16 + string.length;
        }
        long size = 48;
        if (value instanceof HashValue hash) {
            size = hash.memory();
        } else if (value instanceof SetValue set) {
            size = set.memory();
        } else if (value instanceof ListValue list) {
            size = list.memory();
        } else {
            size = ((SortedSetValue) value).memory();
        }
        return size;
    }

    /**
     * The normalized writes that recreate a key with its value and deadline (for a log rewrite or a snapshot):
     * the key deleted first, then the value in writes of at most {@link #WRITE_CHUNK} elements, then the deadline.
     */
    static List<byte[][]> asWrites(Key key, Object value, long deadline) {
        List<byte[][]> writes = new ArrayList<>(2);
        if (value instanceof byte[] string) {
            writes.add(deadline >= 0
                    ? new byte[][] {ShardStore.SET, key.bytes, string, ShardStore.PXAT, ShardStore.bytes(Long.toString(deadline))}
                    : new byte[][] {ShardStore.SET, key.bytes, string});
            return writes;
        }
        writes.add(new byte[][] {ShardStore.DEL, key.bytes});
        if (value instanceof HashValue) {
            List<byte[]> words = new ArrayList<>();
            for (Map.Entry<Key, byte[]> field : hash(value).entrySet()) {
                words.add(field.getKey().bytes);
                words.add(field.getValue());
            }
            chunked(writes, "HSET", key, words, 2);
        } else if (value instanceof SetValue) {
            List<byte[]> words = new ArrayList<>();
            for (Key member : set(value)) {
                words.add(member.bytes);
            }
            chunked(writes, "SADD", key, words, 1);
        } else if (value instanceof ListValue list) {
            List<byte[]> words = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                words.add(list.get(i));
            }
            chunked(writes, "RPUSH", key, words, 1);
        } else {
            List<byte[]> words = new ArrayList<>();
            for (SortedSetValue.Entry entry : ((SortedSetValue) value).entries()) {
                words.add(ShardStore.bytes(Floats.format(entry.score())));
                words.add(entry.member().bytes);
            }
            chunked(writes, "ZADD", key, words, 2);
        }
        if (deadline >= 0) {
            writes.add(new byte[][] {ShardStore.PEXPIREAT, key.bytes, ShardStore.bytes(Long.toString(deadline))});
        }
        return writes;
    }

    private static void chunked(List<byte[][]> writes, String command, Key key, List<byte[]> words, int perElement) {
        int step = WRITE_CHUNK * perElement;
        for (int from = 0; from < words.size(); from += step) {
            List<byte[]> part = words.subList(from, Math.min(words.size(), from + step));
            byte[][] write = new byte[2 + part.size()][];
            write[0] = ShardStore.bytes(command);
            write[1] = key.bytes;
            for (int i = 0; i < part.size(); i++) {
                write[2 + i] = part.get(i);
            }
            writes.add(write);
        }
    }
}
