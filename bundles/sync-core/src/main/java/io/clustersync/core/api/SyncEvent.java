package io.clustersync.core.api;

/**
 * Something an operator should hear of from configuration sync: an error (a change not applied on a node, a
 * refused change, broken rules), the start and end of a Synchronize All job, or that one is due.
 */
public record SyncEvent(String type, String message) {

    public static final String ERROR = "io.clustersync.sync.error";
    public static final String SYNC_ALL_STARTED = "io.clustersync.syncall.started";
    public static final String SYNC_ALL_FINISHED = "io.clustersync.syncall.finished";
    public static final String SYNC_ALL_FAILED = "io.clustersync.syncall.failed";
    /** A Synchronize All is due (the primary or the cluster restarted, a restored primary, another version joined). */
    public static final String SYNC_ALL_DUE = "io.clustersync.syncall.due";
}
