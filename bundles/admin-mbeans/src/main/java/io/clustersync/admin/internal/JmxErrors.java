package io.clustersync.admin.internal;

import io.clustersync.core.api.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Runs an MBean operation so that a refusal reaches any JMX client: clustersync's own exception types are
 * not on a remote client's class path, so their message travels in an {@link IllegalArgumentException}.
 */
final class JmxErrors {

    private static final Logger LOG = LoggerFactory.getLogger(JmxErrors.class);

    private JmxErrors() {
    }

    static <T> T call(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ModelException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException | SecurityException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("management operation failed unexpectedly: {}", e.toString(), e);
            throw new IllegalStateException("the node failed unexpectedly (" + e
                    + "); the node's log (var/log/clustersync.log) has the details");
        }
    }

    static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
