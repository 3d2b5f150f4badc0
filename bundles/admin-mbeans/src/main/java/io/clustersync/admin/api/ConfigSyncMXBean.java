package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=ConfigSync}: dynamic configuration synchronization as this node sees it. Ask the
 * primary for the state of every node; a secondary knows its own position and the primary's.
 */
@ProviderType
public interface ConfigSyncMXBean {

    String OBJECT_NAME = "io.clustersync:type=ConfigSync";

    /** Notification type of a sync error: a change not applied on a node, a refused change, broken rules. */
    String SYNC_ERROR = "io.clustersync.sync.error";
    /** Notification types of a Synchronize All job. */
    String SYNC_ALL_STARTED = "io.clustersync.syncall.started";
    String SYNC_ALL_FINISHED = "io.clustersync.syncall.finished";
    String SYNC_ALL_FAILED = "io.clustersync.syncall.failed";

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

    /**
     * Synchronize All (on the primary; admin role): replaces every secondary's configuration with the primary's.
     * Returns the job id at once; follow the Job* attributes or the notifications.
     */
    String synchronizeAll();

    /**
     * Makes this node the primary (admin role; operator-driven, no election). Every node reachable from here
     * rewrites 'primary' in its configuration; afterwards run synchronizeAll() here. Returns a report.
     */
    String promote();

    /**
     * On the primary: checks every requirement of Synchronize All against every secondary; one line per check,
     * {@code PASS} or {@code FAIL}, with the values that differ.
     */
    String checkRequirements();

    /** On the primary: compares every synchronized item on every node and returns the drift report. */
    String verify();

    /** The last Synchronize All job of this node ("" if none). */
    String getJobId();

    /** {@code running}, {@code done}, {@code failed}, or "". */
    String getJobState();

    int getJobProgress();

    /** ISO-8601 start and end of the last job ("" if not started or not ended). */
    String getJobStarted();

    String getJobEnded();

    /** The change sequence the last job's snapshot was taken at. */
    long getJobSequence();

    List<JobNodeRow> getJobNodes();

    /** True on a secondary that (re)started and has not yet received a full synchronization. */
    boolean isNeedsFullSync();

    /** ISO-8601 time the last full synchronization reached this node ("" if never). */
    String getLastFullSync();
}
