package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, following Redis 7.0's
 * {@code zunionInterDiffGenericCommand}: sets count as members of score 1, weights multiply (NaN becomes 0),
 * SUM/MIN/MAX aggregate (a NaN sum becomes 0).
 */
final class SortedSetAlgebra {

    private enum Operation { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    private SortedSetAlgebra() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("ZUNION", (s, a, now) -> run(s, a, 1, null, Operation.UNION, false, now));
        commands.put("ZINTER", (s, a, now) -> run(s, a, 1, null, Operation.INTER, false, now));
        commands.put("ZDIFF", (s, a, now) -> run(s, a, 1, null, Operation.DIFF, false, now));
        commands.put("ZUNIONSTORE", (s, a, now) -> run(s, a, 2, a[1], Operation.UNION, false, now));
        commands.put("ZINTERSTORE", (s, a, now) -> run(s, a, 2, a[1], Operation.INTER, false, now));
        commands.put("ZDIFFSTORE", (s, a, now) -> run(s, a, 2, a[1], Operation.DIFF, false, now));
        commands.put("ZINTERCARD", (s, a, now) -> run(s, a, 1, null, Operation.INTER, true, now));
    }

    /** One input: its members and scores (null when the key does not exist), and its weight. */
    private static final class Source {
        Map<Key, Double> members;
        double weight = 1;

        int size() {
            return members == null ? 0 : members.size();
        }
    }

    private static Reply run(ShardStore store, byte[][] args, int numkeysAt, byte[] destination, Operation operation,
                             boolean cardinalityOnly, long now) {
        long numkeys = integer(args[numkeysAt]);
        if (numkeys < 1) {
            return Reply.error("ERR at least 1 input key is needed for '" + Arguments.text(args[0]).toLowerCase(Locale.ROOT)
                    + "' command");
        }
        if (numkeys > args.length - numkeysAt - 1) {
            return Reply.SYNTAX;
        }
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < numkeys; i++) {
            Object value = store.lookup(new Key(args[numkeysAt + 1 + i]), now);
            Source source = new Source();
            if (value instanceof SortedSetValue zset) {
                source.members = new HashMap<>();
                for (SortedSetValue.Entry entry : zset.entries()) {
                    source.members.put(entry.member(), entry.score());
                }
            } else if (value instanceof SetValue) {
                source.members = new HashMap<>();
                for (Key member : Values.set(value)) {
                    source.members.put(member, 1.0);
                }
            } else if (value != null) {
                return Reply.WRONGTYPE;
            }
            sources.add(source);
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        for (int j = numkeysAt + 1 + (int) numkeys; j < args.length; ) {
            int remaining = args.length - j;
            if (operation != Operation.DIFF && !cardinalityOnly && remaining >= numkeys + 1 && is(args[j], "WEIGHTS")) {
                j++;
                for (Source source : sources) {
                    source.weight = Floats.parse(args[j++]);
                    if (Double.isNaN(source.weight)) {
                        return Reply.error("ERR weight value is not a float");
                    }
                }
            } else if (operation != Operation.DIFF && !cardinalityOnly && remaining >= 2 && is(args[j], "AGGREGATE")) {
                if (is(args[j + 1], "SUM")) {
                    aggregate = Aggregate.SUM;
                } else if (is(args[j + 1], "MIN")) {
                    aggregate = Aggregate.MIN;
                } else if (is(args[j + 1], "MAX")) {
                    aggregate = Aggregate.MAX;
                } else {
                    return Reply.SYNTAX;
                }
                j += 2;
            } else if (destination == null && !cardinalityOnly && is(args[j], "WITHSCORES")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && is(args[j], "LIMIT")) {
                limit = ListCommands.positive(args[j + 1], "ERR LIMIT can't be negative");
                j += 2;
            } else {
                return Reply.SYNTAX;
            }
        }
        Map<Key, Double> result = compute(sources, operation, aggregate);
        if (cardinalityOnly) {
            return Reply.integer(limit > 0 ? Math.min(limit, result.size()) : result.size());
        }
        List<SortedSetValue.Entry> entries = new ArrayList<>(result.size());
        result.forEach((member, score) -> entries.add(new SortedSetValue.Entry(score, member)));
        entries.sort(Comparator.naturalOrder());
        if (destination != null) {
            return SortedSetRanges.store(store, destination, entries, now,
                    "z" + operation.name().toLowerCase(Locale.ROOT) + "store");
        }
        List<Reply> out = new ArrayList<>();
        for (SortedSetValue.Entry entry : entries) {
            out.add(new Reply.Bulk(entry.member().bytes));
            if (withScores) {
                out.add(SortedSetCommands.real(entry.score()));
            }
        }
        return withScores ? Reply.pairs(out) : Reply.array(out);
    }

    private static Map<Key, Double> compute(List<Source> sources, Operation operation, Aggregate aggregate) {
        Map<Key, Double> result = new HashMap<>();
        switch (operation) {
            case UNION -> {
                for (Source source : sources) {
                    if (source.members != null) {
                        source.members.forEach((member, score) -> {
                            double weighted = weighted(source, score);
                            Double was = result.get(member);
                            result.put(member, was == null ? weighted : aggregate(was, weighted, aggregate));
                        });
                    }
                }
            }
            case INTER -> {
                List<Source> bySize = new ArrayList<>(sources);
                bySize.sort(Comparator.comparingInt(Source::size));
                Source smallest = bySize.get(0);
                if (smallest.members == null) {
                    return result;
                }
                smallest.members.forEach((member, score) -> {
                    double total = weighted(smallest, score);
                    for (int i = 1; i < bySize.size(); i++) {
                        Source other = bySize.get(i);
                        Double found = other.members == null ? null : other.members.get(member);
                        if (found == null) {
                            return;
                        }
                        total = aggregate(total, weighted(other, found), aggregate);
                    }
                    result.put(member, total);
                });
            }
            case DIFF -> {
                Source first = sources.get(0);
                if (first.members != null) {
                    first.members.forEach((member, score) -> {
                        for (int i = 1; i < sources.size(); i++) {
                            if (sources.get(i).members != null && sources.get(i).members.containsKey(member)) {
                                return;
                            }
                        }
                        result.put(member, score);
                    });
                }
            }
        }
        return result;
    }

    private static double weighted(Source source, double score) {
        double weighted = source.weight * score;
        return Double.isNaN(weighted) ? 0 : weighted;
    }

    private static double aggregate(double target, double value, Aggregate aggregate) {
        return switch (aggregate) {
            case SUM -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }
}
