package io.clustersync.core.api;

/**
 * A request against the cluster model was refused: the message says what was wrong and what to do instead.
 */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
