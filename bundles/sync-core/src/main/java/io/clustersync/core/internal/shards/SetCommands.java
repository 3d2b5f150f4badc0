package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * SADD, SINTER and the other commands on set values, as Redis 7.0 answers them. What chance decides (SPOP) is
 * recorded as its effect (SREM of the members popped), and a STORE form as the set it stored, so that a replica
 * reaches the same set.
 */
final class SetCommands {

    static final byte[] SADD = ShardStore.bytes("SADD");
    static final byte[] SREM = ShardStore.bytes("SREM");

    private SetCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("SADD", SetCommands::sadd);
        commands.put("SREM", SetCommands::srem);
        commands.put("SCARD", (s, a, now) -> {
            Set<Key> set = read(s, a[1], now);
            return Reply.integer(set == null ? 0 : set.size());
        });
        commands.put("SISMEMBER", (s, a, now) -> {
            Set<Key> set = read(s, a[1], now);
            return set != null && set.contains(new Key(a[2])) ? Reply.ONE : Reply.ZERO;
        });
        commands.put("SMISMEMBER", (s, a, now) -> {
            Set<Key> set = read(s, a[1], now);
            List<Reply> out = new ArrayList<>();
            for (int i = 2; i < a.length; i++) {
                out.add(set != null && set.contains(new Key(a[i])) ? Reply.ONE : Reply.ZERO);
            }
            return Reply.array(out);
        });
        commands.put("SMEMBERS", (s, a, now) -> members(read(s, a[1], now)));
        commands.put("SPOP", SetCommands::spop);
        commands.put("SRANDMEMBER", SetCommands::srandmember);
        commands.put("SMOVE", SetCommands::smove);
        commands.put("SINTER", (s, a, now) -> combine(s, a, 1, now, Operation.INTER, null));
        commands.put("SUNION", (s, a, now) -> combine(s, a, 1, now, Operation.UNION, null));
        commands.put("SDIFF", (s, a, now) -> combine(s, a, 1, now, Operation.DIFF, null));
        commands.put("SINTERSTORE", (s, a, now) -> combine(s, a, 2, now, Operation.INTER, a[1]));
        commands.put("SUNIONSTORE", (s, a, now) -> combine(s, a, 2, now, Operation.UNION, a[1]));
        commands.put("SDIFFSTORE", (s, a, now) -> combine(s, a, 2, now, Operation.DIFF, a[1]));
        commands.put("SINTERCARD", SetCommands::sintercard);
        commands.put("SSCAN", (s, a, now) -> {
            Set<Key> set = read(s, a[1], now);
            return CollectionScan.scan(a, set == null ? List.of() : set, member -> List.of(new Reply.Bulk(member.bytes)));
        });
    }

    static SetValue read(ShardStore store, byte[] key, long now) {
        return Values.read(store, key, now, SetValue.class);
    }

    private static Reply members(Set<Key> set) {
        List<Reply> out = new ArrayList<>(set == null ? 0 : set.size());
        if (set != null) {
            for (Key member : set) {
                out.add(new Reply.Bulk(member.bytes));
            }
        }
        return Reply.set(out);
    }

    private static Reply sadd(ShardStore store, byte[][] args, long now) {
        SetValue set = read(store, args[1], now);
        if (set == null) {
            set = new SetValue();
            store.put(new Key(args[1]), set, false);
        }
        List<byte[]> added = new ArrayList<>();
        added.add(SADD);
        added.add(args[1]);
        for (int i = 2; i < args.length; i++) {
            if (set.add(new Key(args[i]))) {
                added.add(args[i]);
            }
        }
        set.trim();
        if (added.size() > 2) {
            store.record(added.toArray(new byte[0][]));
            store.notify(KeyspaceEventClasses.SET, "sadd", args[1]);
        }
        return Reply.integer(added.size() - 2);
    }

    private static Reply srem(ShardStore store, byte[][] args, long now) {
        SetValue set = read(store, args[1], now);
        if (set == null) {
            return Reply.ZERO;
        }
        List<byte[]> removed = new ArrayList<>();
        removed.add(SREM);
        removed.add(args[1]);
        for (int i = 2; i < args.length; i++) {
            if (set.remove(new Key(args[i]))) {
                removed.add(args[i]);
            }
        }
        if (removed.size() > 2) {
            set.trim();
            if (set.isEmpty()) {
                store.delete(new Key(args[1]));
            }
            store.record(removed.toArray(new byte[0][]));
            store.notify(KeyspaceEventClasses.SET, "srem", args[1]);
            if (set.isEmpty()) {
                store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
            }
        }
        return Reply.integer(removed.size() - 2);
    }

    private static Reply spop(ShardStore store, byte[][] args, long now) {
        if (args.length > 3) {
            return Reply.SYNTAX;
        }
        boolean hasCount = args.length == 3;
        long count = hasCount ? ListCommands.positive(args[2], "ERR value is out of range, must be positive") : 1;
        SetValue set = read(store, args[1], now);
        if (set == null) {
            return hasCount ? Reply.set(List.of()) : Reply.NIL;
        }
        if (hasCount && count == 0) {
            return Reply.set(List.of());
        }
        List<Key> popped = pick(set, (int) Math.min(count, set.size()));
        List<byte[]> write = new ArrayList<>();
        write.add(SREM);
        write.add(args[1]);
        List<Reply> out = new ArrayList<>();
        for (Key member : popped) {
            set.remove(member);
            write.add(member.bytes);
            out.add(new Reply.Bulk(member.bytes));
        }
        set.trim();
        if (set.isEmpty()) {
            store.delete(new Key(args[1]));
        }
        store.record(write.toArray(new byte[0][]));
        store.notify(KeyspaceEventClasses.SET, "spop", args[1]);
        if (set.isEmpty()) {
            store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
        }
        return hasCount ? Reply.set(out) : out.get(0);
    }

    /** {@code n} distinct members at random. */
    private static List<Key> pick(Set<Key> set, int n) {
        List<Key> all = new ArrayList<>(set);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(all.size() - i);
            Key swap = all.get(i);
            all.set(i, all.get(j));
            all.set(j, swap);
        }
        return all.subList(0, n);
    }

    private static Reply srandmember(ShardStore store, byte[][] args, long now) {
        if (args.length > 3) {
            return Reply.SYNTAX;
        }
        if (args.length == 2) {
            Set<Key> set = read(store, args[1], now);
            return set == null ? Reply.NIL : new Reply.Bulk(pick(set, 1).get(0).bytes);
        }
        long count = integer(args[2]);
        if (count == Long.MIN_VALUE) {
            return Reply.error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        SetValue set = read(store, args[1], now);
        if (set == null || count == 0) {
            return Reply.array(List.of());
        }
        List<Reply> out = new ArrayList<>();
        if (count > 0) {
            for (Key member : pick(set, (int) Math.min(count, set.size()))) {
                out.add(new Reply.Bulk(member.bytes));
            }
        } else {
            List<Key> all = new ArrayList<>(set);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (-count > ShardCommands.MAX_REPLY_ELEMENTS) {
                return Reply.error("ERR value is out of range");
            }
            for (long i = 0; i < -count; i++) {
                out.add(new Reply.Bulk(all.get(random.nextInt(all.size())).bytes));
            }
        }
        return Reply.array(out);
    }

    private static Reply smove(ShardStore store, byte[][] args, long now) {
        Object sourceValue = store.lookup(new Key(args[1]), now);
        Object destinationValue = store.lookup(new Key(args[2]), now);
        if (sourceValue == null) {
            return Reply.ZERO;
        }
        if (!(sourceValue instanceof SetValue) || (destinationValue != null && !(destinationValue instanceof SetValue))) {
            return Reply.WRONGTYPE;
        }
        SetValue source = Values.set(sourceValue);
        Key member = new Key(args[3]);
        if (sourceValue == destinationValue) {
            return source.contains(member) ? Reply.ONE : Reply.ZERO;
        }
        if (!source.remove(member)) {
            return Reply.ZERO;
        }
        store.notify(KeyspaceEventClasses.SET, "srem", args[1]);
        if (source.isEmpty()) {
            store.delete(new Key(args[1]));
            store.notify(KeyspaceEventClasses.GENERIC, "del", args[1]);
        }
        SetValue destination = destinationValue == null ? new SetValue() : Values.set(destinationValue);
        if (destinationValue == null) {
            store.put(new Key(args[2]), destination, false);
        }
        source.trim();
        if (destination.add(member)) {
            store.notify(KeyspaceEventClasses.SET, "sadd", args[2]);
        }
        destination.trim();
        store.record(ShardStore.bytes("SMOVE"), args[1], args[2], args[3]);
        return Reply.ONE;
    }

    enum Operation { INTER, UNION, DIFF }

    /** SINTER, SUNION, SDIFF (keys from {@code from}) and their STORE forms into {@code destination}. */
    private static Reply combine(ShardStore store, byte[][] args, int from, long now, Operation operation, byte[] destination) {
        List<Set<Key>> sets = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            sets.add(read(store, args[i], now));
        }
        Set<Key> result = compute(sets, operation);
        if (destination == null) {
            return members(result);
        }
        store.store(new Key(destination), result.isEmpty() ? null : SetValue.of(result), now, KeyspaceEventClasses.SET,
                "s" + operation.name().toLowerCase(Locale.ROOT) + "store");
        return Reply.integer(result.size());
    }

    private static Set<Key> compute(List<Set<Key>> sets, Operation operation) {
        Set<Key> result = new HashSet<>();
        switch (operation) {
            case INTER -> {
                if (sets.stream().anyMatch(set -> set == null)) {
                    return result;
                }
                Set<Key> smallest = sets.stream().min((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
                for (Key member : smallest) {
                    if (sets.stream().allMatch(set -> set.contains(member))) {
                        result.add(member);
                    }
                }
            }
            case UNION -> sets.stream().filter(set -> set != null).forEach(result::addAll);
            case DIFF -> {
                if (sets.get(0) != null) {
                    result.addAll(sets.get(0));
                    for (int i = 1; i < sets.size() && !result.isEmpty(); i++) {
                        if (sets.get(i) != null) {
                            result.removeAll(sets.get(i));
                        }
                    }
                }
            }
        }
        return result;
    }

    private static Reply sintercard(ShardStore store, byte[][] args, long now) {
        long numkeys = integer(args[1], "ERR numkeys should be greater than 0");
        if (numkeys < 1) {
            return Reply.error("ERR numkeys should be greater than 0");
        }
        if (numkeys > args.length - 2) {
            return Reply.error("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < args.length; j++) {
            if (is(args[j], "LIMIT") && j + 1 < args.length) {
                limit = ListCommands.positive(args[++j], "ERR LIMIT can't be negative");
            } else {
                return Reply.SYNTAX;
            }
        }
        List<Set<Key>> sets = new ArrayList<>();
        for (int i = 2; i < 2 + numkeys; i++) {
            sets.add(read(store, args[i], now));
        }
        long size = compute(sets, Operation.INTER).size();
        return Reply.integer(limit > 0 ? Math.min(limit, size) : size);
    }
}
