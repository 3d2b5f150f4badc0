package io.clustersync.core.api;

import java.util.List;

/**
 * Dynamic synchronization of the cluster configuration: the primary orders every change (a sequence number)
 * and pushes it to the online secondaries, which apply it and acknowledge; a secondary that missed changes
 * gets them from the primary's change log.
 */
public interface ConfigSync {

    /** On the primary: the last change it ordered. On a secondary: the last one it heard the primary order. */
    long lastSequence();

    /** Every node of the cluster with its sync state, this node included. */
    List<NodeSyncStatus> nodes();

    /** Recent changes a node could not apply, newest last (bounded): "seq N on node:M: reason". */
    List<String> errors();
}
