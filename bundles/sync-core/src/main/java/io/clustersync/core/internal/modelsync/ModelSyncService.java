package io.clustersync.core.internal.modelsync;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.files.FileStaging;
import io.clustersync.core.internal.files.HomeFiles;
import io.clustersync.core.internal.fullsync.FullSyncPlan;
import io.clustersync.core.internal.fullsync.FullSyncStore;
import io.clustersync.core.internal.fullsync.SyncedTable;
import io.clustersync.core.internal.fullsync.SnapshotStream;
import io.clustersync.core.internal.fullsync.TableDigests;
import io.clustersync.core.internal.model.ConfigSyncLink;
import io.clustersync.core.internal.model.ModelCommand;
import io.clustersync.core.internal.model.ModelCore;
import io.clustersync.core.internal.model.ModelStore;
import io.clustersync.core.internal.node.RootCause;
import io.clustersync.core.internal.tables.RowApplier;
import io.clustersync.core.internal.tables.RowChange;
import io.clustersync.core.internal.accounts.AccountHomes;
import io.clustersync.core.internal.accounts.AccountRows;
import io.clustersync.core.internal.tables.TableCapture;
import io.clustersync.core.internal.tables.TableVersions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.clustersync.core.internal.model.ModelCore.APPLIED_SEQ;
import static io.clustersync.core.internal.model.ModelCore.NEEDS_FULL_SYNC;

/**
 * The replica side of the cluster model (model sync): applying what the primary shipped (model changes, rows,
 * files) in sequence order, ordering what was written here on the primary (captured rows, files), and the
 * snapshot, digests and switch-over of Synchronize All. What hands out sequence numbers runs under the
 * model's lock ({@link ModelCore#locked}), one at a time.
 */
@Component(service = SyncedModel.class)
public class ModelSyncService implements SyncedModel {

    static final String LAST_FULL_SYNC = "last_full_sync_ms";
    static final String PENDING_FILES = "pending_files";
    static final int CAPTURE_BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ModelSyncService.class);

    /** Row digests kept between Synchronize All passes, for tables whose changes are all seen. */
    private final TableDigests kept = new TableDigests();
    private volatile HomeFiles files;
    private ModelCore core;
    private ModelStore store;
    /** needs_full_sync as last read or written here: the data plane asks for every command of another node. */
    private volatile Boolean needsFullSync;
    /** What the last full synchronization left to say of account homes. */
    private volatile List<String> lastFullSyncNotes = List.of();

    @Reference
    void bindCore(ModelCore modelCore) {
        this.core = modelCore;
    }

    @Activate
    void activate() {
        this.store = core.store();
    }

    /** Outside a framework: model sync over an opened model. */
    public static ModelSyncService over(ModelCore modelCore) {
        ModelSyncService service = new ModelSyncService();
        service.bindCore(modelCore);
        service.activate();
        return service;
    }

    @Override
    public void raiseSequence(long floor) {
        core.locked(() -> store.inTransaction(c -> {
            store.setSyncState(c, APPLIED_SEQ, Math.max(floor, store.syncState(c, APPLIED_SEQ)));
            return null;
        }));
    }

    @Override
    public long appliedSeq() {
        return store.read(c -> store.syncState(c, APPLIED_SEQ));
    }

    @Override
    public List<byte[]> logAfter(long seq, int limit) {
        return store.read(c -> store.logAfter(c, seq, limit));
    }

    @Override
    public ApplyOutcome apply(long seq, byte[] payload) {
        return core.locked(() -> applyLocked(seq, payload));
    }

    private ApplyOutcome applyLocked(long seq, byte[] payload) {
        long applied = appliedSeq();
        if (seq <= applied) {
            return ApplyOutcome.ALREADY;
        }
        if (seq != applied + 1) {
            throw new IllegalStateException("change " + seq + " arrived but " + core.node().ref()
                    + " has applied only up to " + applied + "; the missing ones will be sent again");
        }
        if (payload.length > 0 && payload[0] == FileChange.PAYLOAD_TAG) {
            return applyFile(seq, FileChange.decode(payload));
        }
        boolean row = payload.length > 0 && payload[0] == RowChange.PAYLOAD_TAG;
        try {
            return applyInOrder(seq, payload, row);
        } finally {
            if (row) {
                TableVersions.changedAll();
            }
        }
    }

    private ApplyOutcome applyInOrder(long seq, byte[] payload, boolean row) {
        ModelChange[] change = {null};
        RowChange[] rowChange = {null};
        try {
            store.inTransaction(c -> {
                if (row) {
                    rowChange[0] = RowChange.decode(payload);
                    RowApplier.apply(c, rowChange[0], core.node().ref());
                } else {
                    change[0] = core.applyLogged(c, payload);
                }
                store.setSyncState(c, APPLIED_SEQ, seq);
                return null;
            });
        } catch (IllegalStateException e) {
            String reason = row ? RootCause.message(e) : "cannot apply change " + seq + " ("
                    + core.describeLogged(payload) + ") on " + core.node().ref() + ": " + RootCause.message(e);
            store.inTransaction(c -> {
                store.recordFailure(c, seq, reason);
                store.setSyncState(c, APPLIED_SEQ, seq);
                return null;
            });
            core.applied();
            return new ApplyOutcome(false, reason);
        }
        core.applied();
        if (change[0] != null) {
            core.announce(change[0]);
        }
        AccountHomes.Account account = rowChange[0] == null ? null : AccountRows.of(rowChange[0]);
        AccountHomes homes = account == null ? null : accountHomes();
        String note = homes == null ? null : homes.ensure(account);
        if (note != null) {
            LOG.warn("{} on {}", note, core.node().ref());
            return new ApplyOutcome(true, null, note + " (on " + core.node().ref() + ")");
        }
        return ApplyOutcome.APPLIED;
    }

    /** The homes of synchronized accounts under this node's accounts root; null outside a node home (tests). */
    private AccountHomes accountHomes() {
        HomeFiles home = files;
        if (home == null) {
            return null;
        }
        String configured = core.parameter(AccountHomes.ROOT_PARAMETER);
        Path root = configured == null || configured.isBlank() ? home.home().resolve("accounts")
                : home.home().resolve(configured.trim());
        return new AccountHomes(root.toAbsolutePath().normalize(), AccountHomes.runsAsRoot());
    }

    @Override
    public List<String> lastFullSyncNotes() {
        return lastFullSyncNotes;
    }

    /** Writes a shipped file (idempotent), then records the change as applied; a failure is recorded and skipped. */
    private ApplyOutcome applyFile(long seq, FileChange change) {
        String failure = null;
        HomeFiles target = files;
        try {
            if (target == null) {
                throw new IllegalStateException("file synchronization is not running on this node");
            }
            target.apply(change);
        } catch (IOException | RuntimeException e) {
            failure = change.path() + " was not " + (change.delete() ? "deleted on " : "written on ") + core.node().ref()
                    + ": " + e.getMessage();
        }
        String reason = failure;
        store.inTransaction(c -> {
            if (reason != null) {
                store.recordFailure(c, seq, reason);
            }
            store.setSyncState(c, APPLIED_SEQ, seq);
            return null;
        });
        core.applied();
        return reason == null ? ApplyOutcome.APPLIED : new ApplyOutcome(false, reason);
    }

    @Override
    public void useLink(ConfigSyncLink link) {
        core.useLink(link);
    }

    @Override
    public void useFiles(HomeFiles homeFiles) {
        this.files = homeFiles;
    }

    @Override
    public long sequence(byte[] payload, String description) {
        return core.locked(() -> sequenceLocked(payload, description));
    }

    private long sequenceLocked(byte[] payload, String description) {
        long[] seq = {0};
        store.inTransaction(c -> {
            seq[0] = store.syncState(c, APPLIED_SEQ) + 1;
            store.appendLog(c, seq[0], payload, description);
            store.setSyncState(c, APPLIED_SEQ, seq[0]);
            return null;
        });
        shipped(seq[0], payload);
        return seq[0];
    }

    /** A change ordered here is committed: wake the waiting calls and hand it to the configuration sync. */
    private void shipped(long seq, byte[] payload) {
        core.applied();
        ConfigSyncLink current = core.link();
        if (current != null) {
            current.committed(seq, payload);
        }
    }

    @Override
    public ConfigSyncLink.Forwarded execute(ModelCommand command) {
        if (command instanceof ModelCommand.Row row) {
            return new ConfigSyncLink.Forwarded(core.locked(() -> writeRow(row.payload())), "");
        }
        if (command instanceof ModelCommand.File file) {
            return new ConfigSyncLink.Forwarded(core.locked(() -> writeFile(file.payload())), "");
        }
        return core.execute(command);
    }

    /** On the primary: writes a file a secondary sent, and orders the change. */
    private long writeFile(byte[] payload) {
        requirePrimary("file");
        FileChange change = FileChange.decode(payload);
        HomeFiles target = files;
        if (target == null) {
            throw new ModelException("file synchronization is not running on the primary " + core.node().ref());
        }
        try {
            target.apply(change);
        } catch (IOException | RuntimeException e) {
            throw new ModelException(change.path() + " was not written on the primary " + core.node().ref() + ": "
                    + e.getMessage());
        }
        return sequenceLocked(payload, change.describe());
    }

    /** On the primary: writes a row change a secondary captured, and orders it, in one transaction. */
    private long writeRow(byte[] payload) {
        requirePrimary("row");
        RowChange row = RowChange.decode(payload);
        long[] seq = {0};
        try {
            store.inTransaction(c -> {
                RowApplier.apply(c, row, core.node().ref());
                seq[0] = store.syncState(c, APPLIED_SEQ) + 1;
                store.appendLog(c, seq[0], payload, row.describe());
                store.setSyncState(c, APPLIED_SEQ, seq[0]);
                return null;
            });
        } catch (IllegalStateException e) {
            throw new ModelException(RootCause.message(e));
        } finally {
            TableVersions.changed(row.table());
        }
        shipped(seq[0], payload);
        return seq[0];
    }

    private void requirePrimary(String what) {
        if (!isPrimary()) {
            throw new ModelException(core.node().ref() + " is not the primary; it cannot order '" + what + "'");
        }
    }

    /** Moves captured rows into the change log; a cheap read-only look first, as this runs every few milliseconds. */
    @Override
    public int sequenceCaptured() {
        if (store.read(c -> store.captured(c, 1)).isEmpty()) {
            return 0;
        }
        return core.locked(this::sequenceCapturedLocked);
    }

    private int sequenceCapturedLocked() {
        List<Long> seqs = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        store.inTransaction(c -> {
            long seq = store.syncState(c, APPLIED_SEQ);
            for (ModelStore.Captured captured : store.captured(c, CAPTURE_BATCH)) {
                RowChange row = RowChange.decode(captured.payload());
                store.appendLog(c, ++seq, captured.payload(), row.describe());
                store.deleteCaptured(c, captured.id());
                seqs.add(seq);
                payloads.add(captured.payload());
            }
            store.setSyncState(c, APPLIED_SEQ, seq);
            return null;
        });
        ConfigSyncLink current = core.link();
        for (int i = 0; current != null && i < seqs.size(); i++) {
            current.committed(seqs.get(i), payloads.get(i));
        }
        TableVersions.changedAll();
        core.applied();
        return seqs.size();
    }

    @Override
    public List<CapturedRow> captured(int limit) {
        return store.read(c -> store.captured(c, limit)).stream().map(r -> new CapturedRow(r.id(), r.payload())).toList();
    }

    @Override
    public void forgetCaptured(long id) {
        store.inTransaction(c -> {
            store.deleteCaptured(c, id);
            return null;
        });
        TableVersions.changedAll();
    }

    @Override
    public FullSyncStore.Snapshot fullSnapshot(List<SyncedTable> tables, boolean fresh) {
        return core.locked(() -> store.read(c -> FullSyncStore.snapshot(c, store.syncState(c, APPLIED_SEQ), tables, kept, fresh)));
    }

    @Override
    public long rowCount(List<SyncedTable> tables) {
        return store.read(c -> FullSyncStore.countRows(c, tables));
    }

    @Override
    public Map<String, RowChange> fullRows(SyncedTable table) {
        return store.read(c -> FullSyncStore.rows(c, table));
    }

    @Override
    public Map<String, String> fullSummary(List<SyncedTable> tables) {
        return store.read(c -> FullSyncStore.summary(c, tables, kept));
    }

    @Override
    public byte[] fullManifest(List<SyncedTable> tables, Map<String, String> fileDigests, boolean fresh,
                               Map<String, String> primaryAggregates) {
        return store.read(c -> FullSyncStore.manifest(c, tables, fileDigests, kept, fresh, primaryAggregates));
    }

    @Override
    public long pendingFiles() {
        return store.read(c -> store.syncState(c, PENDING_FILES));
    }

    @Override
    public void clearPendingFiles() {
        store.inTransaction(c -> {
            store.setSyncState(c, PENDING_FILES, 0);
            return null;
        });
    }

    @Override
    public int applyFull(FullSyncPlan plan, List<SyncedTable> tables, long stagedFiles, Runnable beforeCommit) {
        return core.locked(() -> applyFullLocked(plan, tables, stagedFiles, beforeCommit));
    }

    private int applyFullLocked(FullSyncPlan plan, List<SyncedTable> tables, long stagedFiles, Runnable beforeCommit) {
        boolean rowsChange = !plan.deletes().isEmpty() || !plan.writes().isEmpty();
        switchOver(plan.seq(), rowsChange, stagedFiles, beforeCommit, c -> {
            FullSyncStore.apply(c, plan, tables);
            return null;
        }, c -> {
            kept.switchedOver(c, plan);
            return null;
        });
        LOG.info("full synchronization applied on {}: {} row(s) changed, {} unchanged, now at change {}", core.node().ref(),
                plan.changes(), plan.unchanged(), plan.seq());
        return plan.changes();
    }

    @Override
    public FullSyncStore.Replaced applySnapshot(SnapshotStream.Reader snapshot, List<SyncedTable> tables, long stagedFiles,
                                                FullSyncStore.FileSink files, Runnable beforeCommit) throws IOException {
        Path target = core.snapshotFile(stagedFiles);
        try {
            Files.createDirectories(target.getParent());
            SnapshotStream.DatabaseCopy copy = null;
            int fileCount = 0;
            for (SnapshotStream.Item item = snapshot.next(); !(item instanceof SnapshotStream.End); item = snapshot.next()) {
                if (item instanceof SnapshotStream.FileItem file) {
                    files.accept(file.file());
                    fileCount++;
                } else if (item instanceof SnapshotStream.DatabaseCopy database) {
                    snapshot.copyDatabase(target);
                    copy = database;
                }
            }
            if (copy == null) {
                throw new IOException("the snapshot carries no database copy");
            }
            SnapshotStream.DatabaseCopy database = copy;
            int carried = fileCount;
            long read = System.currentTimeMillis();
            return core.locked(() -> {
                List<Database> before = store.read(store::databases);
                long[] rows = {0};
                core.adoptSnapshot(target, database.user(), database.token(), SyncedTable.filters(tables), next -> {
                    FullSyncStore.clearFailures(next);
                    setFullSyncState(next, database.seq(), stagedFiles);
                    rows[0] = FullSyncStore.countRows(next, tables);
                    beforeCommit.run();
                    return null;
                });
                afterSwitchOver(before, true, c -> {
                    kept.watch(kept.watched());
                    return null;
                });
                LOG.info("full synchronization applied on {} from a snapshot: {} row(s) and {} file(s), now at change {};"
                        + " the database copy took its place {} ms after the snapshot's end", core.node().ref(), rows[0], carried,
                        database.seq(), System.currentTimeMillis() - read);
                return new FullSyncStore.Replaced(rows[0], carried);
            });
        } finally {
            FileStaging.dropFolder(target.getParent());
        }
    }

    @Override
    public ModelCore.SnapshotCopy snapshotCopy(List<SyncedTable> tables) {
        return core.snapshotCopy(SyncedTable.filters(tables));
    }

    /**
     * The switch-over of Synchronize All, in one transaction: {@code write} puts the primary's rows in place, then
     * this node forgets its failed changes and its need of a full synchronization, and takes the primary's position
     * ({@code seq}) and the staged files to move ({@code stagedFiles}); {@code beforeCommit} runs last. After the
     * commit the kept digests are brought along ({@code digests}), account homes are checked, and the model's
     * listeners hear of every database that changed.
     */
    private <T> T switchOver(long seq, boolean rowsChange, long stagedFiles, Runnable beforeCommit, ModelStore.Work<T> write,
                             ModelStore.Work<Void> digests) {
        List<Database> before = rowsChange ? store.read(store::databases) : List.of();
        T written = store.inTransaction(c -> {
            T result = write.run(c);
            FullSyncStore.clearFailures(c);
            setFullSyncState(c, seq, stagedFiles);
            beforeCommit.run();
            return result;
        });
        afterSwitchOver(before, rowsChange, digests);
        return written;
    }

    /** The sync state a switch-over leaves: at the primary's change, no longer waiting, its staged files to move. */
    private void setFullSyncState(Connection c, long seq, long stagedFiles) throws SQLException {
        store.setSyncState(c, APPLIED_SEQ, seq);
        store.setSyncState(c, NEEDS_FULL_SYNC, 0);
        store.setSyncState(c, LAST_FULL_SYNC, System.currentTimeMillis());
        store.setSyncState(c, PENDING_FILES, stagedFiles);
    }

    /**
     * After a switch-over: the kept digests are brought along ({@code digests}), account homes are checked, and
     * the model's listeners hear of every database that changed.
     */
    private void afterSwitchOver(List<Database> before, boolean rowsChange, ModelStore.Work<Void> digests) {
        if (rowsChange) {
            TableVersions.changedAll();
            try {
                store.read(c -> {
                    digests.run(c);
                    return null;
                });
            } catch (RuntimeException e) {
                kept.watch(kept.watched());
                LOG.debug("row digests dropped after the switch-over: {}", e.toString());
            }
        }
        needsFullSync = false;
        AccountHomes homes = accountHomes();
        if (homes != null) {
            try {
                lastFullSyncNotes = List.copyOf(homes.ensure(store.read(AccountRows::read)));
                lastFullSyncNotes.forEach(n -> LOG.warn("{} on {}", n, core.node().ref()));
            } catch (RuntimeException e) {
                lastFullSyncNotes = List.of("account homes not checked: " + RootCause.message(e));
            }
        }
        core.applied();
        if (rowsChange) {
            core.announceReplaced(before);
        }
    }

    @Override
    public String databaseSettings() {
        return store.read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(VERSION) FROM SCHEMA_HISTORY")) {
                rs.next();
                return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion()
                        + ", schema version " + rs.getInt(1);
            }
        });
    }

    @Override
    public String parameter(String name) {
        return core.parameter(name);
    }

    @Override
    public boolean needsFullSync() {
        Boolean known = needsFullSync;
        if (known == null) {
            known = store.read(c -> store.syncState(c, NEEDS_FULL_SYNC)) != 0;
            needsFullSync = known;
        }
        return known;
    }

    @Override
    public long lastFullSyncMs() {
        return store.read(c -> store.syncState(c, LAST_FULL_SYNC));
    }

    @Override
    public void captureTables(Set<String> tables, Set<String> fullTables, String rulesFile) {
        kept.watch(Set.of());
        TableCapture.install(core.dataSource(), tables, fullTables, rulesFile, core.node().nodeId());
        Set<String> watched = new HashSet<>(tables);
        watched.addAll(fullTables);
        kept.watch(watched);
    }

    @Override
    public long failedCount() {
        return store.read(store::failureCount);
    }

    @Override
    public boolean isPrimary() {
        return core.node().isPrimary();
    }
}
