package io.clustersync.core.internal.tables;

import java.util.function.Supplier;

/**
 * Marks the thread that writes rows shipped by the primary, so that the capture triggers let those writes
 * pass instead of sending them back (embedded H2 runs a trigger on the writing thread).
 */
public final class Applying {

    private static final ThreadLocal<Boolean> ACTIVE = ThreadLocal.withInitial(() -> false);

    private Applying() {
    }

    static boolean active() {
        return ACTIVE.get();
    }

    public static <T> T run(Supplier<T> work) {
        boolean before = ACTIVE.get();
        ACTIVE.set(true);
        try {
            return work.get();
        } finally {
            ACTIVE.set(before);
        }
    }
}
