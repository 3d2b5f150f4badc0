package io.clustersync.core.internal.crdt;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * A sorted set under Active-Active: its members are a set (observed-remove, add wins), a member's score is its
 * ZADD under last-write-wins plus the ZINCRBY increments made after it and beside it, which add up. Members are
 * ordered by score, then by member, as Redis orders them.
 */
public final class ScoredSet {

    private final FieldMap members;

    public ScoredSet() {
        this(new FieldMap());
    }

    private ScoredSet(FieldMap members) {
        this.members = members;
    }

    /** ZADD of one member. */
    public ScoredSet add(String member, double score, Stamp stamp) {
        members.set(member, Double.toString(score).getBytes(StandardCharsets.US_ASCII), stamp);
        return this;
    }

    /** ZINCRBY of one member (adding it at that score when absent). */
    public ScoredSet increment(String member, int instance, double delta, Stamp stamp) {
        members.increment(member, instance, delta, stamp);
        return this;
    }

    /** ZREM as this instance sees it, stamped {@code stamp}. */
    public ScoredSet remove(String member, Stamp stamp) {
        members.remove(member, stamp);
        return this;
    }

    public Double score(String member) {
        return members.number(member);
    }

    /** The members in Redis's order: by score, then by member. */
    public List<String> range() {
        return members.fields().stream()
                .sorted(Comparator.comparingDouble((String m) -> members.number(m)).thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    public ScoredSet merge(ScoredSet other) {
        return new ScoredSet(members.merge(other.members));
    }

    public ScoredSet copy() {
        return new ScoredSet(members.copy());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoredSet other && other.members.equals(members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }
}
