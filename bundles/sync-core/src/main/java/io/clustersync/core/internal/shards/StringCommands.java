package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/** GET, SET and the other commands on string values. */
final class StringCommands {

    private StringCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("GET", StringCommands::get);
        commands.put("SET", StringCommands::set);
        commands.put("SETNX", (s, a, now) -> set(s, new byte[][] {a[0], a[1], a[2], "NX".getBytes()}, now) == Reply.OK ? Reply.ONE : Reply.ZERO);
        commands.put("SETEX", (s, a, now) -> set(s, new byte[][] {a[0], a[1], a[3], "EX".getBytes(), a[2]}, now));
        commands.put("PSETEX", (s, a, now) -> set(s, new byte[][] {a[0], a[1], a[3], "PX".getBytes(), a[2]}, now));
        commands.put("GETSET", (s, a, now) -> set(s, new byte[][] {a[0], a[1], a[2], "GET".getBytes()}, now));
        commands.put("GETDEL", StringCommands::getdel);
        commands.put("MGET", StringCommands::mget);
        commands.put("MSET", StringCommands::mset);
        commands.put("INCR", (s, a, now) -> incrementBy(s, a[1], 1, now));
        commands.put("DECR", (s, a, now) -> incrementBy(s, a[1], -1, now));
        commands.put("INCRBY", (s, a, now) -> incrementBy(s, a[1], integer(a[2]), now));
        commands.put("DECRBY", (s, a, now) -> {
            long by = integer(a[2]);
            if (by == Long.MIN_VALUE) {
                throw new Arguments.Refused("ERR decrement would overflow");
            }
            return incrementBy(s, a[1], -by, now);
        });
        commands.put("APPEND", StringCommands::append);
        commands.put("STRLEN", (s, a, now) -> {
            Object value = s.lookup(new Key(a[1]), now);
            return value == null ? Reply.ZERO : Values.isString(value) ? Reply.integer(((byte[]) value).length) : Reply.WRONGTYPE;
        });
    }

    private static Reply get(ShardStore store, byte[][] args, long now) {
        Object value = store.lookup(new Key(args[1]), now);
        if (value == null) {
            return Reply.NIL;
        }
        return value instanceof byte[] string ? new Reply.Bulk(string) : Reply.WRONGTYPE;
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]. */
    static Reply set(ShardStore store, byte[][] args, long now) {
        if (args.length < 3) {
            throw new ArrayIndexOutOfBoundsException();
        }
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long deadline = -1;
        for (int i = 3; i < args.length; i++) {
            byte[] option = args[i];
            if (is(option, "NX") && !xx) {
                nx = true;
            } else if (is(option, "XX") && !nx) {
                xx = true;
            } else if (is(option, "GET")) {
                get = true;
            } else if (is(option, "KEEPTTL") && deadline < 0) {
                keepTtl = true;
            } else if ((is(option, "EX") || is(option, "PX") || is(option, "EXAT") || is(option, "PXAT"))
                    && deadline < 0 && !keepTtl && i + 1 < args.length) {
                long amount = integer(args[++i]);
                boolean seconds = is(option, "EX") || is(option, "EXAT");
                boolean absolute = is(option, "EXAT") || is(option, "PXAT");
                if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000)) {
                    throw new Arguments.Refused("ERR invalid expire time in 'set' command");
                }
                long ms = seconds ? amount * 1000 : amount;
                deadline = absolute ? ms : now + ms;
                if (!absolute && deadline < now) {
                    throw new Arguments.Refused("ERR invalid expire time in 'set' command");
                }
            } else {
                return Reply.SYNTAX;
            }
        }
        Key key = new Key(args[1]);
        Object old = store.lookup(key, now);
        if (get && old != null && !Values.isString(old)) {
            return Reply.WRONGTYPE;
        }
        Reply answer = get ? (old == null ? Reply.NIL : new Reply.Bulk((byte[]) old)) : Reply.OK;
        if ((nx && old != null) || (xx && old == null)) {
            return get ? answer : Reply.NIL;
        }
        store.put(key, args[2], keepTtl);
        if (deadline >= 0) {
            store.expiries().set(key, deadline);
            store.record(ShardStore.SET, args[1], args[2], ShardStore.PXAT, Arguments.bytes(deadline));
        } else if (keepTtl) {
            store.record(ShardStore.SET, args[1], args[2], ShardStore.KEEPTTL);
        } else {
            store.record(ShardStore.SET, args[1], args[2]);
        }
        return answer;
    }

    private static Reply getdel(ShardStore store, byte[][] args, long now) {
        Key key = new Key(args[1]);
        Object value = store.lookup(key, now);
        if (value == null) {
            return Reply.NIL;
        }
        if (!Values.isString(value)) {
            return Reply.WRONGTYPE;
        }
        store.delete(key);
        store.record(ShardStore.DEL, args[1]);
        return new Reply.Bulk((byte[]) value);
    }

    private static Reply mget(ShardStore store, byte[][] args, long now) {
        List<Reply> values = new ArrayList<>(args.length - 1);
        for (int i = 1; i < args.length; i++) {
            Object value = store.lookup(new Key(args[i]), now);
            values.add(value instanceof byte[] string ? new Reply.Bulk(string) : Reply.NIL);
        }
        return Reply.array(values);
    }

    private static Reply mset(ShardStore store, byte[][] args, long now) {
        if (args.length < 3 || args.length % 2 == 0) {
            throw new ArrayIndexOutOfBoundsException();
        }
        for (int i = 1; i < args.length; i += 2) {
            store.put(new Key(args[i]), args[i + 1], false);
        }
        store.record(args);
        return Reply.OK;
    }

    private static Reply incrementBy(ShardStore store, byte[] keyBytes, long by, long now) {
        Key key = new Key(keyBytes);
        Object value = store.lookup(key, now);
        long current = 0;
        if (value != null) {
            if (!Values.isString(value)) {
                return Reply.WRONGTYPE;
            }
            current = integer((byte[]) value);
        }
        long next = Arguments.add(current, by);
        byte[] stored = Arguments.bytes(next);
        store.put(key, stored, true);
        store.record(ShardStore.SET, keyBytes, stored, ShardStore.KEEPTTL);
        return Reply.integer(next);
    }

    private static Reply append(ShardStore store, byte[][] args, long now) {
        Key key = new Key(args[1]);
        Object value = store.lookup(key, now);
        if (value != null && !Values.isString(value)) {
            return Reply.WRONGTYPE;
        }
        byte[] old = value == null ? new byte[0] : (byte[]) value;
        byte[] joined = java.util.Arrays.copyOf(old, old.length + args[2].length);
        System.arraycopy(args[2], 0, joined, old.length, args[2].length);
        store.put(key, joined, true);
        store.record(ShardStore.SET, args[1], joined, ShardStore.KEEPTTL);
        return Reply.integer(joined.length);
    }
}
