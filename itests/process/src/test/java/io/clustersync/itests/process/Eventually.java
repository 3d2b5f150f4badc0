package io.clustersync.itests.process;

import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for something a test expects to become true, bounded in time and in the number of looks. */
final class Eventually {

    static final int MAX_LOOKS = 400;

    private Eventually() {
    }

    /** Looks at a value every 50 ms until it passes; fails with the last value after {@code timeoutMs}. */
    static <T> T until(String what, Supplier<T> value, Predicate<T> done, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        T last = null;
        for (int i = 0; i < MAX_LOOKS && System.currentTimeMillis() < deadline; i++) {
            last = value.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail(what + " not reached within " + timeoutMs + " ms; last: " + last);
    }
}
