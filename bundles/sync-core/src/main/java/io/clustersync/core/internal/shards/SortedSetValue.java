package io.clustersync.core.internal.shards;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The value of a sorted-set key: each member's score, and the members ordered by (score, member bytes) as Redis
 * orders them (equal scores by unsigned byte comparison, 0.0 and -0.0 equal).
 */
final class SortedSetValue {

    /** A member and its score, in the order of the set. */
    record Entry(double score, Key member) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            if (score < other.score) {
                return -1;
            }
            if (score > other.score) {
                return 1;
            }
            return member.compareTo(other.member);
        }
    }

    private final Map<Key, Double> scores = new HashMap<>();
    private final TreeSet<Entry> ordered = new TreeSet<>();

    int size() {
        return scores.size();
    }

    boolean isEmpty() {
        return scores.isEmpty();
    }

    /** The member's score, or null. */
    Double score(Key member) {
        return scores.get(member);
    }

    /**
     * Sets the member's score; answers true when the member is new. A score of -0 is kept as 0, as Redis's compact
     * encoding of the sets clients mostly have (up to 128 members) writes it.
     */
    boolean put(Key member, double score) {
        if (score == 0) {
            score = 0.0;
        }
        Double was = scores.put(member, score);
        if (was != null) {
            ordered.remove(new Entry(was, member));
        }
        ordered.add(new Entry(score, member));
        return was == null;
    }

    boolean remove(Key member) {
        Double was = scores.remove(member);
        if (was == null) {
            return false;
        }
        ordered.remove(new Entry(was, member));
        return true;
    }

    /** The 0-based rank of the member from the lowest score, or -1. */
    int rank(Key member) {
        Double score = scores.get(member);
        return score == null ? -1 : ordered.headSet(new Entry(score, member), false).size();
    }

    NavigableSet<Entry> entries() {
        return ordered;
    }

    /** The entries from rank {@code start} to {@code end} inclusive (both within the set), lowest first. */
    List<Entry> byRank(int start, int end) {
        List<Entry> out = new ArrayList<>(Math.max(0, end - start + 1));
        Iterator<Entry> it = ordered.iterator();
        for (int i = 0; i <= end && it.hasNext(); i++) {
            Entry entry = it.next();
            if (i >= start) {
                out.add(entry);
            }
        }
        return out;
    }

    Entry first() {
        return ordered.first();
    }

    Entry last() {
        return ordered.last();
    }

    SortedSetValue copy() {
        SortedSetValue copy = new SortedSetValue();
        for (Entry entry : ordered) {
            copy.put(entry.member(), entry.score());
        }
        return copy;
    }
}
