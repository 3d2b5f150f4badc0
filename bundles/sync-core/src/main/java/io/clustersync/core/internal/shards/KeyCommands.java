package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.List;
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
        commands.put("EXPIRE", (s, a, now) -> expire(s, a, now + Math.multiplyExact(integer(a[2]), 1000L), now));
        commands.put("PEXPIRE", (s, a, now) -> expire(s, a, now + integer(a[2]), now));
        commands.put("EXPIREAT", (s, a, now) -> expire(s, a, Math.multiplyExact(integer(a[2]), 1000L), now));
        commands.put("PEXPIREAT", (s, a, now) -> expire(s, a, integer(a[2]), now));
        commands.put("TTL", (s, a, now) -> ttl(s, a[1], now, 1000));
        commands.put("PTTL", (s, a, now) -> ttl(s, a[1], now, 1));
        commands.put("PERSIST", (s, a, now) -> {
            Key key = new Key(a[1]);
            if (s.lookup(key, now) == null || !s.expiries().remove(key)) {
                return Reply.ZERO;
            }
            s.record(a[0], a[1]);
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
            throw new ArrayIndexOutOfBoundsException();
        }
        List<byte[]> deleted = new ArrayList<>(args.length);
        deleted.add(ShardStore.DEL);
        for (int i = 1; i < args.length; i++) {
            Key key = new Key(args[i]);
            if (store.lookup(key, now) != null && store.delete(key)) {
                deleted.add(args[i]);
            }
        }
        if (deleted.size() > 1) {
            store.record(deleted.toArray(new byte[0][]));
        }
        return Reply.integer(deleted.size() - 1);
    }

    /** The deadline is absolute; one in the past deletes the key, as Redis does. Options NX, XX, GT, LT. */
    private static Reply expire(ShardStore store, byte[][] args, long deadline, long now) {
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
            return Reply.ONE;
        }
        store.expiries().set(key, deadline);
        store.record(ShardStore.PEXPIREAT, args[1], Arguments.bytes(deadline));
        return Reply.ONE;
    }

    private static Reply ttl(ShardStore store, byte[] keyBytes, long now, long unit) {
        Key key = new Key(keyBytes);
        if (store.lookup(key, now) == null) {
            return Reply.integer(-2);
        }
        long deadline = store.expiries().deadline(key);
        if (deadline < 0) {
            return Reply.integer(-1);
        }
        long left = Math.max(0, deadline - now);
        return Reply.integer(unit == 1 ? left : (left + 500) / 1000);
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
