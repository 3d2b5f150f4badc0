package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.clustersync.core.internal.shards.Arguments.integer;

/** HSET, HGET and the other commands on hash values. */
final class HashCommands {

    private HashCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("HSET", (s, a, now) -> hset(s, a, now, false));
        commands.put("HMSET", (s, a, now) -> hset(s, a, now, true));
        commands.put("HSETNX", HashCommands::hsetnx);
        commands.put("HGET", (s, a, now) -> {
            HashValue hash = read(s, a[1], now);
            if (a.length != 3) {
                throw new Arguments.Refused(ShardCommands.wrongArity(a));
            }
            byte[] value = hash == null ? null : hash.get(new Key(a[2]));
            return new Reply.Bulk(value);
        });
        commands.put("HMGET", (s, a, now) -> {
            HashValue hash = read(s, a[1], now);
            List<Reply> values = new ArrayList<>();
            for (int i = 2; i < a.length; i++) {
                values.add(new Reply.Bulk(hash == null ? null : hash.get(new Key(a[i]))));
            }
            if (a.length < 3) {
                throw new Arguments.Refused(ShardCommands.wrongArity(a));
            }
            return Reply.array(values);
        });
        commands.put("HDEL", HashCommands::hdel);
        commands.put("HGETALL", (s, a, now) -> fields(s, a, now, true, true));
        commands.put("HKEYS", (s, a, now) -> fields(s, a, now, true, false));
        commands.put("HVALS", (s, a, now) -> fields(s, a, now, false, true));
        commands.put("HLEN", (s, a, now) -> {
            HashValue hash = read(s, a[1], now);
            return Reply.integer(hash == null ? 0 : hash.size());
        });
        commands.put("HEXISTS", (s, a, now) -> {
            HashValue hash = read(s, a[1], now);
            return hash != null && hash.containsKey(new Key(a[2])) ? Reply.ONE : Reply.ZERO;
        });
        commands.put("HSTRLEN", (s, a, now) -> {
            HashValue hash = read(s, a[1], now);
            byte[] value = hash == null ? null : hash.get(new Key(a[2]));
            return Reply.integer(value == null ? 0 : value.length);
        });
        commands.put("HINCRBY", HashCommands::hincrby);
        commands.put("HINCRBYFLOAT", HashCommands::hincrbyfloat);
        commands.put("HSCAN", (s, a, now) -> {
            HashValue hash = read(s, a[1], now);
            return CollectionScan.scan(a, hash == null ? List.of() : hash.entrySet(),
                    field -> List.of(new Reply.Bulk(field.getKey().bytes), new Reply.Bulk(field.getValue())));
        });
        commands.put("HRANDFIELD", HashCommands::hrandfield);
    }

    /** The hash at the key, null when there is none; a key of another type is refused with WRONGTYPE. */
    private static HashValue read(ShardStore store, byte[] keyBytes, long now) {
        return Values.read(store, keyBytes, now, HashValue.class);
    }

    private static HashValue writable(ShardStore store, byte[] keyBytes, long now) {
        HashValue hash = read(store, keyBytes, now);
        if (hash == null) {
            hash = new HashValue();
            store.put(new Key(keyBytes), hash, false);
        }
        return hash;
    }

    private static Reply hset(ShardStore store, byte[][] args, long now, boolean legacy) {
        if (args.length < 4 || args.length % 2 != 0) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        HashValue hash = writable(store, args[1], now);
        int added = 0;
        for (int i = 2; i < args.length; i += 2) {
            if (hash.put(new Key(args[i]), args[i + 1]) == null) {
                added++;
            }
        }
        hash.trim();
        store.record(args);
        store.notify(KeyspaceEventClasses.HASH, "hset", args[1]);
        return legacy ? Reply.OK : Reply.integer(added);
    }

    private static Reply hsetnx(ShardStore store, byte[][] args, long now) {
        HashValue existing = read(store, args[1], now);
        if (existing != null && existing.containsKey(new Key(args[2]))) {
            return Reply.ZERO;
        }
        HashValue hash = writable(store, args[1], now);
        hash.put(new Key(args[2]), args[3]);
        hash.trim();
        store.record(ShardStore.bytes("HSET"), args[1], args[2], args[3]);
        store.notify(KeyspaceEventClasses.HASH, "hset", args[1]);
        return Reply.ONE;
    }

    private static Reply hdel(ShardStore store, byte[][] args, long now) {
        if (args.length < 3) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        HashValue hash = read(store, args[1], now);
        if (hash == null) {
            return Reply.ZERO;
        }
        List<byte[]> removed = new ArrayList<>();
        removed.add(args[0]);
        removed.add(args[1]);
        for (int i = 2; i < args.length; i++) {
            if (hash.remove(new Key(args[i])) != null) {
                removed.add(args[i]);
            }
        }
        if (hash.isEmpty()) {
            store.delete(new Key(args[1]));
        }
        hash.trim();
        if (removed.size() > 2) {
            store.record(removed.toArray(new byte[0][]));
            store.notify(KeyspaceEventClasses.HASH, "hdel", args[1]);
            if (hash.isEmpty()) {
                store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
            }
        }
        return Reply.integer(removed.size() - 2);
    }

    private static Reply fields(ShardStore store, byte[][] args, long now, boolean names, boolean values) {
        if (args.length != 2) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        HashValue hash = read(store, args[1], now);
        List<Reply> out = new ArrayList<>();
        if (hash != null) {
            for (Map.Entry<Key, byte[]> field : hash.entrySet()) {
                if (names) {
                    out.add(new Reply.Bulk(field.getKey().bytes));
                }
                if (values) {
                    out.add(new Reply.Bulk(field.getValue()));
                }
            }
        }
        return names && values ? Reply.map(out) : Reply.array(out);
    }

    private static Reply hincrbyfloat(ShardStore store, byte[][] args, long now) {
        BigDecimal by = Floats.parseLongDouble(args[3]);
        boolean infinite = Floats.isInfinity(args[3]);
        if (by == null && !infinite) {
            return Reply.error("ERR value is not a valid float");
        }
        if (infinite) {
            return Reply.error("ERR value is NaN or Infinity");
        }
        HashValue hash = read(store, args[1], now);
        byte[] old = hash == null ? null : hash.get(new Key(args[2]));
        BigDecimal current = old == null ? BigDecimal.ZERO : Floats.parseLongDouble(old);
        if (current == null && (old == null || !Floats.isInfinity(old))) {
            return Reply.error("ERR hash value is not a float");
        }
        BigDecimal next = current == null ? null : Floats.addLongDouble(current, by);
        if (next == null) {
            return Reply.error("ERR increment would produce NaN or Infinity");
        }
        byte[] stored = ShardStore.bytes(Floats.formatLongDouble(next));
        HashValue written = writable(store, args[1], now);
        written.put(new Key(args[2]), stored);
        written.trim();
        store.counting(args[1], args[2], by.doubleValue());
        store.record(ShardStore.bytes("HSET"), args[1], args[2], stored);
        store.notify(KeyspaceEventClasses.HASH, "hincrbyfloat", args[1]);
        return new Reply.Bulk(stored);
    }

    private static Reply hrandfield(ShardStore store, byte[][] args, long now) {
        if (args.length > 4 || (args.length == 4 && !Arguments.is(args[3], "WITHVALUES"))) {
            return Reply.SYNTAX;
        }
        HashValue hash;
        if (args.length == 2) {
            hash = read(store, args[1], now);
            if (hash == null) {
                return Reply.NIL;
            }
            List<Key> fields = new ArrayList<>(hash.keySet());
            return new Reply.Bulk(fields.get(ThreadLocalRandom.current().nextInt(fields.size())).bytes);
        }
        long count = integer(args[2]);
        boolean withValues = args.length == 4;
        if (count == Long.MIN_VALUE || (-count > ShardCommands.MAX_REPLY_ELEMENTS)) {
            return Reply.error("ERR value is out of range");
        }
        hash = read(store, args[1], now);
        if (hash == null || count == 0) {
            return Reply.array(List.of());
        }
        List<Map.Entry<Key, byte[]>> fields = new ArrayList<>(hash.entrySet());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Map.Entry<Key, byte[]>> chosen = new ArrayList<>();
        if (count > 0) {
            Collections.shuffle(fields, random);
            chosen = fields.subList(0, (int) Math.min(count, fields.size()));
        } else {
            for (long i = 0; i < -count; i++) {
                chosen.add(fields.get(random.nextInt(fields.size())));
            }
        }
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<Key, byte[]> field : chosen) {
            out.add(new Reply.Bulk(field.getKey().bytes));
            if (withValues) {
                out.add(new Reply.Bulk(field.getValue()));
            }
        }
        return withValues ? Reply.pairs(out) : Reply.array(out);
    }

    private static Reply hincrby(ShardStore store, byte[][] args, long now) {
        long by = integer(args[3]);
        HashValue hash = read(store, args[1], now);
        byte[] old = hash == null ? null : hash.get(new Key(args[2]));
        long current = old == null ? 0 : integer(old, "ERR hash value is not an integer");
        long next = Arguments.add(current, by);
        byte[] stored = Arguments.bytes(next);
        HashValue written = writable(store, args[1], now);
        written.put(new Key(args[2]), stored);
        written.trim();
        store.counting(args[1], args[2], by);
        store.record(ShardStore.bytes("HSET"), args[1], args[2], stored);
        store.notify(KeyspaceEventClasses.HASH, "hincrby", args[1]);
        return Reply.integer(next);
    }
}
