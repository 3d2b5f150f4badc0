package io.clustersync.admin.internal;

import io.clustersync.core.api.ModelException;

import java.util.function.Supplier;

/**
 * Runs an MBean operation so that a refusal reaches any JMX client: clustersync's own exception types are
 * not on a remote client's class path, so their message travels in an {@link IllegalArgumentException}.
 */
final class JmxErrors {

    private JmxErrors() {
    }

    static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ModelException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
