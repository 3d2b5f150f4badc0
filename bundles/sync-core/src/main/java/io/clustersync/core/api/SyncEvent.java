package io.clustersync.core.api;

/**
 * Something an operator should hear of from configuration sync: an error (a change not applied on a node, a
 * refused change, broken rules) or the start and end of a Synchronize All job.
 */
public record SyncEvent(String type, String message) {

    public static final String ERROR = "io.clustersync.sync.error";
    public static final String SYNC_ALL_STARTED = "io.clustersync.syncall.started";
    public static final String SYNC_ALL_FINISHED = "io.clustersync.syncall.finished";
    public static final String SYNC_ALL_FAILED = "io.clustersync.syncall.failed";
}
