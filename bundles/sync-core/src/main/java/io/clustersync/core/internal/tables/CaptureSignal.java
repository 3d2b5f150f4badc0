package io.clustersync.core.internal.tables;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the collector of captured rows as soon as a capture trigger fires, instead of leaving the row to the
 * next periodic look. The trigger fires before its writer commits, so the collector looks again for a few
 * milliseconds after a wake-up.
 */
public final class CaptureSignal {

    private static final Semaphore SIGNAL = new Semaphore(0);

    private CaptureSignal() {
    }

    static void fired() {
        if (SIGNAL.availablePermits() == 0) {
            SIGNAL.release();
        }
    }

    /** Waits up to {@code timeoutMs} for a trigger to fire; true if one did. */
    public static boolean await(long timeoutMs) throws InterruptedException {
        boolean fired = SIGNAL.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS);
        SIGNAL.drainPermits();
        return fired;
    }
}
