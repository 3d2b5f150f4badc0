package io.clustersync.admin.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * {@code io.clustersync:type=ConfigSync}: dynamic configuration synchronization as this node sees it. Ask the
 * primary for the state of every node; a secondary knows its own position and the primary's.
 */
@ProviderType
@Description("Configuration synchronization as this node sees it (ask the primary for every node): dynamic sync,"
        + " Synchronize All, promote, requirement checks and verify")
public interface ConfigSyncMXBean {

    String OBJECT_NAME = "io.clustersync:type=ConfigSync";

    /** Notification type of a sync error: a change not applied on a node, a refused change, broken rules. */
    String SYNC_ERROR = "io.clustersync.sync.error";
    /** Notification types of a Synchronize All job. */
    String SYNC_ALL_STARTED = "io.clustersync.syncall.started";
    String SYNC_ALL_FINISHED = "io.clustersync.syncall.finished";
    String SYNC_ALL_FAILED = "io.clustersync.syncall.failed";
    /** Notification type: a Synchronize All is due (the primary or the cluster restarted, a restored primary, an upgrade). */
    String SYNC_ALL_DUE = "io.clustersync.syncall.due";

    @Description("This node, node:N")
    String getLocalNode();

    @Description("The primary node, node:N")
    String getPrimaryNode();

    @Description("The last change sequence the primary ordered, as far as this node knows")
    long getLastSequence();

    @Description("Every node's sync state (on the primary; a secondary knows itself and the primary)")
    List<SyncNodeRow> getNodes();

    @Description("Recent changes that could not be applied, with node and reason")
    List<String> getErrors();

    @Description("Why files and tables do not synchronize now (a malformed rules line, file and line named), or empty")
    String getRulesError();

    @Description("The sync status report")
    String getStatusText();

    @Description("Synchronize All (on the primary): replaces every secondary's configuration with the primary's."
            + " Returns the job id at once; follow the Job attributes or the notifications")
    String synchronizeAll();

    @Description("Makes this node the primary (no election): every node reachable from here rewrites 'primary' in its"
            + " configuration; run synchronizeAll here next. Returns a report")
    String promote();

    @Query
    @Description("On the primary: checks every requirement of Synchronize All against every secondary; one line per"
            + " check, PASS or FAIL, with the values that differ")
    String checkRequirements();

    @Query
    @Description("On the primary: compares every synchronized item on every node and returns the drift report")
    String verify();

    @Description("The last Synchronize All job of this node (empty if none)")
    String getJobId();

    @Description("running, done, failed, or empty")
    String getJobState();

    @Description("The last job's progress, in percent")
    int getJobProgress();

    @Description("ISO-8601 start of the last job (empty if not started)")
    String getJobStarted();

    @Description("ISO-8601 end of the last job (empty if not ended)")
    String getJobEnded();

    @Description("The change sequence the last job's snapshot was taken at")
    long getJobSequence();

    @Description("Each secondary's part in the last job")
    List<JobNodeRow> getJobNodes();

    @Description("True on a secondary that (re)started and has not yet received a full synchronization")
    boolean isNeedsFullSync();

    @Description("ISO-8601 time the last full synchronization reached this node (empty if never)")
    String getLastFullSync();

    @Description("On the primary: why a Synchronize All is due (the primary or the whole cluster restarted, a secondary"
            + " ahead of a restored primary, a node of another version), until one has run; empty when none is")
    List<String> getSyncAllDue();
}
