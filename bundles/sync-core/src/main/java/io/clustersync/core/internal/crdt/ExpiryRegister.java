package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.util.TreeMap;

/**
 * A key's time to live under Active-Active. A setting (EXPIRE and its kin, or PERSIST) replaces every setting
 * its instance had seen; of settings made concurrently, the longest time to live wins and PERSIST (no deadline)
 * wins over any deadline, so that no instance expires a key another one still keeps. Per instance it keeps that
 * instance's latest setting, and the replaced ones as {@link Floors}.
 */
public final class ExpiryRegister {

    /** The deadline of PERSIST: never. */
    public static final long NEVER = Long.MAX_VALUE;

    private final InstanceMap<Setting> standing = new InstanceMap<>();
    private final Floors replaced = new Floors();

    private record Setting(Stamp stamp, long deadlineMs) {
    }

    /** A setting made here: {@code deadlineMs} (epoch ms) or {@link #NEVER}, replacing what this instance saw. */
    public ExpiryRegister set(long deadlineMs, Stamp stamp) {
        standing.values().forEach(s -> replaced.raise(s.stamp(), stamp));
        standing.clear();
        if (!replaced.covers(stamp)) {
            standing.put(stamp.instance(), new Setting(stamp, deadlineMs));
        }
        return this;
    }

    /** When the key expires: the longest of the settings standing; {@link #NEVER} when none or PERSIST stands. */
    public long deadlineMs() {
        long longest = Long.MIN_VALUE;
        for (Setting s : standing.values()) {
            longest = Math.max(longest, s.deadlineMs());
        }
        return standing.isEmpty() ? NEVER : longest;
    }

    /** The highest stamp this register holds (for a clock to observe). */
    public Stamp highest() {
        Stamp highest = Stamp.ZERO;
        for (Setting s : standing.values()) {
            highest = Stamp.max(highest, s.stamp());
        }
        return Stamp.max(highest, replaced.highest());
    }

    /** The floors of replaced settings kept to take away late copies of them. */
    public int tombstones() {
        return replaced.size();
    }

    /** Forgets the floors at or below {@code seenEverywhere} (every instance has seen them replaced). */
    public int collect(Stamp seenEverywhere) {
        return replaced.collect(seenEverywhere);
    }

    /**
     * Whether the register holds nothing but settings without a deadline (PERSIST, or what DEL leaves) that every
     * instance has applied (stamped at or below {@code seenEverywhere}), and no floors: on a key left with nothing
     * else it says no more than no register at all.
     */
    public boolean onlySeenPersists(Stamp seenEverywhere) {
        if (!replaced.isEmpty()) {
            return false;
        }
        for (Setting s : standing.values()) {
            if (s.deadlineMs() != NEVER || s.stamp().after(seenEverywhere)) {
                return false;
            }
        }
        return true;
    }

    /** Merges {@code other} into this register, in place. */
    public ExpiryRegister absorb(ExpiryRegister other) {
        replaced.raiseAll(other.replaced);
        other.standing.forEach((instance, s) -> standing.merge(instance, s, (a, b) -> b.stamp().after(a.stamp()) ? b : a));
        standing.values().removeIf(s -> replaced.covers(s.stamp()));
        return this;
    }

    public ExpiryRegister merge(ExpiryRegister other) {
        return copy().absorb(other);
    }

    public ExpiryRegister copy() {
        ExpiryRegister out = new ExpiryRegister();
        out.standing.putAll(standing);
        out.replaced.raiseAll(replaced);
        return out;
    }

    public boolean isEmpty() {
        return standing.isEmpty() && replaced.isEmpty();
    }

    void write(Out out) throws IOException {
        out.writeByte(standing.size());
        for (Setting s : standing.values()) {
            Stamps.write(out, s.stamp());
            out.writeLong(s.deadlineMs());
        }
        replaced.write(out);
    }

    static ExpiryRegister read(In in, int version) throws IOException {
        ExpiryRegister register = new ExpiryRegister();
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) {
            Stamp stamp = Stamps.read(in);
            register.standing.put(stamp.instance(), new Setting(stamp, in.readLong()));
        }
        register.replaced.raiseAll(Floors.read(in, version));
        return register;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpiryRegister other && other.standing.equals(standing) && other.replaced.equals(replaced);
    }

    @Override
    public int hashCode() {
        return standing.hashCode();
    }
}
