package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.NodeSyncStatus;
import io.clustersync.core.internal.modelsync.SyncedModel;
import io.clustersync.core.internal.model.ModelCommand;
import io.clustersync.core.internal.tables.RowChange;
import io.clustersync.core.internal.model.ConfigSyncLink;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.NumberedRequests;
import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.files.FileSelection;
import io.clustersync.core.internal.files.FileStaging;
import io.clustersync.core.internal.files.HomeFiles;
import io.clustersync.core.internal.fullsync.FullSyncPlan;
import io.clustersync.core.internal.fullsync.FullSyncStore;
import io.clustersync.core.internal.fullsync.SnapshotStream;
import io.clustersync.core.internal.fullsync.SyncedTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A secondary's side of dynamic synchronization: applies the primary's changes in order and acknowledges
 * them, tells the primary its position every second, and forwards its operator's changes to the primary.
 */
final class SecondaryRole {

    static final long FORWARD_TIMEOUT_MS = 15_000;
    private static final Logger LOG = LoggerFactory.getLogger(SecondaryRole.class);

    private final NodeIdentity me;
    private final SyncedModel replica;
    private final BusMessaging bus;
    private final Executor worker;
    /** Runs the blocking parts of a full sync beside the worker (table digests, file staging): the component's own threads. */
    private final Executor tasks;
    private final SyncErrors errors;
    private final AtomicLong primarySeq = new AtomicLong();
    /** Changes forwarded to the primary, waiting for its answer. */
    private final NumberedRequests<SyncFrames.Result> forwarded;
    private volatile String lastError = "";

    private final HomeFiles files;
    /** The clustersync version this node runs, told to the primary with each position. */
    private final String version;
    private volatile FullSyncJob fullSyncJob;
    private volatile Walked walked;
    private PlanReceipt receipt;
    /** The snapshot being received, if any (parts arrive on the bus's thread, the switch-over reads on its own). */
    private volatile SnapshotInbox inbox;
    /** How long a snapshot's switch-over waits for its next part before it gives up and rolls back. */
    static final long SNAPSHOT_IDLE_MS = 60_000;

    SecondaryRole(NodeIdentity me, SyncedModel replica, BusMessaging bus, Executor worker, SyncErrors errors,
                  HomeFiles files, Executor tasks, String version) {
        this.tasks = tasks;
        this.version = version;
        this.files = files;
        this.me = me;
        this.replica = replica;
        this.bus = bus;
        this.forwarded = new NumberedRequests<>(bus, FORWARD_TIMEOUT_MS);
        this.worker = worker;
        this.errors = errors;
    }

    void onChange(int from, Frame frame) {
        if (from != me.primaryNodeId()) {
            LOG.warn("ignored a change from node:{}: the primary is node:{}", from, me.primaryNodeId());
            return;
        }
        SyncFrames.Change change = SyncFrames.change(frame);
        primarySeq.accumulateAndGet(change.seq(), Math::max);
        worker.execute(() -> apply(change));
    }

    private void apply(SyncFrames.Change change) {
        long before = replica.appliedSeq();
        if (change.seq() > before + 1) {
            sendPosition();
            return;
        }
        try {
            SyncedModel.ApplyOutcome outcome = replica.apply(change.seq(), change.payload());
            if (outcome.failure() != null) {
                LOG.warn("{}", outcome.failure());
                errors.add("change " + change.seq() + ": " + outcome.failure());
                lastError = outcome.failure();
                bus.send(me.primaryNodeId(), SyncFrames.ack(change.seq(), false, outcome.failure()));
                return;
            }
            if (outcome.note() != null) {
                errors.add("change " + change.seq() + ": " + outcome.note());
            }
            bus.send(me.primaryNodeId(), SyncFrames.ack(change.seq(), true, outcome.note() == null ? "" : outcome.note()));
        } catch (RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            if (!reason.equals(lastError)) {
                LOG.warn("{}", reason);
                errors.add("change " + change.seq() + " on " + me.ref() + ": " + reason);
            }
            lastError = reason;
            bus.send(me.primaryNodeId(), SyncFrames.ack(change.seq(), false, reason));
        }
    }

    void sendPosition() {
        bus.send(me.primaryNodeId(), SyncFrames.position(replica.appliedSeq(), replica.failedCount(), replica.needsFullSync(),
                version));
    }

    /**
     * The tables of the Synchronize All job this node was last asked about, for its plan. Only the latest job is
     * kept: the primary runs one at a time, and a job that failed before its plan leaves nothing behind.
     */
    private record FullSyncJob(String jobId, List<SyncedTable> tables, SyncFrames.FullRequest request) { }

    /** The file digests a summary was taken from, kept for the manifest the same job may ask for next. */
    private record Walked(String jobId, Map<String, String> fileDigests) { }

    /**
     * Synchronize All first asks for this node's aggregate digest per table and of its files; the primary asks
     * for the row and file digests only of a node that differs.
     */
    void onFullSummaryRequest(int from, Frame frame) {
        SyncFrames.FullRequest request = SyncFrames.fullRequest(frame);
        worker.execute(() -> {
            try {
                fullSyncJob = new FullSyncJob(request.jobId(), request.tables(), request);
                long begun = System.currentTimeMillis();
                long[] tablesDone = {begun};
                CompletableFuture<Map<String, String>> tables = CompletableFuture.supplyAsync(() -> {
                    Map<String, String> summary = replica.fullSummary(request.tables());
                    tablesDone[0] = System.currentTimeMillis();
                    return summary;
                }, tasks);
                Map<String, String> fileDigests = fileDigests(request, false);
                long filesDone = System.currentTimeMillis();
                walked = new Walked(request.jobId(), fileDigests);
                Map<String, String> summary =
                        FullSyncStore.withFiles(Tasks.join(tables), fileDigests);
                LOG.info("summary for {}: {} file(s) in {} ms, beside {} table(s) in {} ms", request.jobId(), fileDigests.size(),
                        filesDone - begun, request.tables().size(), tablesDone[0] - begun);
                bus.send(from, SyncFrames.summary(new SyncFrames.Summary(request.jobId(), summary)));
            } catch (IOException | RuntimeException e) {
                walked = null;
                bus.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(request.jobId(), false,
                        me.ref() + " cannot read its configuration: " + e.getMessage())));
            }
        });
    }

    private Map<String, String> fileDigests(SyncFrames.FullRequest request, boolean fresh) throws IOException {
        FileSelection selection =
                new SyncRules(request.filePatterns(), request.fileExclusions(), List.of()).fileSelection();
        return fresh ? files.digests(selection, true) : files.listing(selection);
    }

    /** Synchronize All asks for this node's digests of the tables it carries (verify: of everything, read again). */
    void onFullRequest(int from, Frame frame) {
        SyncFrames.FullRequest request = SyncFrames.fullRequest(frame);
        worker.execute(() -> {
            try {
                boolean verify = request.jobId().startsWith("verify-");
                if (!verify) {
                    fullSyncJob = new FullSyncJob(request.jobId(), request.tables(), request);
                }
                long begun = System.currentTimeMillis();
                Walked summarized = walked;
                walked = null;
                Map<String, String> fileDigests = summarized != null && summarized.jobId().equals(request.jobId())
                        ? summarized.fileDigests() : fileDigests(request, verify);
                long filesDone = System.currentTimeMillis();
                byte[] manifest = replica.fullManifest(request.tables(), fileDigests, verify, request.aggregates());
                LOG.info("digests for {}: {} file(s) in {} ms, {} table(s) in {} ms ({} bytes)", request.jobId(),
                        fileDigests.size(), filesDone - begun, request.tables().size(), System.currentTimeMillis() - filesDone,
                        manifest.length);
                bus.send(from, SyncFrames.jobData(SyncFrames.FULL_MANIFEST, new SyncFrames.JobData(request.jobId(), manifest)));
            } catch (IOException | RuntimeException e) {
                bus.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(request.jobId(), false,
                        me.ref() + " cannot answer with its digests: " + e.getMessage())));
            }
        });
    }

    /** The parts of a job's plan received so far (on the worker thread only). */
    private static final class PlanReceipt {
        final String jobId;
        final int count;
        final List<SyncedTable> tables;
        final long started = System.currentTimeMillis();
        final List<FullSyncPlan> parts = new ArrayList<>();
        long bytes;

        PlanReceipt(FullSyncJob job, int count) {
            this.jobId = job.jobId();
            this.tables = job.tables();
            this.count = count;
        }
    }

    /**
     * Synchronize All sends what differs, in parts, in order; each is decoded as it comes, and with the last the
     * node switches over, all at once.
     */
    void onFullPlan(int from, Frame frame) {
        SyncFrames.PlanPart part;
        try {
            part = SyncFrames.planPart(frame);
        } catch (IllegalArgumentException e) {
            LOG.warn("a full-sync plan part from node:{} refused: {}", from, e.getMessage());
            return;
        }
        worker.execute(() -> {
            try {
                PlanReceipt received = receive(part);
                if (received != null) {
                    switchOver(from, received);
                }
            } catch (IOException | RuntimeException e) {
                receipt = null;
                fullSyncJob = null;
                LOG.warn("full synchronization {} not applied: {}", part.jobId(), e.getMessage());
                bus.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(part.jobId(), false, me.ref()
                        + " could not switch over: " + e.getMessage())));
            }
        });
    }

    /** Takes one part of a plan; returns the whole receipt with its last part, null before. */
    private PlanReceipt receive(SyncFrames.PlanPart part) {
        FullSyncJob job = fullSyncJob;
        if (job == null || !job.jobId().equals(part.jobId())) {
            throw new IllegalStateException("no request for job " + part.jobId() + " reached this node"
                    + (job == null ? "" : " (the last one was for job " + job.jobId() + ")"));
        }
        PlanReceipt current = receipt;
        if (part.index() == 0) {
            current = new PlanReceipt(job, part.count());
            receipt = current;
        } else if (current == null || !current.jobId.equals(part.jobId()) || current.count != part.count()
                || current.parts.size() != part.index()) {
            throw new IllegalStateException("part " + (part.index() + 1) + " of " + part.count() + " of the plan of job "
                    + part.jobId() + " came out of order (" + (current == null || !current.jobId.equals(part.jobId())
                    ? "no part 1 came before it" : current.parts.size() + " of " + current.count + " part(s) came before it") + ")");
        }
        current.parts.add(FullSyncStore.decode(part.data()));
        current.bytes += part.data().length;
        if (current.parts.size() < current.count) {
            return null;
        }
        receipt = null;
        fullSyncJob = null;
        return current;
    }

    private void switchOver(int from, PlanReceipt received) throws IOException {
        List<SyncedTable> tables = received.tables;
        FullSyncPlan plan =
                FullSyncStore.merge(received.parts);
        long staging = System.currentTimeMillis();
        long[] staged = {staging};
        CompletableFuture<Void> filesStaged = plan.files().isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> {
                    try {
                        FileStaging.stage(files, staging, plan.files());
                        staged[0] = System.currentTimeMillis();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, tasks);
        int changed;
        try {
            changed = replica.applyFull(plan, tables, plan.files().isEmpty() ? 0 : staging, () -> awaitStaged(filesStaged));
        } catch (RuntimeException e) {
            filesStaged.handle((ok, failure) -> null).join();
            FileStaging.drop(files, staging);
            throw e;
        }
        long committed = System.currentTimeMillis();
        if (!plan.files().isEmpty()) {
            FileStaging.commit(files, staging);
            replica.clearPendingFiles();
        }
        LOG.info("full synchronization {}: plan of {} bytes in {} part(s) received and decoded in {} ms; {} file(s) staged in {} ms"
                + " beside the database switch-over, which committed after {} ms; files moved in {} ms", received.jobId,
                received.bytes, received.count, staging - received.started, plan.files().size(), staged[0] - staging,
                committed - staging, System.currentTimeMillis() - committed);
        lastError = "";
        List<String> notes = replica.lastFullSyncNotes();
        bus.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(received.jobId, true, changed + " row(s) changed"
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)))));
    }

    /**
     * A Synchronize All snapshot, in parts: the first starts the switch-over on its own thread, which applies the
     * stream as the parts come; every later part is handed to it.
     */
    void onFullSnapshot(int from, Frame frame) {
        SyncFrames.SnapshotPart part;
        try {
            part = SyncFrames.snapshotPart(frame);
        } catch (IllegalArgumentException e) {
            LOG.warn("a snapshot part from node:{} refused: {}", from, e.getMessage());
            SnapshotInbox current = inbox;
            if (current != null) {
                current.fail("a part of the snapshot was malformed: " + e.getMessage());
            }
            return;
        }
        SnapshotInbox current = inbox;
        if (part.index() > 0) {
            if (current != null && current.jobId.equals(part.jobId())) {
                current.offer(part);
            }
            return;
        }
        FullSyncJob job = fullSyncJob;
        if (job == null || !job.jobId().equals(part.jobId())) {
            bus.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(part.jobId(), false, me.ref() + " could not switch over:"
                    + " no request for job " + part.jobId() + " reached it")));
            return;
        }
        if (current != null) {
            current.fail("job " + part.jobId() + " started another snapshot");
        }
        SnapshotInbox started = new SnapshotInbox(part.jobId(), SNAPSHOT_IDLE_MS);
        inbox = started;
        started.offer(part);
        tasks.execute(() -> {
            try {
                switchOverToSnapshot(from, job, started);
            } catch (IOException | RuntimeException e) {
                LOG.warn("full synchronization {} from a snapshot not applied: {}", job.jobId(), e.getMessage());
                bus.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(job.jobId(), false, me.ref()
                        + " could not switch over: " + e.getMessage())));
            } finally {
                if (inbox == started) {
                    inbox = null;
                }
                if (fullSyncJob == job) {
                    fullSyncJob = null;
                }
            }
        });
    }

    /**
     * Takes a snapshot as it arrives: its files into a staging folder (the files this node has that the snapshot
     * lacks are deleted at the switch-over), its database copy beside them; then the copy takes the place of the
     * configuration database and the staged files move into place (a node killed before the copy's rename keeps its
     * old configuration and files; after it, it finishes the moves at its next start).
     */
    private void switchOverToSnapshot(int from, FullSyncJob job, SnapshotInbox parts) throws IOException {
        long started = System.currentTimeMillis();
        long staging = started;
        Map<String, String> existing = fileDigests(job.request(), false);
        FileStaging.Stager stager = FileStaging.open(files, staging);
        FullSyncStore.Replaced replaced;
        try {
            SnapshotStream.Reader snapshot = new SnapshotStream.Reader(parts);
            LOG.info("full synchronization {}: switching over to the primary's snapshot as it arrives", job.jobId());
            replaced = replica.applySnapshot(snapshot, job.tables(), staging, stager::add, () -> {
                try {
                    stager.finish(existing.keySet());
                } catch (IOException e) {
                    throw new UncheckedIOException("staging the files failed: " + e.getMessage(), e);
                }
            });
        } catch (IOException | RuntimeException e) {
            parts.fail("the switch-over failed");
            FileStaging.drop(files, staging);
            throw e;
        }
        long committed = System.currentTimeMillis();
        int moved = FileStaging.commit(files, staging);
        replica.clearPendingFiles();
        LOG.info("full synchronization {} from a snapshot: {} row(s) and {} file(s), {} bytes compressed, taken as they came"
                + " and in place after {} ms; {} file change(s) moved in {} ms", job.jobId(), replaced.rows(), replaced.files(),
                parts.bytes(), committed - started, moved, System.currentTimeMillis() - committed);
        lastError = "";
        List<String> notes = replica.lastFullSyncNotes();
        bus.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(job.jobId(), true, replaced.rows() + " row(s) and "
                + replaced.files() + " file(s) from a snapshot" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)))));
    }

    /** Before the switch-over commits, its files must be staged; a staging failure rolls it back, named. */
    private static void awaitStaged(CompletableFuture<Void> staged) {
        try {
            staged.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IllegalStateException("staging the files failed: " + cause.getMessage(), cause);
        }
    }

    /** Hands a file changed here to the primary; a refusal is reported. Runs on the capture thread, in order. */
    void forwardFile(FileChange change) {
        ModelCommand mutation = new ModelCommand.File(change.encode(), change.describe());
        try {
            forward(mutation);
        } catch (Unanswered e) {
            // not refused, just not (known to be) taken: the file watch's sweep looks at it again and resends
            files.forget(change.path());
            LOG.info("{} was not handed to the primary ({}); it is sent again within seconds", change.describe(), e.getMessage());
        } catch (ModelException e) {
            String reason = "a change made on " + me.ref() + " (" + change.describe() + ") was not taken by the primary: "
                    + e.getMessage();
            LOG.warn("{}", reason);
            errors.add(reason);
        }
    }

    /** Hands the row changes captured here to the primary, oldest first; one the primary refuses is reported. */
    int forwardCaptured() {
        if (!bus.isLinkUp(me.primaryNodeId())) {
            return 0;
        }
        List<SyncedModel.CapturedRow> rows = replica.captured(100);
        for (SyncedModel.CapturedRow row : rows) {
            ModelCommand mutation = new ModelCommand.Row(row.payload(), RowChange.decode(row.payload()).describe());
            try {
                forward(mutation);
            } catch (ModelException e) {
                String reason = "a change made on " + me.ref() + " (" + mutation + ") was refused by the primary: " + e.getMessage();
                LOG.warn("{}", reason);
                errors.add(reason);
            }
            replica.forgetCaptured(row.id());
        }
        return rows.size();
    }

    void onResult(int from, Frame frame) {
        SyncFrames.Result result = SyncFrames.result(frame);
        forwarded.answered(result.requestId(), result);
    }

    ConfigSyncLink.Forwarded forward(ModelCommand mutation) {
        int primary = me.primaryNodeId();
        if (!bus.isLinkUp(primary)) {
            throw new Unanswered(me.ref() + " is a secondary and cannot reach the primary node:" + primary
                    + " over the cluster bus; changes are refused until it is back (see 'clustersync-admin status nodes')");
        }
        CompletableFuture<SyncFrames.Result> answer = forwarded.send(primary, id -> SyncFrames.forward(id, mutation.encode()));
        try {
            if (answer.isCompletedExceptionally()) {
                throw new Unanswered("the link to the primary node:" + primary + " went down; try again");
            }
            SyncFrames.Result result = answer.get(FORWARD_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (!result.accepted()) {
                throw new ModelException(result.message());
            }
            primarySeq.accumulateAndGet(result.seq(), Math::max);
            return new ConfigSyncLink.Forwarded(result.seq(), result.created());
        } catch (TimeoutException e) {
            throw new Unanswered("the primary node:" + primary + " did not answer within " + FORWARD_TIMEOUT_MS
                    + " ms; the change may or may not have been made, see 'clustersync-admin sync status'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting for the primary node:" + primary);
        } catch (ExecutionException e) {
            throw new ModelException("forwarding to the primary node:" + primary + " failed: " + e.getCause());
        } finally {
            answer.cancel(false);
        }
    }

    /** A change the primary did not answer for (a link down, no answer in time): not refused, maybe not made. */
    static final class Unanswered extends ModelException {
        private static final long serialVersionUID = 1L;

        Unanswered(String message) {
            super(message);
        }
    }

    long primarySeq() {
        return primarySeq.get();
    }

    List<NodeSyncStatus> nodes(boolean primaryOnline) {
        long mine = replica.appliedSeq();
        long theirs = Math.max(primarySeq.get(), mine);
        List<NodeSyncStatus> out = new ArrayList<>();
        for (var member : me.members()) {
            if (member.id() == me.nodeId()) {
                out.add(new NodeSyncStatus(member.id(), replica.needsFullSync() ? NodeSyncStatus.State.NEEDS_FULL_SYNC
                        : mine >= theirs && replica.failedCount() == 0 ? NodeSyncStatus.State.SYNCED : NodeSyncStatus.State.BEHIND,
                        mine, lastError));
            } else if (member.id() == me.primaryNodeId()) {
                out.add(new NodeSyncStatus(member.id(), primaryOnline ? NodeSyncStatus.State.SYNCED : NodeSyncStatus.State.OFFLINE,
                        theirs, ""));
            } else {
                out.add(new NodeSyncStatus(member.id(), NodeSyncStatus.State.UNKNOWN, 0, ""));
            }
        }
        return out;
    }
}
