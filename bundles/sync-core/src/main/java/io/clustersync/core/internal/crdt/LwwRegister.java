package io.clustersync.core.internal.crdt;

import java.util.Arrays;

/**
 * A string under last-write-wins: of two writes the one with the higher stamp (wall clock, then instance id)
 * stays. Causally later writes always win, as their stamps are higher ({@link HybridClock}).
 */
public record LwwRegister(byte[] value, Stamp stamp) {

    public LwwRegister merge(LwwRegister other) {
        return other.stamp.after(stamp) ? other : this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwwRegister r && r.stamp.equals(stamp) && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * stamp.hashCode() + Arrays.hashCode(value);
    }
}
