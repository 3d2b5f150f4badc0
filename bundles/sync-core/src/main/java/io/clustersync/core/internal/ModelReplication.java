package io.clustersync.core.internal;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.files.HomeFiles;
import io.clustersync.core.internal.fullsync.FullSyncPlan;
import io.clustersync.core.internal.fullsync.FullSyncStore;
import io.clustersync.core.internal.fullsync.SyncedTable;
import io.clustersync.core.internal.fullsync.TableDigests;
import io.clustersync.core.internal.tables.RowApplier;
import io.clustersync.core.internal.tables.RowChange;
import io.clustersync.core.internal.tables.TableCapture;
import io.clustersync.core.internal.tables.TableVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replica side of the cluster model: applying what the primary shipped (model changes, rows, files) in
 * sequence order, ordering what was written here on the primary (captured rows, files), and the snapshot,
 * digests and switch-over of Synchronize All. Its callers hold the model's lock ({@link ClusterModelService}
 * delegates from synchronized methods), so that sequence numbers are handed out one at a time.
 */
final class ModelReplication {

    static final String APPLIED_SEQ = "applied_seq";
    static final String NEEDS_FULL_SYNC = "needs_full_sync";
    static final String LAST_FULL_SYNC = "last_full_sync_ms";
    static final String PENDING_FILES = "pending_files";
    static final int CAPTURE_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ModelReplication.class);

    private final ModelStore store;
    private final NodeIdentity node;
    private final ModelEvents events;
    private final ConfigDatabase database;
    private final AppliedSequence appliedSequence = new AppliedSequence();
    private volatile ReplicationSink sink;
    private volatile HomeFiles files;
    /** Row digests kept between Synchronize All passes, for tables whose changes are all seen. */
    private final TableDigests kept = new TableDigests();

    ModelReplication(ModelStore store, NodeIdentity node, ModelEvents events, ConfigDatabase database) {
        this.store = store;
        this.node = node;
        this.events = events;
        this.database = database;
    }

    ReplicationSink sink() {
        return sink;
    }

    AppliedSequence appliedSequence() {
        return appliedSequence;
    }


    void raiseSequence(long floor) {
        store.inTransaction(c -> {
            store.setSyncState(c, APPLIED_SEQ, Math.max(floor, store.syncState(c, APPLIED_SEQ)));
            return null;
        });
    }

    long appliedSeq() {
        return store.read(c -> store.syncState(c, APPLIED_SEQ));
    }

    List<byte[]> logAfter(long seq, int limit) {
        return store.read(c -> store.logAfter(c, seq, limit));
    }

    ModelReplica.ApplyOutcome apply(long seq, byte[] payload) {
        long applied = appliedSeq();
        if (seq <= applied) {
            return ModelReplica.ApplyOutcome.ALREADY;
        }
        if (seq != applied + 1) {
            throw new IllegalStateException("change " + seq + " arrived but " + node.ref() + " has applied only up to "
                    + applied + "; the missing ones will be sent again");
        }
        if (payload.length > 0 && payload[0] == FileChange.PAYLOAD_TAG) {
            return applyFile(seq, FileChange.decode(payload));
        }
        boolean row = payload.length > 0 && payload[0] == RowChange.PAYLOAD_TAG;
        ReplicatedChange change = row ? null : ReplicatedChange.decode(payload);
        try {
            return applyInOrder(seq, payload, row, change);
        } finally {
            if (row) {
                TableVersions.changedAll();
            }
        }
    }

    private ModelReplica.ApplyOutcome applyInOrder(long seq, byte[] payload, boolean row, ReplicatedChange change) {
        try {
            store.inTransaction(c -> {
                if (row) {
                    RowApplier.apply(c, RowChange.decode(payload), node.ref());
                } else {
                    ReplicaApplier.apply(store, c, change);
                }
                store.setSyncState(c, APPLIED_SEQ, seq);
                return null;
            });
        } catch (IllegalStateException e) {
            String reason = row ? RootCause.message(e) : "cannot apply change " + seq + " (" + change.describe() + ") on "
                    + node.ref() + ": " + RootCause.message(e);
            store.inTransaction(c -> {
                store.recordFailure(c, seq, reason);
                store.setSyncState(c, APPLIED_SEQ, seq);
                return null;
            });
            appliedSequence.signal();
            return new ModelReplica.ApplyOutcome(false, reason);
        }
        appliedSequence.signal();
        if (change != null) {
            events.publish(change.toModelChange());
        }
        return ModelReplica.ApplyOutcome.APPLIED;
    }

    /** Writes a shipped file (idempotent), then records the change as applied; a failure is recorded and skipped. */
    private ModelReplica.ApplyOutcome applyFile(long seq, FileChange change) {
        String failure = null;
        HomeFiles target = files;
        try {
            if (target == null) {
                throw new IllegalStateException("file synchronization is not running on this node");
            }
            target.apply(change);
        } catch (IOException | RuntimeException e) {
            failure = change.path() + " was not " + (change.delete() ? "deleted on " : "written on ") + node.ref() + ": "
                    + e.getMessage();
        }
        String reason = failure;
        store.inTransaction(c -> {
            if (reason != null) {
                store.recordFailure(c, seq, reason);
            }
            store.setSyncState(c, APPLIED_SEQ, seq);
            return null;
        });
        appliedSequence.signal();
        return reason == null ? ModelReplica.ApplyOutcome.APPLIED : new ModelReplica.ApplyOutcome(false, reason);
    }

    void useSink(ReplicationSink replicationSink) {
        this.sink = replicationSink;
    }

    void useFiles(HomeFiles homeFiles) {
        this.files = homeFiles;
    }

    long sequence(byte[] payload, String description) {
        long[] seq = {0};
        store.inTransaction(c -> {
            seq[0] = store.syncState(c, APPLIED_SEQ) + 1;
            store.appendLog(c, seq[0], payload, description);
            store.setSyncState(c, APPLIED_SEQ, seq[0]);
            return null;
        });
        appliedSequence.signal();
        ReplicationSink current = sink;
        if (current != null) {
            current.committed(seq[0], payload);
        }
        return seq[0];
    }

    /** On the primary: writes a file a secondary sent, and orders the change. */
    long writeFile(byte[] payload) {
        FileChange change = FileChange.decode(payload);
        HomeFiles target = files;
        if (target == null) {
            throw new ModelException("file synchronization is not running on the primary " + node.ref());
        }
        try {
            target.apply(change);
        } catch (IOException | RuntimeException e) {
            throw new ModelException(change.path() + " was not written on the primary " + node.ref() + ": " + e.getMessage());
        }
        return sequence(payload, change.describe());
    }

    /** Moves captured rows into the change log; a cheap read-only look first, as this runs every few milliseconds. */
    int sequenceCaptured() {
        if (store.read(c -> store.captured(c, 1)).isEmpty()) {
            return 0;
        }
        List<Long> seqs = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        store.inTransaction(c -> {
            long seq = store.syncState(c, APPLIED_SEQ);
            for (ModelStore.Captured captured : store.captured(c, CAPTURE_BATCH)) {
                RowChange row = RowChange.decode(captured.payload());
                store.appendLog(c, ++seq, captured.payload(), (row.delete() ? "delete " : "write ") + row.table() + " "
                        + row.keyText());
                store.deleteCaptured(c, captured.id());
                seqs.add(seq);
                payloads.add(captured.payload());
            }
            store.setSyncState(c, APPLIED_SEQ, seq);
            return null;
        });
        ReplicationSink current = sink;
        for (int i = 0; current != null && i < seqs.size(); i++) {
            current.committed(seqs.get(i), payloads.get(i));
        }
        TableVersions.changedAll();
        appliedSequence.signal();
        return seqs.size();
    }

    List<ModelReplica.CapturedRow> captured(int limit) {
        return store.read(c -> store.captured(c, limit)).stream().map(r -> new ModelReplica.CapturedRow(r.id(), r.payload())).toList();
    }

    void forgetCaptured(long id) {
        store.inTransaction(c -> {
            store.deleteCaptured(c, id);
            return null;
        });
        TableVersions.changedAll();
    }

    FullSyncStore.Snapshot fullSnapshot(List<SyncedTable> tables, boolean fresh) {
        return store.read(c -> FullSyncStore.snapshot(c, store.syncState(c, APPLIED_SEQ), tables, kept, fresh));
    }

    Map<String, RowChange> fullRows(SyncedTable table) {
        return store.read(c -> FullSyncStore.rows(c, table));
    }

    Map<String, String> fullSummary(List<SyncedTable> tables) {
        return store.read(c -> FullSyncStore.summary(c, tables, kept));
    }

    byte[] fullManifest(List<SyncedTable> tables, Map<String, String> fileDigests, boolean fresh,
                        Map<String, String> primaryAggregates) {
        return store.read(c -> FullSyncStore.manifest(c, tables, fileDigests, kept, fresh, primaryAggregates));
    }

    long pendingFiles() {
        return store.read(c -> store.syncState(c, PENDING_FILES));
    }

    void clearPendingFiles() {
        store.inTransaction(c -> {
            store.setSyncState(c, PENDING_FILES, 0);
            return null;
        });
    }

    int applyFull(FullSyncPlan plan, List<SyncedTable> tables, long stagedFiles, Runnable beforeCommit) {
        boolean rowsChange = !plan.deletes().isEmpty() || !plan.writes().isEmpty();
        List<Database> before = rowsChange ? store.read(store::databases) : List.of();
        store.inTransaction(c -> {
            FullSyncStore.apply(c, plan, tables);
            FullSyncStore.clearFailures(c);
            store.setSyncState(c, APPLIED_SEQ, plan.seq());
            store.setSyncState(c, NEEDS_FULL_SYNC, 0);
            store.setSyncState(c, LAST_FULL_SYNC, System.currentTimeMillis());
            store.setSyncState(c, PENDING_FILES, stagedFiles);
            beforeCommit.run();
            return null;
        });
        if (rowsChange) {
            TableVersions.changedAll();
            try {
                store.read(c -> {
                    kept.switchedOver(c, plan);
                    return null;
                });
            } catch (RuntimeException e) {
                kept.watch(kept.watched());
                LOG.debug("row digests dropped after the switch-over: {}", e.toString());
            }
        }
        appliedSequence.signal();
        LOG.info("full synchronization applied on {}: {} row(s) changed, {} unchanged, now at change {}", node.ref(),
                plan.changes(), plan.unchanged(), plan.seq());
        if (rowsChange) {
            ModelDiff.publish(before, store.read(store::databases), events);
        }
        return plan.changes();
    }

    String databaseSettings() {
        return store.read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(VERSION) FROM SCHEMA_HISTORY")) {
                rs.next();
                return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion()
                        + ", schema version " + rs.getInt(1);
            }
        });
    }

    boolean needsFullSync() {
        return store.read(c -> store.syncState(c, NEEDS_FULL_SYNC)) != 0;
    }

    long lastFullSyncMs() {
        return store.read(c -> store.syncState(c, LAST_FULL_SYNC));
    }

    void captureTables(Set<String> tables, Set<String> fullTables, String rulesFile) {
        kept.watch(Set.of());
        TableCapture.install(database.dataSource(), tables, fullTables, rulesFile);
        Set<String> watched = new HashSet<>(tables);
        watched.addAll(fullTables);
        kept.watch(watched);
    }

    long failedCount() {
        return store.read(store::failureCount);
    }

    /** On the primary: writes a row change a secondary captured, and orders it, in one transaction. */
    long writeRow(byte[] payload) {
        RowChange row = RowChange.decode(payload);
        long[] seq = {0};
        try {
            store.inTransaction(c -> {
                RowApplier.apply(c, row, node.ref());
                seq[0] = store.syncState(c, APPLIED_SEQ) + 1;
                store.appendLog(c, seq[0], payload, (row.delete() ? "delete " : "write ") + row.table() + " " + row.keyText());
                store.setSyncState(c, APPLIED_SEQ, seq[0]);
                return null;
            });
        } catch (IllegalStateException e) {
            throw new ModelException(RootCause.message(e));
        } finally {
            TableVersions.changed(row.table());
        }
        appliedSequence.signal();
        ReplicationSink current = sink;
        if (current != null) {
            current.committed(seq[0], payload);
        }
        return seq[0];
    }
}
