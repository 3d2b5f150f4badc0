package io.clustersync.core.internal.shards;

import io.clustersync.core.api.GlobPattern;
import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/** Commands on keys of any type: DEL, EXISTS, TYPE, the expiry commands, DBSIZE, FLUSHDB, KEYS and SCAN. */
final class KeyCommands {

    private KeyCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("DEL", KeyCommands::delete);
        commands.put("UNLINK", KeyCommands::delete);
        commands.put("EXISTS", (s, a, now) -> {
            long count = 0;
            for (int i = 1; i < a.length; i++) {
                count += s.lookup(new Key(a[i]), now) != null ? 1 : 0;
            }
            return Reply.integer(count);
        });
        commands.put("TYPE", (s, a, now) -> new Reply.Simple(Values.typeName(s.lookup(new Key(a[1]), now))));
        commands.put("EXPIRE", (s, a, now) -> expire(s, a, now, 1000, now));
        commands.put("PEXPIRE", (s, a, now) -> expire(s, a, now, 1, now));
        commands.put("EXPIREAT", (s, a, now) -> expire(s, a, 0, 1000, now));
        commands.put("PEXPIREAT", (s, a, now) -> expire(s, a, 0, 1, now));
        commands.put("TTL", (s, a, now) -> ttl(s, a[1], now, 1000, false));
        commands.put("PTTL", (s, a, now) -> ttl(s, a[1], now, 1, false));
        commands.put("EXPIRETIME", (s, a, now) -> ttl(s, a[1], now, 1000, true));
        commands.put("PEXPIRETIME", (s, a, now) -> ttl(s, a[1], now, 1, true));
        commands.put("TOUCH", (s, a, now) -> {
            long count = 0;
            for (int i = 1; i < a.length; i++) {
                count += s.lookup(new Key(a[i]), now) != null ? 1 : 0;
            }
            return Reply.integer(count);
        });
        commands.put("RENAME", (s, a, now) -> rename(s, a, now, false));
        commands.put("RENAMENX", (s, a, now) -> rename(s, a, now, true));
        commands.put("COPY", KeyCommands::copy);
        commands.put("OBJECT", ObjectCommand::run);
        commands.put("RANDOMKEY", (s, a, now) -> {
            Key key = s.randomKey(now);
            return key == null ? Reply.NIL : new Reply.Bulk(key.bytes);
        });
        commands.put("PERSIST", (s, a, now) -> {
            Key key = new Key(a[1]);
            if (s.lookup(key, now) == null || !s.expiries().remove(key)) {
                return Reply.ZERO;
            }
            s.record(a[0], a[1]);
            s.notify(KeyspaceEventClasses.GENERIC, "persist", a[1]);
            return Reply.ONE;
        });
        commands.put("DBSIZE", (s, a, now) -> Reply.integer(s.keyspace().size()));
        commands.put("FLUSHDB", KeyCommands::flush);
        commands.put("FLUSHALL", KeyCommands::flush);
        commands.put("KEYS", KeyCommands::keys);
        commands.put("SCAN", KeyCommands::scan);
    }

    private static Reply delete(ShardStore store, byte[][] args, long now) {
        if (args.length < 2) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        List<byte[]> deleted = new ArrayList<>(args.length);
        deleted.add(ShardStore.DEL);
        for (int i = 1; i < args.length; i++) {
            Key key = new Key(args[i]);
            if (store.lookup(key, now) != null && store.delete(key)) {
                deleted.add(args[i]);
                store.notify(KeyspaceEventClasses.GENERIC, "del", args[i]);
            }
        }
        if (deleted.size() > 1) {
            store.record(deleted.toArray(new byte[0][]));
        }
        return Reply.integer(deleted.size() - 1);
    }

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT: {@code args[2]} in {@code unit} ms after {@code base} (now, or 0 for
     * the AT forms), with Redis 7.0's checks in its order (options, number, overflow, key, NX/XX/GT/LT). A deadline
     * in the past deletes the key, as Redis does.
     */
    private static Reply expire(ShardStore store, byte[][] args, long base, long unit, long now) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < args.length; i++) {
            if (is(args[i], "NX")) {
                nx = true;
            } else if (is(args[i], "XX")) {
                xx = true;
            } else if (is(args[i], "GT")) {
                gt = true;
            } else if (is(args[i], "LT")) {
                lt = true;
            } else {
                return Reply.error("ERR Unsupported option " + Arguments.text(args[i]));
            }
        }
        if (nx && (xx || gt || lt)) {
            return Reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            return Reply.error("ERR GT and LT options at the same time are not compatible");
        }
        long when = integer(args[2]);
        Reply invalid = Reply.error("ERR invalid expire time in '" + Arguments.text(args[0]).toLowerCase(Locale.ROOT)
                + "' command");
        if (unit == 1000) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                return invalid;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - base) {
            return invalid;
        }
        long deadline = when + base;
        Key key = new Key(args[1]);
        if (store.lookup(key, now) == null) {
            return Reply.ZERO;
        }
        long current = store.expiries().deadline(key);
        boolean hasTtl = current >= 0;
        if ((nx && hasTtl) || (xx && !hasTtl) || (gt && (!hasTtl || deadline <= current))
                || (lt && hasTtl && deadline >= current)) {
            return Reply.ZERO;
        }
        if (deadline <= now) {
            store.delete(key);
            store.record(ShardStore.DEL, args[1]);
            store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
            return Reply.ONE;
        }
        store.expiries().set(key, deadline);
        store.record(ShardStore.PEXPIREAT, args[1], Arguments.bytes(deadline));
        store.notify(KeyspaceEventClasses.GENERIC, "expire", args[1]);
        return Reply.ONE;
    }

    /** TTL and PTTL ({@code absolute}: EXPIRETIME and PEXPIRETIME): -2 without the key, -1 without a deadline. */
    private static Reply ttl(ShardStore store, byte[] keyBytes, long now, long unit, boolean absolute) {
        Key key = new Key(keyBytes);
        if (store.lookup(key, now) == null) {
            return Reply.integer(-2);
        }
        long deadline = store.expiries().deadline(key);
        if (deadline < 0) {
            return Reply.integer(-1);
        }
        long left = absolute ? deadline : Math.max(0, deadline - now);
        return Reply.integer(unit == 1 ? left : left / 1000 + (left % 1000 + 500) / 1000); // rounded, without overflow
    }

    private static Reply rename(ShardStore store, byte[][] args, long now, boolean nx) {
        Key source = new Key(args[1]);
        Key destination = new Key(args[2]);
        Object value = store.lookup(source, now);
        if (value == null) {
            return Reply.error("ERR no such key");
        }
        if (source.equals(destination)) {
            return nx ? Reply.ZERO : Reply.OK;
        }
        long deadline = store.expiries().deadline(source);
        if (store.lookup(destination, now) != null) {
            if (nx) {
                return Reply.ZERO;
            }
            store.delete(destination);
        }
        store.delete(source);
        store.put(destination, value, false);
        if (deadline >= 0) {
            store.expiries().set(destination, deadline);
        }
        store.record(ShardStore.bytes("RENAME"), args[1], args[2]);
        store.notify(KeyspaceEventClasses.GENERIC, "rename_from", args[1]);
        store.notify(KeyspaceEventClasses.GENERIC, "rename_to", args[2]);
        return nx ? Reply.ONE : Reply.OK;
    }

    private static Reply copy(ShardStore store, byte[][] args, long now) {
        boolean replace = false;
        for (int j = 3; j < args.length; j++) {
            if (is(args[j], "REPLACE")) {
                replace = true;
            } else if (is(args[j], "DB") && j + 1 < args.length) {
                long db = integer(args[++j]);
                if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
                    return Reply.NOT_INTEGER;
                }
                if (db != 0) {
                    return Reply.error("ERR DB index is out of range");
                }
            } else {
                return Reply.SYNTAX;
            }
        }
        Key source = new Key(args[1]);
        Key destination = new Key(args[2]);
        if (source.equals(destination)) {
            return Reply.error("ERR source and destination objects are the same");
        }
        Object value = store.lookup(source, now);
        if (value == null) {
            return Reply.ZERO;
        }
        long deadline = store.expiries().deadline(source);
        if (store.lookup(destination, now) != null) {
            if (!replace) {
                return Reply.ZERO;
            }
            store.delete(destination);
        }
        store.put(destination, Values.copy(value), false);
        if (deadline >= 0) {
            store.expiries().set(destination, deadline);
        }
        store.record(ShardStore.bytes("COPY"), args[1], args[2], ShardStore.bytes("REPLACE"));
        store.notify(KeyspaceEventClasses.GENERIC, "copy_to", args[2]);
        return Reply.ONE;
    }

    private static Reply flush(ShardStore store, byte[][] args, long now) {
        for (int i = 1; i < args.length; i++) {
            if (!is(args[i], "ASYNC") && !is(args[i], "SYNC")) {
                return Reply.SYNTAX;
            }
        }
        store.flushAll();
        store.record(ShardStore.bytes("FLUSHDB"));
        return Reply.OK;
    }

    private static Reply keys(ShardStore store, byte[][] args, long now) {
        byte[] pattern = args[1];
        List<Reply> found = new ArrayList<>();
        List<Key> all = new ArrayList<>();
        store.keyspace().forEach((key, value) -> all.add(key));
        for (Key key : all) {
            if (GlobPattern.matches(pattern, key.bytes) && store.lookup(key, now) != null) {
                found.add(new Reply.Bulk(key.bytes));
            }
        }
        return Reply.array(found);
    }

    /**
     * SCAN slot [MATCH pattern] [COUNT n] [TYPE type], within this shard: the cursor is a hash slot; whole slots
     * are returned until at least COUNT keys are, and the next cursor is the slot after the last one returned
     * (past the shard's last slot when the shard is done). The proxy turns this into Redis's SCAN over shards.
     */
    private static Reply scan(ShardStore store, byte[][] args, long now) {
        long cursor = integer(args[1], "ERR invalid cursor");
        byte[] pattern = null;
        long count = 10;
        String type = null;
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                return Reply.SYNTAX;
            }
            if (is(args[i], "MATCH")) {
                pattern = args[i + 1];
            } else if (is(args[i], "COUNT")) {
                count = integer(args[i + 1]);
                if (count < 1) {
                    return Reply.SYNTAX;
                }
            } else if (is(args[i], "TYPE")) {
                type = Arguments.text(args[i + 1]);
            } else {
                return Reply.SYNTAX;
            }
        }
        Keyspace keyspace = store.keyspace();
        int slot = (int) Math.max(cursor, keyspace.firstSlot());
        List<Reply> found = new ArrayList<>();
        int examined = 0;
        int walked = 0;
        while (slot <= keyspace.lastSlot() && examined < count && walked++ < 1024) {
            for (Key key : keyspace.keysOfSlot(slot)) {
                examined++;
                Object value = store.lookup(key, now);
                if (value != null && (pattern == null || GlobPattern.matches(pattern, key.bytes))
                        && (type == null || type.equalsIgnoreCase(Values.typeName(value)))) {
                    found.add(new Reply.Bulk(key.bytes));
                }
            }
            slot++;
        }
        return Reply.array(List.of(Reply.bulk(Integer.toString(slot)), Reply.array(found)));
    }
}
