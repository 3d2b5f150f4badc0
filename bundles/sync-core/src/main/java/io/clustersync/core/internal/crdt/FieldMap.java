package io.clustersync.core.internal.crdt;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A hash under Active-Active: each field is written (HSET) or counted (HINCRBY) as its own item; an update wins
 * over a concurrent remove (HDEL takes away the writes and increments it saw, nothing else), and of the writes
 * still standing the one with the highest stamp is the field's base. A write resets the field's count as its
 * instance saw it; the value is the base plus the count (the increments made after the write, and those made
 * concurrently with it elsewhere, add up), or the base alone when it is not a number. Sorted sets use it too:
 * members as fields, ZADD scores as writes, ZINCRBY as counts.
 */
public final class FieldMap {

    /** Per field: its standing writes by stamp. */
    private final Map<String, Map<Stamp, byte[]>> writes = new HashMap<>();
    private final Map<String, Counter> counts = new HashMap<>();
    /** Per field: the stamps of the increments standing (a field counted and not removed since has some). */
    private final Map<String, Set<Stamp>> countedAt = new HashMap<>();
    private final Set<Stamp> removed = new HashSet<>();

    public FieldMap set(String field, byte[] value, Stamp stamp) {
        Counter counter = counts.get(field);
        if (counter != null) {
            counter.reset();
        }
        stand(field, value, stamp);
        return this;
    }

    /** A write as merging carries it: it stands unless a remove took it away (no reset: that was its instance's). */
    private void stand(String field, byte[] value, Stamp stamp) {
        if (!removed.contains(stamp)) {
            writes.computeIfAbsent(field, k -> new TreeMap<>()).put(stamp, value);
        }
    }

    public FieldMap increment(String field, int instance, long delta, Stamp stamp) {
        counts.computeIfAbsent(field, k -> new Counter()).add(instance, delta);
        if (!removed.contains(stamp)) {
            countedAt.computeIfAbsent(field, k -> new HashSet<>()).add(stamp);
        }
        return this;
    }

    /** A fractional increment of the field (HINCRBYFLOAT, ZINCRBY). */
    public FieldMap increment(String field, int instance, double delta, Stamp stamp) {
        counts.computeIfAbsent(field, k -> new Counter()).add(instance, delta);
        if (!removed.contains(stamp)) {
            countedAt.computeIfAbsent(field, k -> new HashSet<>()).add(stamp);
        }
        return this;
    }

    /**
     * The field as a number (a sorted set's score): its highest standing write read as a double, plus its count;
     * null when the field is absent or its base is not a number.
     */
    public Double number(String field) {
        if (!contains(field)) {
            return null;
        }
        Map<Stamp, byte[]> standing = writes.get(field);
        double count = counts.containsKey(field) ? counts.get(field).total() : 0;
        if (standing == null) {
            return count;
        }
        try {
            String base = new String(((TreeMap<Stamp, byte[]>) standing).lastEntry().getValue(), StandardCharsets.UTF_8);
            return Double.parseDouble(base) + count;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** HDEL as this instance sees it: its standing writes and increments of the field are taken away. */
    public FieldMap remove(String field) {
        Map<Stamp, byte[]> standing = writes.remove(field);
        if (standing != null) {
            removed.addAll(standing.keySet());
        }
        Set<Stamp> counted = countedAt.remove(field);
        if (counted != null) {
            removed.addAll(counted);
        }
        Counter counter = counts.get(field);
        if (counter != null) {
            counter.reset();
        }
        return this;
    }

    public boolean contains(String field) {
        return writes.containsKey(field) || countedAt.containsKey(field);
    }

    /** The field's value: its highest standing write plus its count, or its count alone; null when absent. */
    public String value(String field) {
        if (counts.containsKey(field) && counts.get(field).fractional()) {
            Double number = number(field);
            return number == null ? null : BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
        Map<Stamp, byte[]> standing = writes.get(field);
        long count = counts.containsKey(field) ? counts.get(field).value() : 0;
        if (standing != null) {
            String base = new String(((TreeMap<Stamp, byte[]>) standing).lastEntry().getValue(), StandardCharsets.UTF_8);
            if (count == 0) {
                return base;
            }
            try {
                return Long.toString(Math.addExact(Long.parseLong(base), count));
            } catch (NumberFormatException | ArithmeticException e) {
                return base;
            }
        }
        return countedAt.containsKey(field) ? Long.toString(count) : null;
    }

    /** The stamps of the field's standing writes (what a remove here would take away). */
    Set<Stamp> writeStamps(String field) {
        return Set.copyOf(writes.getOrDefault(field, Map.of()).keySet());
    }

    public Set<String> fields() {
        Set<String> out = new HashSet<>(writes.keySet());
        out.addAll(countedAt.keySet());
        return out;
    }

    /** The stamps of removed writes and increments still kept to take away late copies of them. */
    public int tombstones() {
        return removed.size();
    }

    /**
     * Forgets the tombstones at or below {@code seenEverywhere}: every instance has applied the writes, increments
     * and removes stamped up to it, so no copy of a removed write can still arrive. Returns how many it forgot.
     */
    public int collect(Stamp seenEverywhere) {
        return Stamp.collect(removed, seenEverywhere);
    }

    public FieldMap merge(FieldMap other) {
        FieldMap out = copy();
        out.removed.addAll(other.removed);
        other.writes.forEach((field, standing) -> standing.forEach((stamp, value) -> out.stand(field, value, stamp)));
        other.counts.forEach((field, counter) -> out.counts.merge(field, counter.copy(), Counter::merge));
        other.countedAt.forEach((field, stamps) -> stamps.forEach(stamp -> {
            if (!out.removed.contains(stamp)) {
                out.countedAt.computeIfAbsent(field, k -> new HashSet<>()).add(stamp);
            }
        }));
        out.writes.values().forEach(standing -> standing.keySet().removeAll(out.removed));
        out.writes.values().removeIf(Map::isEmpty);
        out.countedAt.values().forEach(stamps -> stamps.removeAll(out.removed));
        out.countedAt.values().removeIf(Set::isEmpty);
        return out;
    }

    public FieldMap copy() {
        FieldMap out = new FieldMap();
        writes.forEach((field, standing) -> out.writes.put(field, new TreeMap<>(standing)));
        counts.forEach((field, counter) -> out.counts.put(field, counter.copy()));
        countedAt.forEach((field, stamps) -> out.countedAt.put(field, new HashSet<>(stamps)));
        out.removed.addAll(removed);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldMap other) || !other.removed.equals(removed) || !other.counts.equals(counts)
                || !other.countedAt.equals(countedAt) || !other.writes.keySet().equals(writes.keySet())) {
            return false;
        }
        for (Map.Entry<String, Map<Stamp, byte[]>> e : writes.entrySet()) {
            Map<Stamp, byte[]> theirs = other.writes.get(e.getKey());
            if (!theirs.keySet().equals(e.getValue().keySet())) {
                return false;
            }
            for (Map.Entry<Stamp, byte[]> w : e.getValue().entrySet()) {
                if (!Arrays.equals(theirs.get(w.getKey()), w.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }
}
