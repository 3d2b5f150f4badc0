package io.clustersync.core.internal.crdt;

/**
 * A key's time to live under Active-Active: of two concurrent settings the longer one wins, and PERSIST (no
 * deadline) wins over any deadline, so that no instance expires a key another one still keeps.
 *
 * @param deadlineMs when the key expires (epoch ms), or {@link #NEVER}
 */
public record Expiry(long deadlineMs) {

    public static final long NEVER = Long.MAX_VALUE;
    public static final Expiry PERSISTENT = new Expiry(NEVER);

    public boolean persistent() {
        return deadlineMs == NEVER;
    }

    public Expiry merge(Expiry other) {
        return other.deadlineMs > deadlineMs ? other : this;
    }
}
