package io.clustersync.admin.api;

import java.util.List;

/**
 * {@code io.clustersync:type=ConfigSync}: dynamic configuration synchronization as this node sees it. Ask the
 * primary for the state of every node; a secondary knows its own position and the primary's.
 */
public interface ConfigSyncMXBean {

    String OBJECT_NAME = "io.clustersync:type=ConfigSync";

    /** Notification type of a sync error: a change not applied on a node, a refused change, broken rules. */
    String SYNC_ERROR = "io.clustersync.sync.error";

    String getLocalNode();

    String getPrimaryNode();

    /** The last change the primary ordered (as far as this node knows). */
    long getLastSequence();

    List<SyncNodeRow> getNodes();

    /** Recent changes that could not be applied, with node and reason. */
    List<String> getErrors();

    /** Why files and tables do not synchronize now (a malformed rules line, file and line named), or "". */
    String getRulesError();

    /** The {@code sync status} report. */
    String getStatusText();
}
