package io.clustersync.core.internal.sync;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
}
