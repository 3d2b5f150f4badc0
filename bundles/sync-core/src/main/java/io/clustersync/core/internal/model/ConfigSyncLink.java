package io.clustersync.core.internal.model;

/**
 * Where the cluster model sends what must travel between nodes (implemented by the configuration sync
 * component): changes the primary committed, and changes a secondary's operator asked for.
 */
public interface ConfigSyncLink {

    /** The primary committed change {@code seq}; ship it to the secondaries. Called after the commit, in order. */
    void committed(long seq, byte[] payload);

    /**
     * Forwards a change to the primary and waits for its answer: the sequence number that will carry it, and the
     * id of what it created. A refusal comes back as {@link io.clustersync.core.api.ModelException}.
     */
    Forwarded forward(ModelCommand mutation);

    /** The primary's answer to a forwarded change. */
    record Forwarded(long seq, String result) {
    }
}
