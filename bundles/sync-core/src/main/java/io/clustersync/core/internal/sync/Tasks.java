package io.clustersync.core.internal.sync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Small helpers for work run beside the calling thread. */
final class Tasks {

    private Tasks() {
    }

    /** The value of a task run beside this thread; its failure is thrown here as it was thrown there. */
    static <T> T join(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** {@code work} run once, by the first caller, whose result every later caller gets (a failure is not kept). */
    static <T> Supplier<T> once(Supplier<T> work) {
        Object lock = new Object();
        @SuppressWarnings("unchecked")
        T[] done = (T[]) new Object[1];
        return () -> {
            synchronized (lock) {
                if (done[0] == null) {
                    done[0] = work.get();
                }
                return done[0];
            }
        };
    }
}
