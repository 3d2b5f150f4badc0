package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * ZADD, ZSCORE, ZRANK, ZREM, the pops and ZRANDMEMBER on sorted-set values, as Redis 7.0 answers them. A write is
 * recorded as its effect: ZADD with the final scores (written so that they read back to the same double), ZREM
 * with the members removed. The range commands are in {@link SortedSetRanges}, the set algebra in
 * {@link SortedSetAlgebra}.
 */
final class SortedSetCommands {

    static final byte[] ZADD = ShardStore.bytes("ZADD");
    static final byte[] ZREM = ShardStore.bytes("ZREM");
    static final String NOT_A_FLOAT = "ERR value is not a valid float";

    private SortedSetCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("ZADD", SortedSetCommands::zadd);
        commands.put("ZINCRBY", (s, a, now) -> {
            if (a.length != 4) {
                throw new Arguments.Refused(ShardCommands.wrongArity(a));
            }
            return zadd(s, new byte[][] {a[0], a[1], ShardStore.bytes("INCR"), a[2], a[3]}, now);
        });
        commands.put("ZCARD", (s, a, now) -> {
            SortedSetValue zset = read(s, a[1], now);
            return Reply.integer(zset == null ? 0 : zset.size());
        });
        commands.put("ZSCORE", (s, a, now) -> {
            SortedSetValue zset = read(s, a[1], now);
            Double score = zset == null ? null : zset.score(new Key(a[2]));
            return score == null ? Reply.NIL : real(score);
        });
        commands.put("ZMSCORE", (s, a, now) -> {
            SortedSetValue zset = read(s, a[1], now);
            List<Reply> out = new ArrayList<>();
            for (int i = 2; i < a.length; i++) {
                Double score = zset == null ? null : zset.score(new Key(a[i]));
                out.add(score == null ? Reply.NIL : real(score));
            }
            return Reply.array(out);
        });
        commands.put("ZRANK", (s, a, now) -> rank(s, a, now, false));
        commands.put("ZREVRANK", (s, a, now) -> rank(s, a, now, true));
        commands.put("ZREM", SortedSetCommands::zrem);
        commands.put("ZPOPMIN", (s, a, now) -> zpop(s, a, now, true));
        commands.put("ZPOPMAX", (s, a, now) -> zpop(s, a, now, false));
        commands.put("ZMPOP", (s, a, now) -> zmpop(s, a, 1, now));
        commands.put("ZRANDMEMBER", SortedSetCommands::zrandmember);
        commands.put("ZSCAN", (s, a, now) -> {
            SortedSetValue zset = read(s, a[1], now);
            return CollectionScan.scan(a, zset == null ? List.of() : zset.entries(),
                    entry -> List.of(new Reply.Bulk(entry.member().bytes), Reply.bulk(Floats.format(entry.score()))));
        });
    }

    static SortedSetValue read(ShardStore store, byte[] key, long now) {
        return Values.read(store, key, now, SortedSetValue.class);
    }

    static Reply real(double score) {
        return new Reply.Real(Floats.format(score));
    }

    static byte[] scoreBytes(double score) {
        return ShardStore.bytes(Floats.format(score));
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]. */
    private static Reply zadd(ShardStore store, byte[][] args, long now) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int at = 2;
        for (; at < args.length; at++) {
            if (is(args[at], "NX")) {
                nx = true;
            } else if (is(args[at], "XX")) {
                xx = true;
            } else if (is(args[at], "CH")) {
                ch = true;
            } else if (is(args[at], "INCR")) {
                incr = true;
            } else if (is(args[at], "GT")) {
                gt = true;
            } else if (is(args[at], "LT")) {
                lt = true;
            } else {
                break;
            }
        }
        int words = args.length - at;
        if (words == 0 || words % 2 != 0) {
            return Reply.SYNTAX;
        }
        if (nx && xx) {
            return Reply.error("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            return Reply.error("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && words > 2) {
            return Reply.error("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[words / 2];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Floats.parse(args[at + 2 * i]);
            if (Double.isNaN(scores[i])) {
                return Reply.error(NOT_A_FLOAT);
            }
        }
        SortedSetValue zset = read(store, args[1], now);
        Key key = new Key(args[1]);
        long added = 0;
        long updated = 0;
        boolean processed = false;
        double last = 0;
        List<byte[]> write = new ArrayList<>();
        write.add(ZADD);
        write.add(args[1]);
        Reply failure = null;
        if (zset != null || !xx) {
            if (zset == null) {
                zset = new SortedSetValue();
                store.put(key, zset, false);
            }
            for (int i = 0; i < scores.length; i++) {
                Key member = new Key(args[at + 2 * i + 1]);
                double score = scores[i];
                Double current = zset.score(member);
                if (current != null) {
                    if (nx) {
                        continue;
                    }
                    if (incr) {
                        store.counting(key.bytes, member.bytes, score);
                        score += current;
                        if (Double.isNaN(score)) {
                            failure = Reply.error("ERR resulting score is not a number (NaN)");
                            break;
                        }
                    }
                    if ((lt && score >= current) || (gt && score <= current)) {
                        continue;
                    }
                    processed = true;
                    last = score;
                    if (score != current) {
                        zset.put(member, score);
                        updated++;
                        write.add(scoreBytes(score));
                        write.add(member.bytes);
                    }
                } else if (!xx) {
                    if (incr) {
                        store.counting(key.bytes, member.bytes, score);
                    }
                    zset.put(member, score);
                    added++;
                    processed = true;
                    last = score;
                    write.add(scoreBytes(score));
                    write.add(member.bytes);
                }
            }
            if (zset.isEmpty()) {
                store.delete(key);
            }
        }
        if (zset != null) {
            zset.trim();
        }
        if (write.size() > 2) {
            store.record(write.toArray(new byte[0][]));
            store.notify(KeyspaceEventClasses.ZSET, incr ? "zincr" : "zadd", args[1]);
            store.signalReady(key);
        }
        if (failure != null) {
            return failure;
        }
        if (incr) {
            return processed ? real(last) : Reply.NIL;
        }
        return Reply.integer(ch ? added + updated : added);
    }

    private static Reply rank(ShardStore store, byte[][] args, long now, boolean reverse) {
        SortedSetValue zset = read(store, args[1], now);
        if (zset == null) {
            return Reply.NIL;
        }
        int rank = zset.rank(new Key(args[2]));
        if (rank < 0) {
            return Reply.NIL;
        }
        return Reply.integer(reverse ? zset.size() - 1 - rank : rank);
    }

    private static Reply zrem(ShardStore store, byte[][] args, long now) {
        SortedSetValue zset = read(store, args[1], now);
        if (zset == null) {
            return Reply.ZERO;
        }
        List<byte[]> write = new ArrayList<>();
        write.add(ZREM);
        write.add(args[1]);
        for (int i = 2; i < args.length; i++) {
            if (zset.remove(new Key(args[i]))) {
                write.add(args[i]);
            }
        }
        removed(store, args[1], zset, write, "zrem");
        return Reply.integer(write.size() - 2);
    }

    /** Deletes an emptied set, records the ZREM of what was removed and notifies {@code event} (when anything was). */
    static void removed(ShardStore store, byte[] key, SortedSetValue zset, List<byte[]> zremWrite, String event) {
        if (zremWrite.size() <= 2) {
            return;
        }
        if (zset.isEmpty()) {
            store.delete(new Key(key));
        }
        zset.trim();
        store.record(zremWrite.toArray(new byte[0][]));
        store.notify(KeyspaceEventClasses.ZSET, event, key);
        if (zset.isEmpty()) {
            store.notify(KeyspaceEventClasses.GENERIC, "del", key);
        }
    }

    private static Reply zpop(ShardStore store, byte[][] args, long now, boolean min) {
        if (args.length > 3) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        long count = args.length == 3 ? ListCommands.positive(args[2], "ERR value is out of range, must be positive") : -1;
        SortedSetValue zset = read(store, args[1], now);
        if (zset == null || count == 0) {
            return Reply.array(List.of());
        }
        List<Reply> out = popEntries(store, args[1], zset, min, count == -1 ? 1 : count);
        return count == -1 ? Reply.array(out) : Reply.pairs(out);
    }

    /** Pops up to {@code count} lowest (or highest) members: member, score, member, score, ... */
    static List<Reply> popEntries(ShardStore store, byte[] key, SortedSetValue zset, boolean min, long count) {
        List<Reply> out = new ArrayList<>();
        List<byte[]> write = new ArrayList<>();
        write.add(ZREM);
        write.add(key);
        for (long i = 0; i < count && !zset.isEmpty(); i++) {
            SortedSetValue.Entry entry = min ? zset.first() : zset.last();
            zset.remove(entry.member());
            out.add(new Reply.Bulk(entry.member().bytes));
            out.add(real(entry.score()));
            write.add(entry.member().bytes);
        }
        removed(store, key, zset, write, min ? "zpopmin" : "zpopmax");
        return out;
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] from {@code numkeysAt}: [key, [[member, score], ...]]. */
    static Reply zmpop(ShardStore store, byte[][] args, int numkeysAt, long now) {
        MultiPop request = MultiPop.parse(args, numkeysAt, "MIN", "MAX");
        for (byte[] key : request.keys()) {
            SortedSetValue zset = read(store, key, now);
            if (zset != null) {
                List<Reply> flat = popEntries(store, key, zset, request.first(), request.count());
                List<Reply> nested = new ArrayList<>();
                for (int i = 0; i < flat.size(); i += 2) {
                    nested.add(Reply.array(List.of(flat.get(i), flat.get(i + 1))));
                }
                return Reply.array(List.of(new Reply.Bulk(key), Reply.array(nested)));
            }
        }
        return Reply.NIL_ARRAY;
    }

    private static Reply zrandmember(ShardStore store, byte[][] args, long now) {
        if (args.length > 4 || (args.length == 4 && !is(args[3], "WITHSCORES"))) {
            return Reply.SYNTAX;
        }
        if (args.length == 2) {
            SortedSetValue zset = read(store, args[1], now);
            if (zset == null) {
                return Reply.NIL;
            }
            return new Reply.Bulk(zset.byRank(0, zset.size() - 1).get(ThreadLocalRandom.current().nextInt(zset.size())).member().bytes);
        }
        long count = integer(args[2]);
        boolean withScores = args.length == 4;
        if (count == Long.MIN_VALUE || (withScores && Math.abs(count) > Long.MAX_VALUE / 2)) {
            return Reply.error("ERR value is out of range");
        }
        SortedSetValue zset = read(store, args[1], now);
        if (zset == null || count == 0) {
            return Reply.array(List.of());
        }
        List<SortedSetValue.Entry> all = zset.byRank(0, zset.size() - 1);
        List<SortedSetValue.Entry> chosen = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (count > 0) {
            int n = (int) Math.min(count, all.size());
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(all.size() - i);
                SortedSetValue.Entry swap = all.get(i);
                all.set(i, all.get(j));
                all.set(j, swap);
            }
            chosen.addAll(all.subList(0, n));
        } else {
            if (-count > ShardCommands.MAX_REPLY_ELEMENTS) {
                return Reply.error("ERR value is out of range");
            }
            for (long i = 0; i < -count; i++) {
                chosen.add(all.get(random.nextInt(all.size())));
            }
        }
        List<Reply> out = new ArrayList<>();
        for (SortedSetValue.Entry entry : chosen) {
            out.add(new Reply.Bulk(entry.member().bytes));
            if (withScores) {
                out.add(real(entry.score()));
            }
        }
        return withScores ? Reply.pairs(out) : Reply.array(out);
    }

    /** The entries of a set in order, or in reverse order. */
    static Iterator<SortedSetValue.Entry> walk(SortedSetValue zset, boolean reverse) {
        return zset.iterator(reverse);
    }
}
