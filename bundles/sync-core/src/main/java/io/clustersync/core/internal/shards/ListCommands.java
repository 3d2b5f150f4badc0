package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * LPUSH, LRANGE and the other commands on list values, as Redis 7.0 answers them. A write is recorded as the
 * deterministic command that replays it (a pop with the count it removed, a move with its ends), so that a
 * replica applying the record reaches the same list. The blocking pops are served by {@link BlockedClients};
 * their non-blocking half lives here.
 */
final class ListCommands {

    static final byte[] LPOP = ShardStore.bytes("LPOP");
    static final byte[] RPOP = ShardStore.bytes("RPOP");
    static final byte[] LMOVE = ShardStore.bytes("LMOVE");
    private static final String OUT_OF_RANGE_POSITIVE = "ERR value is out of range, must be positive";

    private ListCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("LPUSH", (s, a, now) -> push(s, a, now, true, false));
        commands.put("RPUSH", (s, a, now) -> push(s, a, now, false, false));
        commands.put("LPUSHX", (s, a, now) -> push(s, a, now, true, true));
        commands.put("RPUSHX", (s, a, now) -> push(s, a, now, false, true));
        commands.put("LPOP", (s, a, now) -> pop(s, a, now, true));
        commands.put("RPOP", (s, a, now) -> pop(s, a, now, false));
        commands.put("LLEN", (s, a, now) -> {
            ListValue list = read(s, a[1], now);
            return Reply.integer(list == null ? 0 : list.size());
        });
        commands.put("LRANGE", ListCommands::lrange);
        commands.put("LINDEX", ListCommands::lindex);
        commands.put("LSET", ListCommands::lset);
        commands.put("LINSERT", ListCommands::linsert);
        commands.put("LREM", ListCommands::lrem);
        commands.put("LTRIM", ListCommands::ltrim);
        commands.put("LPOS", ListCommands::lpos);
        commands.put("LMOVE", ListCommands::lmove);
        commands.put("RPOPLPUSH", (s, a, now) -> move(s, a[1], a[2], false, true, now));
        commands.put("LMPOP", (s, a, now) -> lmpop(s, a, 1, now));
    }

    static ListValue read(ShardStore store, byte[] key, long now) {
        return Values.read(store, key, now, ListValue.class);
    }

    private static Reply push(ShardStore store, byte[][] args, long now, boolean left, boolean onlyExisting) {
        if (args.length < 3) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        Key key = new Key(args[1]);
        ListValue list = read(store, args[1], now);
        if (list == null) {
            if (onlyExisting) {
                return Reply.ZERO;
            }
            list = new ListValue();
            store.put(key, list, false);
        }
        for (int i = 2; i < args.length; i++) {
            if (left) {
                list.addFirst(args[i]);
            } else {
                list.addLast(args[i]);
            }
        }
        byte[][] write = args.clone();
        write[0] = ShardStore.bytes(left ? "LPUSH" : "RPUSH");
        store.record(write);
        store.notify(KeyspaceEventClasses.LIST, left ? "lpush" : "rpush", args[1]);
        store.signalReady(key);
        return Reply.integer(list.size());
    }

    private static Reply pop(ShardStore store, byte[][] args, long now, boolean left) {
        if (args.length > 3) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        boolean hasCount = args.length == 3;
        long count = hasCount ? positive(args[2], OUT_OF_RANGE_POSITIVE) : 1;
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return hasCount ? Reply.NIL_ARRAY : Reply.NIL;
        }
        if (hasCount && count == 0) {
            return Reply.array(List.of());
        }
        List<Reply> popped = popElements(store, args[1], list, left, count);
        return hasCount ? Reply.array(popped) : popped.get(0);
    }

    /** Pops up to {@code count} elements from one end, deletes the key when it empties, records the pop. */
    static List<Reply> popElements(ShardStore store, byte[] key, ListValue list, boolean left, long count) {
        int n = (int) Math.min(count, list.size());
        List<Reply> popped = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            popped.add(new Reply.Bulk(left ? list.removeFirst() : list.removeLast()));
        }
        if (list.isEmpty()) {
            store.delete(new Key(key));
        }
        store.record(left ? LPOP : RPOP, key, Arguments.bytes(n));
        store.notify(KeyspaceEventClasses.LIST, left ? "lpop" : "rpop", key);
        if (list.isEmpty()) {
            store.notify(KeyspaceEventClasses.GENERIC, "del", key);
        }
        return popped;
    }

    static long positive(byte[] arg, String error) {
        long value = integer(arg, error);
        if (value < 0) {
            throw new Arguments.Refused(error);
        }
        return value;
    }

    /** Redis's clamping of a [start, stop] range over a collection of {@code size}; null when it is empty. */
    static int[] range(long start, long stop, int size) {
        if (start < 0) {
            start = size + start;
        }
        if (stop < 0) {
            stop = size + stop;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > stop || start >= size) {
            return null;
        }
        if (stop >= size) {
            stop = size - 1;
        }
        return new int[] {(int) start, (int) stop};
    }

    private static Reply lrange(ShardStore store, byte[][] args, long now) {
        long start = integer(args[2]);
        long stop = integer(args[3]);
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return Reply.array(List.of());
        }
        int[] range = range(start, stop, list.size());
        if (range == null) {
            return Reply.array(List.of());
        }
        List<Reply> out = new ArrayList<>(range[1] - range[0] + 1);
        for (byte[] element : list.range(range[0], range[1])) {
            out.add(new Reply.Bulk(element));
        }
        return Reply.array(out);
    }

    private static Reply lindex(ShardStore store, byte[][] args, long now) {
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return Reply.NIL;
        }
        long index = integer(args[2]);
        if (index < 0) {
            index += list.size();
        }
        return index < 0 || index >= list.size() ? Reply.NIL : new Reply.Bulk(list.get((int) index));
    }

    private static Reply lset(ShardStore store, byte[][] args, long now) {
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return Reply.error("ERR no such key");
        }
        long index = integer(args[2]);
        long at = index < 0 ? index + list.size() : index;
        if (at < 0 || at >= list.size()) {
            return Reply.error("ERR index out of range");
        }
        list.set((int) at, args[3]);
        store.record(ShardStore.bytes("LSET"), args[1], Arguments.bytes(at), args[3]);
        store.notify(KeyspaceEventClasses.LIST, "lset", args[1]);
        return Reply.OK;
    }

    private static Reply linsert(ShardStore store, byte[][] args, long now) {
        boolean after;
        if (is(args[2], "AFTER")) {
            after = true;
        } else if (is(args[2], "BEFORE")) {
            after = false;
        } else {
            return Reply.SYNTAX;
        }
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return Reply.ZERO;
        }
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), args[3])) {
                list.insert(after ? i + 1 : i, args[4]);
                store.record(ShardStore.bytes("LINSERT"), args[1], after ? ShardStore.bytes("AFTER") : ShardStore.bytes("BEFORE"),
                        args[3], args[4]);
                store.notify(KeyspaceEventClasses.LIST, "linsert", args[1]);
                return Reply.integer(list.size());
            }
        }
        return Reply.integer(-1);
    }

    private static Reply lrem(ShardStore store, byte[][] args, long now) {
        long count = integer(args[2]);
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return Reply.ZERO;
        }
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < list.size() && (count == 0 || removed < count); ) {
                if (Arrays.equals(list.get(i), args[3])) {
                    list.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = list.size() - 1; i >= 0 && removed < -count; i--) {
                if (Arrays.equals(list.get(i), args[3])) {
                    list.remove(i);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            if (list.isEmpty()) {
                store.delete(new Key(args[1]));
            }
            store.record(ShardStore.bytes("LREM"), args[1], args[2], args[3]);
            store.notify(KeyspaceEventClasses.LIST, "lrem", args[1]);
            if (list.isEmpty()) {
                store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
            }
        }
        return Reply.integer(removed);
    }

    private static Reply ltrim(ShardStore store, byte[][] args, long now) {
        long start = integer(args[2]);
        long stop = integer(args[3]);
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return Reply.OK;
        }
        int[] range = range(start, stop, list.size());
        if (range == null) {
            store.delete(new Key(args[1]));
            store.record(ShardStore.DEL, args[1]);
        } else if (range[0] > 0 || range[1] < list.size() - 1) {
            list.keep(range[0], range[1]);
            store.record(ShardStore.bytes("LTRIM"), args[1], Arguments.bytes(range[0]), Arguments.bytes(range[1]));
        }
        store.notify(KeyspaceEventClasses.LIST, "ltrim", args[1]);
        if (range == null) {
            store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
        }
        return Reply.OK;
    }

    private static Reply lpos(ShardStore store, byte[][] args, long now) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < args.length; j++) {
            boolean more = j + 1 < args.length;
            if (is(args[j], "RANK") && more) {
                rank = integer(args[++j]);
                if (rank == 0) {
                    return Reply.error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                            + "or use negative to start from the end of the list");
                }
                if (rank == Long.MIN_VALUE) {
                    return Reply.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
                }
            } else if (is(args[j], "COUNT") && more) {
                count = positive(args[++j], "ERR COUNT can't be negative");
            } else if (is(args[j], "MAXLEN") && more) {
                maxlen = positive(args[++j], "ERR MAXLEN can't be negative");
            } else {
                return Reply.SYNTAX;
            }
        }
        ListValue list = read(store, args[1], now);
        if (list == null) {
            return count != -1 ? Reply.array(List.of()) : Reply.NIL;
        }
        boolean fromTail = rank < 0;
        long wanted = Math.abs(rank);
        int size = list.size();
        List<Reply> found = new ArrayList<>();
        long matches = 0;
        for (int seen = 0; seen < size && (maxlen == 0 || seen < maxlen); seen++) {
            int index = fromTail ? size - 1 - seen : seen;
            if (Arrays.equals(list.get(index), args[2])) {
                matches++;
                if (matches >= wanted) {
                    found.add(Reply.integer(index));
                    if (count == -1 || (count > 0 && matches - wanted + 1 >= count)) {
                        break;
                    }
                }
            }
        }
        if (count != -1) {
            return Reply.array(found);
        }
        return found.isEmpty() ? Reply.NIL : found.get(0);
    }

    private static Reply lmove(ShardStore store, byte[][] args, long now) {
        boolean fromLeft = side(args[3]);
        boolean toLeft = side(args[4]);
        return move(store, args[1], args[2], fromLeft, toLeft, now);
    }

    /** LEFT or RIGHT (true for LEFT); anything else is a syntax error. */
    static boolean side(byte[] arg) {
        if (is(arg, "LEFT")) {
            return true;
        }
        if (is(arg, "RIGHT")) {
            return false;
        }
        throw new Arguments.Refused(Reply.SYNTAX.message());
    }

    /** Pops from one list and pushes onto another (or the same), as LMOVE and RPOPLPUSH; nil when the source is empty. */
    static Reply move(ShardStore store, byte[] source, byte[] destination, boolean fromLeft, boolean toLeft, long now) {
        ListValue from = read(store, source, now);
        if (from == null) {
            return Reply.NIL;
        }
        ListValue to = read(store, destination, now);
        byte[] element = fromLeft ? from.removeFirst() : from.removeLast();
        if (from.isEmpty() && to != from) {
            store.delete(new Key(source));
        }
        if (to == null) {
            to = new ListValue();
            store.put(new Key(destination), to, false);
        }
        if (toLeft) {
            to.addFirst(element);
        } else {
            to.addLast(element);
        }
        store.record(LMOVE, source, destination, ShardStore.bytes(fromLeft ? "LEFT" : "RIGHT"),
                ShardStore.bytes(toLeft ? "LEFT" : "RIGHT"));
        store.notify(KeyspaceEventClasses.LIST, toLeft ? "lpush" : "rpush", destination);
        store.notify(KeyspaceEventClasses.LIST, fromLeft ? "lpop" : "rpop", source);
        if (from.isEmpty()) {
            store.notify(KeyspaceEventClasses.GENERIC, "del", source);
        }
        store.signalReady(new Key(destination));
        return new Reply.Bulk(element);
    }

    /**
     * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] from {@code numkeysAt}: pops from the first non-empty
     * list; the nil array when every list is empty.
     */
    static Reply lmpop(ShardStore store, byte[][] args, int numkeysAt, long now) {
        MultiPop request = MultiPop.parse(args, numkeysAt, "LEFT", "RIGHT");
        for (byte[] key : request.keys()) {
            ListValue list = read(store, key, now);
            if (list != null && !list.isEmpty()) {
                List<Reply> popped = popElements(store, key, list, request.first(), request.count());
                return Reply.array(List.of(new Reply.Bulk(key), Reply.array(popped)));
            }
        }
        return Reply.NIL_ARRAY;
    }
}
