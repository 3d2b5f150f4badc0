package io.clustersync.core.internal.crdt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A key's time to live under Active-Active. A setting (EXPIRE and its kin, or PERSIST) replaces every setting
 * its instance had seen; of settings made concurrently, the longest time to live wins and PERSIST (no deadline)
 * wins over any deadline, so that no instance expires a key another one still keeps.
 */
public final class ExpiryRegister {

    /** The deadline of PERSIST: never. */
    public static final long NEVER = Long.MAX_VALUE;

    private final Map<Stamp, Long> standing = new HashMap<>();
    private final Set<Stamp> replaced = new HashSet<>();

    /** A setting made here: {@code deadlineMs} (epoch ms) or {@link #NEVER}, replacing what this instance saw. */
    public ExpiryRegister set(long deadlineMs, Stamp stamp) {
        replaced.addAll(standing.keySet());
        standing.clear();
        standing.put(stamp, deadlineMs);
        return this;
    }

    /** When the key expires: the longest of the settings standing; {@link #NEVER} when none or PERSIST stands. */
    public long deadlineMs() {
        return standing.isEmpty() ? NEVER : standing.values().stream().mapToLong(Long::longValue).max().orElse(NEVER);
    }

    /** The stamps of replaced settings still kept to take away late copies of them. */
    public int tombstones() {
        return replaced.size();
    }

    /** Forgets the replaced settings at or below {@code seenEverywhere} (every instance has seen them replaced). */
    public int collect(Stamp seenEverywhere) {
        return Stamp.collect(replaced, seenEverywhere);
    }

    public ExpiryRegister merge(ExpiryRegister other) {
        ExpiryRegister out = copy();
        out.replaced.addAll(other.replaced);
        out.standing.putAll(other.standing);
        out.standing.keySet().removeAll(out.replaced);
        return out;
    }

    public ExpiryRegister copy() {
        ExpiryRegister out = new ExpiryRegister();
        out.standing.putAll(standing);
        out.replaced.addAll(replaced);
        return out;
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
