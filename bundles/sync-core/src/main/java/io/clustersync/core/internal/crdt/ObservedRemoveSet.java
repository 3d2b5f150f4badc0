package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set under observed-remove, add wins: every add carries a fresh stamp; a remove takes away only the adds it
 * saw, so an add made concurrently with a remove survives it. Per member it keeps each instance's latest add and,
 * for a remove, one {@link Floors} entry per instance (what it saw of that instance's adds is everything up to
 * a stamp, as an instance's writes arrive everywhere in the order it made them). The members of sets follow it.
 */
public final class ObservedRemoveSet {

    private final Map<String, Member> members = new SmallMap<>();

    private static final class Member {
        final InstanceMap<Stamp> adds = new InstanceMap<>();
        final Floors removed = new Floors();

        Member copy() {
            Member out = new Member();
            out.adds.putAll(adds);
            out.removed.raiseAll(removed);
            return out;
        }

        void merge(Member other) {
            removed.raiseAll(other.removed);
            other.adds.forEach((instance, stamp) -> adds.merge(instance, stamp, Stamp::max));
            adds.values().removeIf(removed::covers);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Member m && m.adds.equals(adds) && m.removed.equals(removed);
        }

        @Override
        public int hashCode() {
            return adds.hashCode();
        }
    }

    private Member member(String name) {
        return members.computeIfAbsent(name, k -> new Member());
    }

    /** An add of {@code member} made with a fresh {@code stamp}. */
    public ObservedRemoveSet add(String member, Stamp stamp) {
        Member m = member(member);
        if (!m.removed.covers(stamp)) {
            m.adds.merge(stamp.instance(), stamp, Stamp::max);
        }
        return this;
    }

    /**
     * Removes {@code member} as this instance sees it now, stamped {@code by}; answers what it took away: per
     * instance, every add up to that stamp.
     */
    public Map<Integer, Stamp> remove(String member, Stamp by) {
        Member m = members.get(member);
        if (m == null || m.adds.isEmpty()) {
            return Map.of();
        }
        Floors took = new Floors();
        m.adds.values().forEach(s -> took.raise(s, by));
        m.removed.raiseAll(took);
        m.adds.clear();
        return took.asMap();
    }

    public boolean contains(String member) {
        Member m = members.get(member);
        return m != null && !m.adds.isEmpty();
    }

    public Set<String> members() {
        Set<String> out = new HashSet<>();
        members.forEach((name, m) -> {
            if (!m.adds.isEmpty()) {
                out.add(name);
            }
        });
        return Collections.unmodifiableSet(out);
    }

    /** The adds still standing of a member, the latest of each instance (empty when absent). */
    public Set<Stamp> addsOf(String member) {
        Member m = members.get(member);
        return m == null ? Set.of() : Set.copyOf(m.adds.values());
    }

    /** The stamp of the latest add standing, or null when no member is present. */
    public Stamp latest() {
        Stamp latest = null;
        for (Member m : members.values()) {
            for (Stamp s : m.adds.values()) {
                latest = latest == null ? s : Stamp.max(latest, s);
            }
        }
        return latest;
    }

    /** The highest stamp this state holds, standing or taken away (for a clock to observe). */
    public Stamp highest() {
        Stamp highest = Stamp.ZERO;
        for (Member m : members.values()) {
            for (Stamp s : m.adds.values()) {
                highest = Stamp.max(highest, s);
            }
            highest = Stamp.max(highest, m.removed.highest());
        }
        return highest;
    }

    /** The floors kept to take away late copies of removed adds (one per member and instance). */
    public int tombstones() {
        int n = 0;
        for (Member m : members.values()) {
            n += m.removed.size();
        }
        return n;
    }

    /** Forgets the floors at or below {@code seenEverywhere}: every instance has applied those removes. */
    public int collect(Stamp seenEverywhere) {
        int n = 0;
        for (Member m : members.values()) {
            n += m.removed.collect(seenEverywhere);
        }
        members.entrySet().removeIf(e -> e.getValue().adds.isEmpty() && e.getValue().removed.isEmpty());
        return n;
    }

    /** The state of the named members alone: what a change of them ships to the other instances. */
    public ObservedRemoveSet only(Collection<String> names) {
        ObservedRemoveSet out = new ObservedRemoveSet();
        for (String name : names) {
            Member m = members.get(name);
            if (m != null) {
                out.members.put(name, m.copy());
            }
        }
        return out;
    }

    /** Every member this state knows, present or removed. */
    public Set<String> known() {
        return Set.copyOf(members.keySet());
    }

    /** Merges {@code other} into this state, in place. */
    public ObservedRemoveSet absorb(ObservedRemoveSet other) {
        other.members.forEach((name, m) -> member(name).merge(m));
        return this;
    }

    public ObservedRemoveSet merge(ObservedRemoveSet other) {
        return copy().absorb(other);
    }

    public ObservedRemoveSet copy() {
        ObservedRemoveSet out = new ObservedRemoveSet();
        members.forEach((name, m) -> out.members.put(name, m.copy()));
        return out;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    void write(Out out) throws IOException {
        out.writeInt(members.size());
        for (Map.Entry<String, Member> e : (members.size() < 2 ? members : new TreeMap<>(members)).entrySet()) {
            Bytes.writeText(out, e.getKey());
            out.writeByte(e.getValue().adds.size());
            for (Stamp s : e.getValue().adds.values()) {
                Stamps.write(out, s);
            }
            e.getValue().removed.write(out);
        }
    }

    static ObservedRemoveSet read(In in, int version) throws IOException {
        ObservedRemoveSet set = new ObservedRemoveSet();
        int n = Bytes.count(in);
        for (int i = 0; i < n; i++) {
            Member m = set.member(Bytes.readText(in));
            int adds = in.readUnsignedByte();
            for (int a = 0; a < adds; a++) {
                Stamp s = Stamps.read(in);
                m.adds.put(s.instance(), s);
            }
            m.removed.raiseAll(Floors.read(in, version));
        }
        return set;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ObservedRemoveSet other)) {
            return false;
        }
        Map<String, Member> mine = new HashMap<>(members);
        Map<String, Member> theirs = new HashMap<>(other.members);
        mine.values().removeIf(m -> m.adds.isEmpty() && m.removed.isEmpty());
        theirs.values().removeIf(m -> m.adds.isEmpty() && m.removed.isEmpty());
        return mine.equals(theirs);
    }

    @Override
    public int hashCode() {
        return members().hashCode();
    }

    @Override
    public String toString() {
        return "ObservedRemoveSet " + members();
    }
}
