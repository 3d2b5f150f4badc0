package io.clustersync.core.internal.node;

/** The message of the innermost cause of a failure: what actually went wrong, for the operator's message. */
public final class RootCause {

    private RootCause() {
    }

    public static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
