package io.clustersync.core.internal.tables;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A version per synchronized table that moves whenever the table may have changed: when its capture trigger
 * fires (any writer, before its commit), and again after a change is committed and moved on (sequenced on the
 * primary, forwarded by a secondary, applied from the primary or by a switch-over). A digest taken at one
 * version is still true while the version stays.
 */
public final class TableVersions {

    private static final AtomicLong CLOCK = new AtomicLong();
    private static final Map<String, Long> LAST = new ConcurrentHashMap<>();
    private static final Map<String, Long> FOREIGN = new ConcurrentHashMap<>();
    private static volatile long everyTableAt;

    private TableVersions() {
    }

    public static void changed(String table) {
        long now = CLOCK.incrementAndGet();
        LAST.put(table, now);
        if (!Applying.active()) {
            FOREIGN.put(table, now);
        }
    }

    /** Moves only with writes that are not synchronization's own (any client's, on any thread). */
    public static long foreignVersion(String table) {
        return FOREIGN.getOrDefault(table, 0L);
    }

    public static void changedAll() {
        everyTableAt = CLOCK.incrementAndGet();
    }

    public static long version(String table) {
        return Math.max(LAST.getOrDefault(table, 0L), everyTableAt);
    }
}
