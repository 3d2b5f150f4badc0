package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * The range commands of sorted sets: ZRANGE with BYSCORE/BYLEX/REV/LIMIT/WITHSCORES and the older ZREVRANGE,
 * Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*, following Redis 7.0's
 * {@code zrangeGenericCommand}: options first, then the range, then the key.
 */
final class SortedSetRanges {

    private static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
    private static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";

    private enum By { AUTO, RANK, SCORE, LEX }

    private SortedSetRanges() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("ZRANGE", (s, a, now) -> range(s, a, 1, null, By.AUTO, null, now));
        commands.put("ZRANGESTORE", (s, a, now) -> range(s, a, 2, a[1], By.AUTO, null, now));
        commands.put("ZREVRANGE", (s, a, now) -> range(s, a, 1, null, By.RANK, true, now));
        commands.put("ZRANGEBYSCORE", (s, a, now) -> range(s, a, 1, null, By.SCORE, false, now));
        commands.put("ZREVRANGEBYSCORE", (s, a, now) -> range(s, a, 1, null, By.SCORE, true, now));
        commands.put("ZRANGEBYLEX", (s, a, now) -> range(s, a, 1, null, By.LEX, false, now));
        commands.put("ZREVRANGEBYLEX", (s, a, now) -> range(s, a, 1, null, By.LEX, true, now));
        commands.put("ZCOUNT", (s, a, now) -> {
            ScoreRange.Scores range = ScoreRange.scores(a[2], a[3]);
            if (range == null) {
                return Reply.error(NOT_FLOAT_RANGE);
            }
            SortedSetValue zset = SortedSetCommands.read(s, a[1], now);
            return Reply.integer(zset == null ? 0 : byScore(zset, range, false, 0, -1).size());
        });
        commands.put("ZLEXCOUNT", (s, a, now) -> {
            ScoreRange.Lex range = ScoreRange.lex(a[2], a[3]);
            if (range == null) {
                return Reply.error(NOT_LEX_RANGE);
            }
            SortedSetValue zset = SortedSetCommands.read(s, a[1], now);
            return Reply.integer(zset == null ? 0 : byLex(zset, range, false, 0, -1).size());
        });
        commands.put("ZREMRANGEBYRANK", (s, a, now) -> {
            long start = integer(a[2]);
            long stop = integer(a[3]);
            SortedSetValue zset = SortedSetCommands.read(s, a[1], now);
            return remove(s, a, zset, zset == null ? List.of() : byRank(zset, start, stop, false));
        });
        commands.put("ZREMRANGEBYSCORE", (s, a, now) -> {
            ScoreRange.Scores range = ScoreRange.scores(a[2], a[3]);
            if (range == null) {
                return Reply.error(NOT_FLOAT_RANGE);
            }
            SortedSetValue zset = SortedSetCommands.read(s, a[1], now);
            return remove(s, a, zset, zset == null ? List.of() : byScore(zset, range, false, 0, -1));
        });
        commands.put("ZREMRANGEBYLEX", (s, a, now) -> {
            ScoreRange.Lex range = ScoreRange.lex(a[2], a[3]);
            if (range == null) {
                return Reply.error(NOT_LEX_RANGE);
            }
            SortedSetValue zset = SortedSetCommands.read(s, a[1], now);
            return remove(s, a, zset, zset == null ? List.of() : byLex(zset, range, false, 0, -1));
        });
    }

    /** ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX: removes the entries, notifies the command's name. */
    private static Reply remove(ShardStore store, byte[][] args, SortedSetValue zset, List<SortedSetValue.Entry> entries) {
        byte[] key = args[1];
        if (zset == null || entries.isEmpty()) {
            return Reply.ZERO;
        }
        List<byte[]> write = new ArrayList<>();
        write.add(SortedSetCommands.ZREM);
        write.add(key);
        for (SortedSetValue.Entry entry : entries) {
            zset.remove(entry.member());
            write.add(entry.member().bytes);
        }
        SortedSetCommands.removed(store, key, zset, write, Arguments.text(args[0]).toLowerCase(Locale.ROOT));
        return Reply.integer(entries.size());
    }

    /**
     * The ZRANGE family: the key at {@code keyAt}, min and max after it, then options. {@code by} and
     * {@code reverse} (null: not fixed by the command) are what the command name fixes.
     */
    private static Reply range(ShardStore store, byte[][] args, int keyAt, byte[] destination, By by, Boolean reverse, long now) {
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean limited = false;
        for (int j = keyAt + 3; j < args.length; j++) {
            int left = args.length - j - 1;
            if (destination == null && is(args[j], "WITHSCORES")) {
                withScores = true;
            } else if (is(args[j], "LIMIT") && left >= 2) {
                offset = integer(args[j + 1]);
                limit = integer(args[j + 2]);
                limited = true;
                j += 2;
            } else if (reverse == null && is(args[j], "REV")) {
                reverse = true;
            } else if (by == By.AUTO && is(args[j], "BYLEX")) {
                by = By.LEX;
            } else if (by == By.AUTO && is(args[j], "BYSCORE")) {
                by = By.SCORE;
            } else {
                return Reply.SYNTAX;
            }
        }
        boolean rev = reverse != null && reverse;
        if (by == By.AUTO) {
            by = By.RANK;
        }
        if (limited && limit != -1 && by == By.RANK) {
            return Reply.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && by == By.LEX) {
            return Reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        byte[] min = args[keyAt + 1];
        byte[] max = args[keyAt + 2];
        if (rev && by != By.RANK) {
            byte[] swap = min;
            min = max;
            max = swap;
        }
        long start = 0;
        long stop = 0;
        ScoreRange.Scores scores = null;
        ScoreRange.Lex lex = null;
        switch (by) {
            case SCORE -> {
                scores = ScoreRange.scores(min, max);
                if (scores == null) {
                    return Reply.error(NOT_FLOAT_RANGE);
                }
            }
            case LEX -> {
                lex = ScoreRange.lex(min, max);
                if (lex == null) {
                    return Reply.error(NOT_LEX_RANGE);
                }
            }
            default -> {
                start = integer(min);
                stop = integer(max);
            }
        }
        SortedSetValue zset = SortedSetCommands.read(store, args[keyAt], now);
        List<SortedSetValue.Entry> entries;
        if (zset == null) {
            entries = List.of();
        } else {
            entries = switch (by) {
                case SCORE -> byScore(zset, scores, rev, offset, limit);
                case LEX -> byLex(zset, lex, rev, offset, limit);
                default -> byRank(zset, start, stop, rev);
            };
        }
        if (destination != null) {
            return store(store, destination, entries, now, "zrangestore");
        }
        List<Reply> out = new ArrayList<>(entries.size() * (withScores ? 2 : 1));
        for (SortedSetValue.Entry entry : entries) {
            out.add(new Reply.Bulk(entry.member().bytes));
            if (withScores) {
                out.add(SortedSetCommands.real(entry.score()));
            }
        }
        return withScores ? Reply.pairs(out) : Reply.array(out);
    }

    static List<SortedSetValue.Entry> byRank(SortedSetValue zset, long start, long stop, boolean reverse) {
        int[] range = ListCommands.range(start, stop, zset.size());
        if (range == null) {
            return List.of();
        }
        if (!reverse) {
            return zset.byRank(range[0], range[1]);
        }
        List<SortedSetValue.Entry> out = new ArrayList<>(range[1] - range[0] + 1);
        Iterator<SortedSetValue.Entry> it = zset.iterator(true);
        for (int i = 0; i <= range[1] && it.hasNext(); i++) {
            SortedSetValue.Entry entry = it.next();
            if (i >= range[0]) {
                out.add(entry);
            }
        }
        return out;
    }

    /** The entries in the score range, skipping {@code offset} and taking {@code limit} (negative: all), as Redis does. */
    static List<SortedSetValue.Entry> byScore(SortedSetValue zset, ScoreRange.Scores range, boolean reverse, long offset, long limit) {
        List<SortedSetValue.Entry> out = new ArrayList<>();
        if (range.empty() || offset < 0) {
            return out;
        }
        Iterator<SortedSetValue.Entry> it = SortedSetCommands.walk(zset, reverse);
        long skipped = 0;
        while (it.hasNext() && limit != 0) {
            SortedSetValue.Entry entry = it.next();
            boolean before = reverse ? !range.belowMax(entry.score()) : !range.aboveMin(entry.score());
            if (before) {
                continue;
            }
            boolean after = reverse ? !range.aboveMin(entry.score()) : !range.belowMax(entry.score());
            if (after) {
                break;
            }
            if (skipped < offset) {
                skipped++;
                continue;
            }
            out.add(entry);
            limit--;
        }
        return out;
    }

    /**
     * The entries in the lex range as Redis 7.0 walks them (its listpack walk, which a sorted set of equal scores,
     * the documented use, makes exact): nothing unless the first member is at most max and the last at least min;
     * then from the first member (in score order) at least min, or the last at most max in reverse, skipping
     * {@code offset} and taking members while they stay within the far bound.
     */
    static List<SortedSetValue.Entry> byLex(SortedSetValue zset, ScoreRange.Lex range, boolean reverse, long offset, long limit) {
        List<SortedSetValue.Entry> out = new ArrayList<>();
        if (range.empty() || zset.isEmpty() || !range.aboveMin(zset.last().member()) || !range.belowMax(zset.first().member())) {
            return out;
        }
        List<SortedSetValue.Entry> ordered = new ArrayList<>(zset.entries());
        if (reverse) {
            Collections.reverse(ordered);
        }
        int at = 0;
        while (at < ordered.size() && !(reverse ? range.belowMax(ordered.get(at).member()) : range.aboveMin(ordered.get(at).member()))) {
            at++;
        }
        if (at == ordered.size()) {
            return out;
        }
        SortedSetValue.Entry first = ordered.get(at);
        if (!(reverse ? range.aboveMin(first.member()) : range.belowMax(first.member()))) {
            return out;
        }
        if (offset < 0) {
            return out;
        }
        at += (int) Math.min(offset, ordered.size());
        for (; at < ordered.size() && limit != 0; at++, limit--) {
            SortedSetValue.Entry entry = ordered.get(at);
            if (!(reverse ? range.aboveMin(entry.member()) : range.belowMax(entry.member()))) {
                break;
            }
            out.add(entry);
        }
        return out;
    }

    /** Replaces {@code destination} by a sorted set of these entries (deletes it when there are none); answers how many. */
    static Reply store(ShardStore store, byte[] destination, List<SortedSetValue.Entry> entries, long now, String event) {
        SortedSetValue result = new SortedSetValue();
        entries.forEach(entry -> result.put(entry.member(), entry.score()));
        result.trim();
        store.store(new Key(destination), result.isEmpty() ? null : result, now, KeyspaceEventClasses.ZSET, event);
        return Reply.integer(entries.size());
    }
}
