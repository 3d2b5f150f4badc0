package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A hash under Active-Active: each field is written (HSET) or counted (HINCRBY) as its own item; an update wins
 * over a concurrent remove (HDEL takes away the writes and increments it saw, nothing else), and of the writes
 * still standing the one with the highest stamp is the field's base. A write resets the field's count as its
 * instance saw it; the value is the base plus the count (the increments made after the write, and those made
 * concurrently with it elsewhere, add up), or the base alone when it is not a number. Sorted sets use it too:
 * members as fields, ZADD scores as writes, ZINCRBY as counts; a string key is one field.
 *
 * <p>Per field it keeps, per instance, only that instance's latest write and latest increment: an instance's
 * writes arrive everywhere in the order it made them, so a remove that saw one of them saw the earlier ones too,
 * and takes them away as one {@link Floors} entry per instance.
 */
public final class FieldMap {

    private final SmallMap<Field> fields = new SmallMap<>();

    /** One field's state. */
    private static final class Field {
        /** Per instance: its latest write still standing. */
        final InstanceMap<Written> writes = new InstanceMap<>();
        /** Per instance: the stamp of its latest increment still standing. */
        final InstanceMap<Stamp> counted = new InstanceMap<>();
        Counter counter;
        final Floors removed = new Floors();

        boolean present() {
            return !writes.isEmpty() || !counted.isEmpty();
        }

        boolean empty() {
            return !present() && removed.isEmpty() && counter == null;
        }

        Field copy() {
            Field out = new Field();
            out.writes.putAll(writes);
            out.counted.putAll(counted);
            out.counter = counter == null ? null : counter.copy();
            out.removed.raiseAll(removed);
            return out;
        }

        void merge(Field other) {
            removed.raiseAll(other.removed);
            other.writes.forEach((instance, written) -> writes.merge(instance, written,
                    (a, b) -> b.stamp().after(a.stamp()) ? b : a));
            other.counted.forEach((instance, stamp) -> counted.merge(instance, stamp, Stamp::max));
            if (other.counter != null) {
                counter = counter == null ? other.counter.copy() : counter.merge(other.counter);
            }
            drop();
        }

        /** Drops what the floors took away. */
        void drop() {
            writes.values().removeIf(w -> removed.covers(w.stamp()));
            counted.values().removeIf(removed::covers);
        }

        Written base() {
            Written best = null;
            for (Written w : writes.values()) {
                if (best == null || w.stamp().after(best.stamp())) {
                    best = w;
                }
            }
            return best;
        }

        Stamp latest() {
            Stamp latest = null;
            for (Written w : writes.values()) {
                latest = latest == null ? w.stamp() : Stamp.max(latest, w.stamp());
            }
            for (Stamp s : counted.values()) {
                latest = latest == null ? s : Stamp.max(latest, s);
            }
            return latest;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Field f && f.writes.equals(writes) && f.counted.equals(counted)
                    && Objects.equals(f.counter, counter) && f.removed.equals(removed);
        }

        @Override
        public int hashCode() {
            return Objects.hash(writes.keySet(), counted, removed);
        }
    }

    /** A write: its stamp and the value written. */
    private record Written(Stamp stamp, byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Written w && w.stamp.equals(stamp) && Arrays.equals(w.value, value);
        }

        @Override
        public int hashCode() {
            return stamp.hashCode();
        }
    }

    private Field field(String name) {
        return fields.computeIfAbsent(name, k -> new Field());
    }

    /**
     * A write of the field made here with a fresh stamp (above every stamp this instance has seen): it takes the
     * place of the writes it saw, so that none of them comes back when it is removed, and resets the count this
     * instance saw.
     */
    public FieldMap set(String name, byte[] value, Stamp stamp) {
        Field f = field(name);
        if (f.counter != null) {
            f.counter.reset();
        }
        for (Written seen : f.writes.values()) {
            if (seen.stamp().instance() != stamp.instance()) {
                f.removed.raise(seen.stamp(), stamp);
            }
        }
        f.writes.clear();
        f.drop();
        if (!f.removed.covers(stamp)) {
            f.writes.put(stamp.instance(), new Written(stamp, value));
        }
        return this;
    }

    /** The stamps of the field's standing writes, per instance (for tests of what a write or remove takes away). */
    Map<Integer, Stamp> standingWrites(String name) {
        Field f = fields.get(name);
        Map<Integer, Stamp> out = new TreeMap<>();
        if (f != null) {
            f.writes.forEach((instance, w) -> out.put(instance, w.stamp()));
        }
        return out;
    }

    public FieldMap increment(String name, int instance, long delta, Stamp stamp) {
        counted(name, stamp).add(instance, delta);
        return this;
    }

    /** A fractional increment of the field (HINCRBYFLOAT, ZINCRBY, INCRBYFLOAT). */
    public FieldMap increment(String name, int instance, double delta, Stamp stamp) {
        counted(name, stamp).add(instance, delta);
        return this;
    }

    /** The field's counter, the increment stamped {@code stamp} standing (unless a remove took it away). */
    private Counter counted(String name, Stamp stamp) {
        Field f = field(name);
        if (f.counter == null) {
            f.counter = new Counter();
        }
        if (!f.removed.covers(stamp)) {
            f.counted.merge(stamp.instance(), stamp, Stamp::max);
        }
        return f.counter;
    }

    /**
     * HDEL as this instance sees it, stamped {@code by}: its standing writes and increments of the field are taken
     * away. Answers what was taken away: per instance, everything up to that stamp.
     */
    public Map<Integer, Stamp> remove(String name, Stamp by) {
        Field f = fields.get(name);
        if (f == null) {
            return Map.of();
        }
        Floors took = new Floors();
        f.writes.values().forEach(w -> took.raise(w.stamp(), by));
        f.counted.values().forEach(s -> took.raise(s, by));
        f.removed.raiseAll(took);
        f.drop();
        if (f.counter != null) {
            f.counter.reset();
        }
        return took.asMap();
    }

    /**
     * The field as a number (a sorted set's score): its highest standing write read as a double, plus its count;
     * null when the field is absent or its base is not a number.
     */
    public Double number(String name) {
        Field f = fields.get(name);
        if (f == null || !f.present()) {
            return null;
        }
        double count = f.counter == null ? 0 : f.counter.total();
        Written base = f.base();
        if (base == null) {
            return count;
        }
        try {
            return Double.parseDouble(new String(base.value(), StandardCharsets.UTF_8)) + count;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean contains(String name) {
        Field f = fields.get(name);
        return f != null && f.present();
    }

    /** The field's value as text (see {@link #bytes}); null when absent. */
    public String value(String name) {
        byte[] bytes = bytes(name);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The field's value: its highest standing write plus its count, or its count alone, or the write's bytes as
     * they are when it is not a number (or nothing was counted); null when absent.
     */
    public byte[] bytes(String name) {
        Field f = fields.get(name);
        if (f == null || !f.present()) {
            return null;
        }
        Written base = f.base();
        if (f.counter != null && f.counter.fractional()) {
            Double number = number(name);
            if (number != null) {
                return ascii(BigDecimal.valueOf(number).stripTrailingZeros().toPlainString());
            }
            return base.value();
        }
        long count = f.counter == null ? 0 : f.counter.value();
        if (base == null) {
            return ascii(Long.toString(count));
        }
        if (count == 0) {
            return base.value();
        }
        try {
            return ascii(Long.toString(Math.addExact(Long.parseLong(new String(base.value(), StandardCharsets.US_ASCII)), count)));
        } catch (NumberFormatException | ArithmeticException e) {
            return base.value();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The fields present. */
    public Set<String> fields() {
        Set<String> out = new HashSet<>();
        fields.forEach((name, f) -> {
            if (f.present()) {
                out.add(name);
            }
        });
        return out;
    }

    /** The stamp of the latest write or increment standing in any field, or null when none stands. */
    public Stamp latest() {
        Stamp latest = null;
        for (Field f : fields.values()) {
            Stamp s = f.latest();
            if (s != null) {
                latest = latest == null ? s : Stamp.max(latest, s);
            }
        }
        return latest;
    }

    /** The highest stamp this state holds, standing or taken away (for a clock to observe). */
    public Stamp highest() {
        Stamp highest = Stamp.ZERO;
        for (Field f : fields.values()) {
            Stamp s = f.latest();
            highest = s == null ? highest : Stamp.max(highest, s);
            highest = Stamp.max(highest, f.removed.highest());
        }
        return highest;
    }

    /** The floors still kept to take away late copies of removed writes and increments (one per field and instance). */
    public int tombstones() {
        int n = 0;
        for (Field f : fields.values()) {
            n += f.removed.size();
        }
        return n;
    }

    /**
     * Forgets the floors of removes every instance has applied with what they took away (every instance has
     * applied everything stamped up to {@code seenEverywhere}), so no copy of a removed write can still arrive,
     * and the fields left with nothing. A counted field keeps its counter: what resets took away of each
     * instance's sums stays needed while any instance may send those sums. Returns how many floors it forgot.
     */
    public int collect(Stamp seenEverywhere) {
        int n = 0;
        for (Field f : fields.values()) {
            n += f.removed.collect(seenEverywhere);
        }
        fields.entrySet().removeIf(e -> e.getValue().empty());
        return n;
    }

    /** The state of the named fields alone: what a write of them ships to the other instances. */
    public FieldMap only(Collection<String> names) {
        FieldMap out = new FieldMap();
        for (String name : names) {
            Field f = fields.get(name);
            if (f != null) {
                out.fields.put(name, f.copy());
            }
        }
        return out;
    }

    /** Every field's state: all fields, present or removed. */
    public Set<String> known() {
        return Set.copyOf(fields.keySet());
    }

    /** Merges {@code other} into this state (the same join as {@link #merge}, in place). */
    public FieldMap absorb(FieldMap other) {
        other.fields.forEach((name, f) -> field(name).merge(f));
        return this;
    }

    public FieldMap merge(FieldMap other) {
        return copy().absorb(other);
    }

    public FieldMap copy() {
        FieldMap out = new FieldMap();
        fields.forEach((name, f) -> out.fields.put(name, f.copy()));
        return out;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    void write(Out out) throws IOException {
        out.writeInt(fields.size());
        if (fields.soleKey() != null) {
            write(out, fields.soleKey(), fields.soleValue());
            return;
        }
        for (Map.Entry<String, Field> e : new TreeMap<>(fields).entrySet()) {
            write(out, e.getKey(), e.getValue());
        }
    }

    private static void write(Out out, String name, Field f) throws IOException {
        Bytes.writeText(out, name);
        out.writeByte(f.writes.size());
        for (Written w : f.writes.values()) {
            Stamps.write(out, w.stamp());
            Bytes.write(out, w.value());
        }
        out.writeByte(f.counted.size());
        for (Stamp s : f.counted.values()) {
            Stamps.write(out, s);
        }
        out.writeBoolean(f.counter != null);
        if (f.counter != null) {
            f.counter.write(out);
        }
        f.removed.write(out);
    }

    static FieldMap read(In in, int version) throws IOException {
        FieldMap map = new FieldMap();
        int n = Bytes.count(in);
        for (int i = 0; i < n; i++) {
            Field f = map.field(Bytes.readText(in));
            int writes = in.readUnsignedByte();
            for (int w = 0; w < writes; w++) {
                Stamp stamp = Stamps.read(in);
                f.writes.put(stamp.instance(), new Written(stamp, Bytes.read(in)));
            }
            int counted = in.readUnsignedByte();
            for (int c = 0; c < counted; c++) {
                Stamp stamp = Stamps.read(in);
                f.counted.put(stamp.instance(), stamp);
            }
            if (in.readBoolean()) {
                f.counter = Counter.read(in);
            }
            f.removed.raiseAll(Floors.read(in, version));
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldMap other)) {
            return false;
        }
        Map<String, Field> mine = new HashMap<>(fields);
        Map<String, Field> theirs = new HashMap<>(other.fields);
        mine.values().removeIf(Field::empty);
        theirs.values().removeIf(Field::empty);
        return mine.equals(theirs);
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }
}
