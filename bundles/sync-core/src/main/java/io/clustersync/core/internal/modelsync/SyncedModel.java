package io.clustersync.core.internal.modelsync;

import io.clustersync.core.internal.model.ConfigSyncLink;
import io.clustersync.core.internal.model.ModelCommand;
import io.clustersync.core.internal.model.ModelCore;
import io.clustersync.core.internal.files.HomeFiles;
import io.clustersync.core.internal.fullsync.FullSyncPlan;
import io.clustersync.core.internal.fullsync.FullSyncStore;
import io.clustersync.core.internal.fullsync.SnapshotStream;
import io.clustersync.core.internal.fullsync.SyncedTable;
import io.clustersync.core.internal.tables.RowChange;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster model as the configuration sync component sees it: what this node has applied, the primary's
 * change log, applying a change shipped by the primary, and running a change forwarded by a secondary.
 */
public interface SyncedModel {

    /** The sequence number of the last change applied here (on the primary: the last one it ordered). */
    long appliedSeq();

    /** The primary's log after {@code seq}, in order, at most {@code limit} entries. */
    List<byte[]> logAfter(long seq, int limit);

    /**
     * Applies change {@code seq} shipped by the primary: a change at or below {@link #appliedSeq()} is ignored
     * (applying is idempotent by sequence); a gap is refused with {@link IllegalStateException}. A change that
     * cannot be applied here is recorded as failed and skipped, so that the node keeps receiving later ones.
     */
    ApplyOutcome apply(long seq, byte[] payload);

    /** What became of a shipped change: applied, already there (failure null, applied false), or failed. */
    /**
     * A change applied (or not, and why); {@code note}: what the operator must hear of a change applied all the same
     * (an account's home whose owner could not be set), or null.
     */
    record ApplyOutcome(boolean applied, String failure, String note) {
        public static final ApplyOutcome APPLIED = new ApplyOutcome(true, null);
        public static final ApplyOutcome ALREADY = new ApplyOutcome(false, null);

        public ApplyOutcome(boolean applied, String failure) {
            this(applied, failure, null);
        }
    }

    /** On the primary: moves the row changes captured by the triggers into the change log; returns how many. */
    int sequenceCaptured();

    /** On a secondary: the captured row changes still to forward to the primary, oldest first. */
    List<CapturedRow> captured(int limit);

    /** On a secondary: a captured row change the primary has answered for. */
    void forgetCaptured(long id);

    /** A captured row change awaiting forwarding. */
    record CapturedRow(long id, byte[] payload) {
    }

    /**
     * Puts capture triggers on the dynamic tables and version triggers on those synchronized only by
     * Synchronize All (and takes them off all others); errors name the rules file.
     */
    void captureTables(Set<String> tables, Set<String> fullTables, String rulesFile);

    /**
     * On the primary: the digests of the rows Synchronize All carries, read at one sequence number ({@code fresh}:
     * every table read again, as verify wants).
     */
    FullSyncStore.Snapshot fullSnapshot(
            List<SyncedTable> tables, boolean fresh);

    /** The rows of these tables that travel. */
    long rowCount(List<SyncedTable> tables);

    /** On the primary: a table's current rows, for a plan that needs some of them. */
    Map<String, RowChange> fullRows(
            SyncedTable table);

    /** On a secondary: its aggregate digest of each of these tables, what Synchronize All compares first. */
    Map<String, String> fullSummary(List<SyncedTable> tables);

    /**
     * On a secondary: the digests of its rows of these tables and of its files; a table whose aggregate equals
     * the primary's is answered "same".
     */
    byte[] fullManifest(List<SyncedTable> tables, Map<String, String> fileDigests,
                        boolean fresh, Map<String, String> primaryAggregates);

    /**
     * On a secondary: switches over to the primary's configuration in one transaction (a node killed halfway
     * keeps its previous one), sets its position to the plan's sequence, forgets its failed changes and its
     * need of a full synchronization. Returns the rows written or deleted.
     */
    int applyFull(FullSyncPlan plan,
                  List<SyncedTable> tables, long stagedFiles, Runnable beforeCommit);

    /**
     * On the primary: a copy of the configuration database holding the synchronized tables' rows at one change, made
     * under the model's lock, for a snapshot; its folder is the caller's to delete once sent.
     */
    ModelCore.SnapshotCopy snapshotCopy(List<SyncedTable> tables);

    /**
     * On a secondary: reads a snapshot (its database copy, its files, handed to {@code files} for the staging),
     * then switches over to it at once: the copy, with this node's local tables and rows, takes the place of its
     * configuration database; otherwise as {@link #applyFull}. A stream cut short or damaged changes nothing.
     */
    FullSyncStore.Replaced applySnapshot(SnapshotStream.Reader snapshot, List<SyncedTable> tables, long stagedFiles,
                                         FullSyncStore.FileSink files, Runnable beforeCommit) throws IOException;

    /** The id of staged files a committed full synchronization still has to move into place, or 0. */
    long pendingFiles();

    /** The staged files of the last full synchronization are in place. */
    void clearPendingFiles();

    /** The configuration sync links itself in while it runs (null when it stops). */
    void useLink(ConfigSyncLink link);

    /** Lets shipped file changes be written into the home (set by the configuration sync). */
    void useFiles(HomeFiles files);

    /** On the primary: orders a change that is already in place here (a file written on this node). */
    long sequence(byte[] payload, String description);

    /** The configuration database's settings that must match across nodes: engine version and schema version. */
    String databaseSettings();

    /** A server parameter's value, or null. */
    String parameter(String name);

    /** True on a secondary from its start until a full synchronization reaches it. */
    boolean needsFullSync();

    /** When the last full synchronization reached this node (epoch millis), 0 if never. */
    long lastFullSyncMs();

    /** How many shipped changes this node could not apply (cleared only by a full synchronization). */
    long failedCount();

    /** Runs a forwarded change on the primary; returns the sequence number and the id it created, if any. */
    ConfigSyncLink.Forwarded execute(ModelCommand mutation);

    /** True when this node is the primary. */
    boolean isPrimary();

    /**
     * Before this node becomes the primary: its next change takes a sequence number above {@code floor}, the
     * highest any node holds, so that no node mistakes a new change for one it already has.
     */
    void raiseSequence(long floor);

    /** What the last full synchronization applied here left to say (account homes not made or not owned), or none. */
    default List<String> lastFullSyncNotes() {
        return List.of();
    }
}
