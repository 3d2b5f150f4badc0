package io.clustersync.core.internal.shards;

import io.clustersync.core.internal.crdt.Stamp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How far the instances of an Active-Active database have applied each other's writes, as one shard of one
 * instance knows it: what tells when a tombstone has been seen everywhere.
 *
 * <p>Every shard records, every second, {@code CRDT.SEEN <instance> <first slot> <last slot> <tick> <applied>
 * <instances>} in its stream: a fresh stamp of its clock (every write of that shard stamped up to it comes before
 * the record in the stream), the stamp up to which it has applied the writes of every instance it knows, and
 * which instances those are. A shard that applies another instance's record (its syncer pulls it with the writes,
 * in order) learns both for the slots the record names. Here it keeps the latest of each stream whose slots meet
 * its own and answers:
 * <ul>
 *   <li>{@link #applied}: every write stamped up to it, of every instance, has been applied on this shard (the
 *       lowest tick of the streams that cover its slots, per instance);</li>
 *   <li>{@link #stable}: every instance has applied, on the shards that hold these slots, every write stamped up
 *       to it (the lowest of its own and of the others' applied stamps). A remove stamped at or below it has been
 *       applied everywhere, with every write it took away: its tombstone can go.</li>
 * </ul>
 * Both are {@link Stamp#ZERO} while an instance of the database has not been heard from for all these slots, or
 * reports for fewer instances than the database has (it may not have met a new one yet): nothing is collected.
 */
final class Stability {

    static final byte[] SEEN = ShardStore.bytes("CRDT.SEEN");

    /** The latest record of one stream: an instance's shard and its slots. */
    private record Report(int instance, int first, int last, Stamp tick, Stamp applied, Set<Integer> knows) {
    }

    private final int self;
    private final int first;
    private final int last;
    /** Every instance of the database as this node's model has them; null until the model tells them. */
    private Set<Integer> instances;
    private final Map<Long, Report> reports = new HashMap<>();

    Stability(int self, int firstSlot, int lastSlot) {
        this.self = self;
        this.first = firstSlot;
        this.last = lastSlot;
    }

    void instances(Set<Integer> ids) {
        instances = Set.copyOf(ids);
    }

    /**
     * The instances to have heard from: those of this node's model, this one, and every instance that one of them
     * reports knowing (an instance added or removed reaches the clusters one after the other; until this one
     * knows, the others' word keeps it from forgetting what the newcomer may not have seen). Reports of an
     * instance the model no longer has are not taken.
     */
    private Set<Integer> expected() {
        Set<Integer> all = new TreeSet<>(instances);
        all.add(self);
        for (Report r : reports.values()) {
            if (instances.contains(r.instance())) {
                all.addAll(r.knows());
            }
        }
        return all;
    }

    /** This shard's record: its tick, what it has applied, the instances it knows. */
    byte[][] record(Stamp tick) {
        StringBuilder known = new StringBuilder();
        for (int id : new TreeSet<>(instances == null ? Set.of(self) : instances)) {
            known.append(known.isEmpty() ? "" : ",").append(id);
        }
        return new byte[][] {SEEN, Arguments.bytes(self), Arguments.bytes(first), Arguments.bytes(last),
                text(tick), text(applied(tick)), known.toString().getBytes(StandardCharsets.US_ASCII)};
    }

    /**
     * Takes another instance's record (a {@code CRDT.SEEN} its stream carried here); one about other slots, or
     * this instance's own (its log replayed), changes nothing. Answers the record's tick, for this shard's clock to
     * observe as it observes every stamp that arrives (null for this instance's own). A malformed one is refused
     * naming what is wrong.
     */
    Stamp take(byte[][] args) {
        if (args.length != 7) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        int instance = (int) Arguments.integer(args[1]);
        int from = (int) Arguments.integer(args[2]);
        int to = (int) Arguments.integer(args[3]);
        Stamp tick = stamp(args[4]);
        Stamp applied = stamp(args[5]);
        Set<Integer> knows = new TreeSet<>();
        String list = new String(args[6], StandardCharsets.US_ASCII);
        for (String id : list.isEmpty() ? new String[0] : list.split(",")) {
            try {
                knows.add(Integer.parseInt(id));
            } catch (NumberFormatException e) {
                throw new Arguments.Refused("ERR CRDT.SEEN: '" + list + "' is not a list of instance ids");
            }
        }
        if (instance == self) {
            return null;
        }
        if (to < first || from > last) {
            return tick;
        }
        long key = ((long) instance << 32) | ((long) from << 16) | to;
        Report was = reports.get(key);
        if (was != null) {
            tick = Stamp.max(tick, was.tick());
            applied = Stamp.max(applied, was.applied());
        }
        reports.put(key, new Report(instance, from, to, tick, applied, Set.copyOf(knows)));
        return tick;
    }

    /** Every write stamped up to the answer, of every instance, has been applied here ({@code now}: this shard's). */
    Stamp applied(Stamp now) {
        if (instances == null) {
            return Stamp.ZERO;
        }
        Stamp lowest = now;
        for (int instance : expected()) {
            if (instance != self) {
                lowest = min(lowest, covering(instance, Report::tick));
            }
        }
        return lowest;
    }

    /** Every instance has applied every write stamped up to the answer to these slots. */
    Stamp stable(Stamp now) {
        Stamp lowest = applied(now);
        if (lowest.equals(Stamp.ZERO)) {
            return lowest;
        }
        Set<Integer> expected = expected();
        for (int instance : expected) {
            if (instance != self) {
                lowest = min(lowest, reportedApplied(instance, expected));
            }
        }
        return lowest;
    }

    /** Up to which {@code instance} says it has applied every write, when it knows every expected instance; else ZERO. */
    private Stamp reportedApplied(int instance, Set<Integer> expected) {
        return covering(instance, r -> r.knows().containsAll(expected) ? r.applied() : Stamp.ZERO);
    }

    /**
     * The wall-clock ms up to which {@code instance} has applied every write to these slots, as its records say
     * (0 while it has not been heard from for all of them, or does not know every instance).
     */
    long appliedMillis(int instance) {
        if (instances == null || !instances.contains(instance) || instance == self) {
            return 0;
        }
        return reportedApplied(instance, expected()).millis();
    }

    /** The lowest figure of the instance's streams that together cover this shard's slots; ZERO when they do not. */
    private Stamp covering(int instance, Function<Report, Stamp> figure) {
        List<Report> mine = new ArrayList<>();
        for (Report r : reports.values()) {
            if (r.instance() == instance && instances.contains(instance)) {
                mine.add(r);
            }
        }
        mine.sort(Comparator.comparingInt(Report::first));
        int next = first;
        Stamp lowest = null;
        for (Report r : mine) {
            if (r.first() > next) {
                return Stamp.ZERO;
            }
            next = Math.max(next, r.last() + 1);
            lowest = lowest == null ? figure.apply(r) : min(lowest, figure.apply(r));
        }
        return next > last && lowest != null ? lowest : Stamp.ZERO;
    }

    @Override
    public String toString() {
        return "self " + self + " instances " + instances + " reports " + reports.values();
    }

    private static Stamp min(Stamp a, Stamp b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static byte[] text(Stamp stamp) {
        return (stamp.millis() + "." + stamp.counter() + "." + stamp.instance()).getBytes(StandardCharsets.US_ASCII);
    }

    static Stamp stamp(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        String[] parts = s.split("\\.");
        try {
            if (parts.length == 3) {
                return new Stamp(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Arguments.Refused("ERR CRDT.SEEN: '" + s + "' is not a stamp (millis.counter.instance)");
    }
}
