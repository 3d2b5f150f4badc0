package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * GET, SET and the other commands on string values, as Redis 7.0 answers them. A write is recorded as the SET
 * (or DEL, PEXPIREAT, PERSIST) that replays it: an INCR as the value it made, a relative time as a deadline.
 */
final class StringCommands {

    /** The longest string a write may make: the proxies' largest bulk string, Redis's {@code proto-max-bulk-len}. */
    static final int MAX_STRING_BYTES = 16 << 20;
    private static final Reply TOO_LONG = Reply.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");

    /** What an expiry option of SET or GETEX is. */
    private enum Expiry { NONE, EX, PX, EXAT, PXAT, KEEPTTL, PERSIST }

    private StringCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("GET", StringCommands::get);
        commands.put("SET", (s, a, now) -> set(s, a, now, false));
        commands.put("SETNX", (s, a, now) -> {
            if (s.lookup(new Key(a[1]), now) != null) {
                return Reply.ZERO;
            }
            store(s, a[1], a[2], -1, false, "set");
            return Reply.ONE;
        });
        commands.put("SETEX", (s, a, now) -> setex(s, a, now, 1000));
        commands.put("PSETEX", (s, a, now) -> setex(s, a, now, 1));
        commands.put("GETSET", (s, a, now) -> {
            Reply old = get(s, a, now);
            if (old instanceof Reply.Err) {
                return old;
            }
            store(s, a[1], a[2], -1, false, "set");
            return old;
        });
        commands.put("GETDEL", StringCommands::getdel);
        commands.put("GETEX", StringCommands::getex);
        commands.put("MGET", StringCommands::mget);
        commands.put("MSET", StringCommands::mset);
        commands.put("MSETNX", StringCommands::msetnx);
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
        commands.put("INCRBYFLOAT", StringCommands::incrbyfloat);
        commands.put("APPEND", StringCommands::append);
        commands.put("STRLEN", (s, a, now) -> {
            byte[] value = read(s, a[1], now);
            return Reply.integer(value == null ? 0 : value.length);
        });
        commands.put("GETRANGE", StringCommands::getrange);
        commands.put("SUBSTR", StringCommands::getrange);
        commands.put("SETRANGE", StringCommands::setrange);
    }

    static byte[] read(ShardStore store, byte[] key, long now) {
        return Values.read(store, key, now, byte[].class);
    }

    /**
     * Stores a string (with a deadline, or keeping the one it has), records the SET that replays it and notifies
     * {@code event} (and "expire" for a deadline), as Redis's command does.
     */
    private static void store(ShardStore store, byte[] key, byte[] value, long deadline, boolean keepTtl, String event) {
        Key k = new Key(key);
        store.put(k, value, keepTtl);
        if (deadline >= 0) {
            store.expiries().set(k, deadline);
            store.record(ShardStore.SET, key, value, ShardStore.PXAT, Arguments.bytes(deadline));
        } else if (keepTtl) {
            store.record(ShardStore.SET, key, value, ShardStore.KEEPTTL);
        } else {
            store.record(ShardStore.SET, key, value);
        }
        store.notify(KeyspaceEventClasses.STRING, event, key);
        if (deadline >= 0) {
            store.notify(KeyspaceEventClasses.GENERIC, "expire", key);
        }
    }

    private static Reply get(ShardStore store, byte[][] args, long now) {
        byte[] value = read(store, args[1], now);
        return value == null ? Reply.NIL : new Reply.Bulk(value);
    }

    private static Reply.Err invalidExpire(byte[][] args) {
        return Reply.error("ERR invalid expire time in '" + Arguments.text(args[0]).toLowerCase(Locale.ROOT) + "' command");
    }

    /**
     * The deadline an expiry option sets, as Redis's {@code getExpireMillisecondsOrReply} computes it; a time Redis
     * refuses is refused with its words.
     */
    private static long deadline(byte[][] args, Expiry kind, byte[] amountArg, long now) {
        long amount = integer(amountArg);
        boolean seconds = kind == Expiry.EX || kind == Expiry.EXAT;
        if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000)) {
            throw new Arguments.Refused(invalidExpire(args).message());
        }
        long ms = seconds ? amount * 1000 : amount;
        if (kind == Expiry.EX || kind == Expiry.PX) {
            ms += now;
            if (ms <= 0) {
                throw new Arguments.Refused(invalidExpire(args).message());
            }
        }
        return ms;
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]; {@code getex} reads GETEX's options. */
    static Reply set(ShardStore store, byte[][] args, long now, boolean getex) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        Expiry expiry = Expiry.NONE;
        byte[] amount = null;
        for (int j = getex ? 2 : 3; j < args.length; j++) {
            byte[] option = args[j];
            boolean hasNext = j + 1 < args.length;
            boolean timed = expiry == Expiry.EX || expiry == Expiry.PX || expiry == Expiry.EXAT || expiry == Expiry.PXAT;
            if (!getex && is(option, "NX") && !xx) {
                nx = true;
            } else if (!getex && is(option, "XX") && !nx) {
                xx = true;
            } else if (!getex && is(option, "GET")) {
                get = true;
            } else if (!getex && is(option, "KEEPTTL") && !timed) {
                expiry = Expiry.KEEPTTL;
            } else if (getex && is(option, "PERSIST") && !timed && expiry != Expiry.KEEPTTL) {
                expiry = Expiry.PERSIST;
            } else if (hasNext && expiry != Expiry.KEEPTTL && expiry != Expiry.PERSIST && expiryOption(option) != null
                    && (expiry == Expiry.NONE || expiry == expiryOption(option))) {
                expiry = expiryOption(option);
                amount = args[++j];
            } else {
                return Reply.SYNTAX;
            }
        }
        long deadline = amount == null ? -1 : deadline(args, expiry, amount, now);
        if (getex) {
            return getexApply(store, args, expiry, deadline, now);
        }
        Reply answer = Reply.OK;
        if (get) {
            answer = get(store, args, now);
        }
        boolean found = store.lookup(new Key(args[1]), now) != null;
        if ((nx && found) || (xx && !found)) {
            return get ? answer : Reply.NIL;
        }
        store(store, args[1], args[2], deadline, expiry == Expiry.KEEPTTL, "set");
        return answer;
    }

    private static Expiry expiryOption(byte[] option) {
        if (is(option, "EX")) {
            return Expiry.EX;
        }
        if (is(option, "PX")) {
            return Expiry.PX;
        }
        if (is(option, "EXAT")) {
            return Expiry.EXAT;
        }
        if (is(option, "PXAT")) {
            return Expiry.PXAT;
        }
        return null;
    }

    private static Reply setex(ShardStore store, byte[][] args, long now, long unit) {
        long deadline = deadline(args, unit == 1000 ? Expiry.EX : Expiry.PX, args[2], now);
        store(store, args[1], args[3], deadline, false, "set");
        return Reply.OK;
    }

    private static Reply getex(ShardStore store, byte[][] args, long now) {
        return set(store, args, now, true);
    }

    private static Reply getexApply(ShardStore store, byte[][] args, Expiry expiry, long deadline, long now) {
        byte[] value = read(store, args[1], now);
        if (value == null) {
            return Reply.NIL;
        }
        Key key = new Key(args[1]);
        if (deadline >= 0) {
            if (deadline <= now) {
                store.delete(key);
                store.record(ShardStore.DEL, args[1]);
                store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
            } else {
                store.expiries().set(key, deadline);
                store.record(ShardStore.PEXPIREAT, args[1], Arguments.bytes(deadline));
                store.notify(KeyspaceEventClasses.GENERIC, "expire", args[1]);
            }
        } else if (expiry == Expiry.PERSIST && store.expiries().remove(key)) {
            store.record(ShardStore.bytes("PERSIST"), args[1]);
            store.notify(KeyspaceEventClasses.GENERIC, "persist", args[1]);
        }
        return new Reply.Bulk(value);
    }

    private static Reply getdel(ShardStore store, byte[][] args, long now) {
        byte[] value = read(store, args[1], now);
        if (value == null) {
            return Reply.NIL;
        }
        store.delete(new Key(args[1]));
        store.record(ShardStore.DEL, args[1]);
        store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
        return new Reply.Bulk(value);
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
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        for (int i = 1; i < args.length; i += 2) {
            store.lookup(new Key(args[i]), now); // a key past its deadline expires first, as Redis's lookup for a write does
            store.put(new Key(args[i]), args[i + 1], false);
            store.notify(KeyspaceEventClasses.STRING, "set", args[i]);
        }
        byte[][] write = args.clone();
        write[0] = ShardStore.bytes("MSET");
        store.record(write);
        return Reply.OK;
    }

    private static Reply msetnx(ShardStore store, byte[][] args, long now) {
        if (args.length < 3 || args.length % 2 == 0) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        for (int i = 1; i < args.length; i += 2) {
            if (store.lookup(new Key(args[i]), now) != null) {
                return Reply.ZERO;
            }
        }
        mset(store, args, now);
        return Reply.ONE;
    }

    private static Reply incrementBy(ShardStore store, byte[] keyBytes, long by, long now) {
        byte[] value = read(store, keyBytes, now);
        long current = value == null ? 0 : integer(value);
        long next = Arguments.add(current, by);
        store.counting(keyBytes, null, by);
        store(store, keyBytes, Arguments.bytes(next), -1, true, "incrby");
        return Reply.integer(next);
    }

    private static Reply incrbyfloat(ShardStore store, byte[][] args, long now) {
        byte[] value = read(store, args[1], now);
        BigDecimal current = value == null ? BigDecimal.ZERO : Floats.parseLongDouble(value);
        boolean currentInfinite = value != null && Floats.isInfinity(value);
        if (current == null && !currentInfinite) {
            return Reply.error("ERR value is not a valid float");
        }
        BigDecimal by = Floats.parseLongDouble(args[2]);
        boolean byInfinite = Floats.isInfinity(args[2]);
        if (by == null && !byInfinite) {
            return Reply.error("ERR value is not a valid float");
        }
        BigDecimal next = current == null || by == null ? null : Floats.addLongDouble(current, by);
        if (next == null) {
            return Reply.error("ERR increment would produce NaN or Infinity");
        }
        byte[] stored = ShardStore.bytes(Floats.formatLongDouble(next));
        store.counting(args[1], null, by.doubleValue());
        store(store, args[1], stored, -1, true, "incrbyfloat");
        return new Reply.Bulk(stored);
    }

    private static Reply append(ShardStore store, byte[][] args, long now) {
        byte[] old = read(store, args[1], now);
        if (old == null) {
            old = new byte[0];
        }
        if ((long) old.length + args[2].length > MAX_STRING_BYTES) {
            return TOO_LONG;
        }
        byte[] joined = Arrays.copyOf(old, old.length + args[2].length);
        System.arraycopy(args[2], 0, joined, old.length, args[2].length);
        store(store, args[1], joined, -1, true, "append");
        return Reply.integer(joined.length);
    }

    private static Reply getrange(ShardStore store, byte[][] args, long now) {
        long start = integer(args[2]);
        long end = integer(args[3]);
        byte[] value = read(store, args[1], now);
        if (value == null) {
            return new Reply.Bulk(new byte[0]);
        }
        long length = value.length;
        if (start < 0 && end < 0 && start > end) {
            return new Reply.Bulk(new byte[0]);
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            return new Reply.Bulk(new byte[0]);
        }
        return new Reply.Bulk(Arrays.copyOfRange(value, (int) start, (int) end + 1));
    }

    private static Reply setrange(ShardStore store, byte[][] args, long now) {
        long offset = integer(args[2]);
        if (offset < 0) {
            return Reply.error("ERR offset is out of range");
        }
        byte[] patch = args[3];
        byte[] old = read(store, args[1], now);
        if (old == null && patch.length == 0) {
            return Reply.ZERO;
        }
        if (old != null && patch.length == 0) {
            return Reply.integer(old.length);
        }
        if (offset + patch.length > MAX_STRING_BYTES) {
            return TOO_LONG;
        }
        byte[] base = old == null ? new byte[0] : old;
        byte[] result = Arrays.copyOf(base, (int) Math.max(base.length, offset + patch.length));
        System.arraycopy(patch, 0, result, (int) offset, patch.length);
        store(store, args[1], result, -1, true, "setrange");
        return Reply.integer(result.length);
    }
}
