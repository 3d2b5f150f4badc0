package io.clustersync.core.internal.crdt;

import java.util.function.LongSupplier;

/**
 * One instance's hybrid logical clock: stamps follow the wall clock, never go back, and a stamp made after
 * {@link #observe observing} another instance's write is above it even when this instance's clock is behind, so
 * that a causally later write always wins (a skewed clock changes which of two concurrent writes wins, never
 * whether the instances converge).
 */
public final class HybridClock {

    private final int instance;
    private final LongSupplier wallClock;
    private long millis;
    private int counter;

    public HybridClock(int instance, LongSupplier wallClock) {
        if (instance <= 0) {
            throw new IllegalArgumentException("an instance id is positive, not " + instance);
        }
        this.instance = instance;
        this.wallClock = wallClock;
    }

    /** The stamp of a write made here now. */
    public synchronized Stamp next() {
        long now = wallClock.getAsLong();
        if (now > millis) {
            millis = now;
            counter = 0;
        } else {
            counter++;
        }
        return new Stamp(millis, counter, instance);
    }

    /** A write of another instance arrived: the next stamp made here is above it. */
    public synchronized void observe(Stamp seen) {
        if (seen.millis() > millis || (seen.millis() == millis && seen.counter() > counter)) {
            millis = seen.millis();
            counter = seen.counter();
        }
    }
}
