package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.PeerStatus;
import io.clustersync.core.api.RequirementResult;
import io.clustersync.core.api.SyncEvent;
import io.clustersync.core.api.SyncJobStatus;
import io.clustersync.core.internal.model.ModelCore;
import io.clustersync.core.internal.modelsync.SyncedModel;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.BusRequests;
import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.files.FileStaging;
import io.clustersync.core.internal.files.HomeFiles;
import io.clustersync.core.internal.fullsync.FullSyncPlan;
import io.clustersync.core.internal.fullsync.FullSyncStore;
import io.clustersync.core.internal.fullsync.SnapshotChunks;
import io.clustersync.core.internal.fullsync.SnapshotStream;
import io.clustersync.core.internal.fullsync.SyncedTable;
import io.clustersync.core.internal.tables.RowChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs Synchronize All on the primary: checks that every secondary can be reached, pauses the pushing of
 * dynamic changes (they are still ordered and logged, and follow the job), asks every secondary for its
 * summary (an aggregate digest per table and of its files) while it reads its own snapshot at sequence S; a
 * secondary that matches gets an empty plan, the others are asked for their digests and sent only what differs
 * (one plan per distinct set of digests); then it waits for each to switch over. A secondary that goes away
 * fails alone; the others finish.
 */
final class SyncAllRunner {

    static final long MANIFEST_TIMEOUT_MS = 120_000;
    static final long APPLY_TIMEOUT_MS = 600_000;
    private static final Logger LOG = LoggerFactory.getLogger(SyncAllRunner.class);

    private final NodeIdentity me;
    private final SyncedModel replica;
    private final BusMessaging bus;
    private final ClusterBus busStatus;
    private final PrimaryRole primary;
    private final SyncErrors events;
    private final Supplier<List<SyncedTable>> tables;
    /** The requirement checks a job must pass first (RequirementCheck.run on a node). */
    private final Supplier<List<RequirementResult>> requirements;
    /** Where each secondary is administered (JMX, HTTP), as it said at the requirement check, for the results. */
    private final IntFunction<String> administeredAt;
    private final Supplier<SyncRules> fileRules;
    private final HomeFiles files;
    private final AtomicInteger counter = new AtomicInteger();
    /** Runs the blocking parts of a job beside its thread (digests, one secondary each): the component's own threads. */
    private final Executor tasks;
    /** A secondary's answers to a job, each to one request: its aggregate digests, its digests, its switch-over. */
    private final BusRequests<JobNode, Map<String, String>> summaries;
    private final BusRequests<JobNode, byte[]> manifests;
    private final BusRequests<JobNode, SyncFrames.FullDone> dones;
    private volatile Job job;

    /** The mutable state of the running or last job. */
    private static final class Job {
        final String id;
        final long started = System.currentTimeMillis();
        final Map<Integer, SyncJobStatus.NodeResult> nodes = new ConcurrentHashMap<>();
        final Map<Integer, Integer> progress = new ConcurrentHashMap<>();
        volatile SyncJobStatus.State state = SyncJobStatus.State.RUNNING;
        volatile long ended;
        volatile long seq;
        volatile String failure = "";

        Job(String id) {
            this.id = id;
        }
    }

    SyncAllRunner(NodeIdentity me, SyncedModel replica, BusMessaging bus, ClusterBus busStatus, PrimaryRole primary,
                  SyncErrors events, Supplier<List<SyncedTable>> tables, Supplier<List<RequirementResult>> requirements,
                  IntFunction<String> administeredAt, Supplier<SyncRules> fileRules, HomeFiles files, Executor tasks) {
        this.tasks = tasks;
        this.administeredAt = administeredAt;
        this.requirements = requirements;
        this.fileRules = fileRules;
        this.files = files;
        this.me = me;
        this.replica = replica;
        this.bus = bus;
        this.summaries = new BusRequests<>(bus, MANIFEST_TIMEOUT_MS);
        this.manifests = new BusRequests<>(bus, MANIFEST_TIMEOUT_MS);
        this.dones = new BusRequests<>(bus, APPLY_TIMEOUT_MS);
        this.busStatus = busStatus;
        this.primary = primary;
        this.events = events;
        this.tables = tables;
    }

    synchronized String start() {
        Job current = job;
        if (current != null && current.state.equals(SyncJobStatus.State.RUNNING)) {
            throw new ModelException("Synchronize All job " + current.id + " is still running");
        }
        List<String> problems = new ArrayList<>();
        List<Integer> secondaries = me.members().stream().map(m -> m.id()).filter(id -> id != me.nodeId()).toList();
        Map<Integer, Boolean> online = new HashMap<>();
        for (PeerStatus peer : busStatus.peers()) {
            online.put(peer.nodeId(), peer.online());
        }
        for (int id : secondaries) {
            if (!online.getOrDefault(id, false)) {
                problems.add("node:" + id + " is offline");
            } else if (!awaitLink(id)) {
                problems.add("the link from " + me.ref() + " to node:" + id + " is down");
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelException("Synchronize All refused: it always goes to every secondary, and " + String.join("; ", problems));
        }
        List<String> failed = requirements.get().stream().filter(r -> !r.passed())
                .map(r -> r.check() + ": " + r.detail()).toList();
        if (!failed.isEmpty()) {
            throw new ModelException("Synchronize All refused: requirements not met: " + String.join(" | ", failed));
        }
        Job started = new Job("syncall-" + System.currentTimeMillis() + "-" + counter.incrementAndGet());
        job = started;
        events.event(SyncEvent.SYNC_ALL_STARTED, "Synchronize All " + started.id + " started for "
                + secondaries.stream().map(id -> "node:" + id).toList());
        Thread runner = new Thread(() -> run(started, secondaries), "clustersync-sync-all");
        runner.setDaemon(true);
        runner.start();
        return started.id;
    }

    private void run(Job j, List<Integer> secondaries) {
        primary.pause();
        try {
            List<SyncedTable> carried = tables.get();
            Map<Integer, CompletableFuture<Map<String, String>>> asked = new HashMap<>();
            for (int id : secondaries) {
                asked.put(id, askSummary(j.id, id, carried));
            }
            long begun = System.currentTimeMillis();
            CompletableFuture<Map<String, String>> fileDigests = CompletableFuture.supplyAsync(() -> fileDigests(false), tasks);
            long rows = replica.rowCount(carried);
            Supplier<FullSyncStore.Snapshot> digests = Tasks.once(() -> takeDigests(j, carried, fileDigests, begun));
            Planner planner = plannerOnce(digests, rowsOnce(), contentsOnce());
            Supplier<Snapshot> snapshots = Tasks.once(() -> startSnapshot(carried, fileDigests));
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int id : secondaries) {
                j.progress.put(id, 0);
                all.add(CompletableFuture.runAsync(() -> syncNode(j, id, asked.get(id), rows, digests, carried, planner, snapshots),
                        tasks));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            j.failure = e.getMessage();
            LOG.error("Synchronize All {} failed: {}", j.id, e.getMessage(), e);
        } finally {
            summaries.forgetAll(k -> k.jobId().equals(j.id));
            List<Integer> done = j.nodes.values().stream().filter(r -> r.state().equals(SyncJobStatus.State.DONE))
                    .map(SyncJobStatus.NodeResult::nodeId).toList();
            primary.resumeAfterFullSync(done, j.seq);
        }
        j.ended = System.currentTimeMillis();
        boolean ok = j.failure.isEmpty() && j.nodes.size() == secondaries.size()
                && j.nodes.values().stream().allMatch(r -> r.state().equals(SyncJobStatus.State.DONE));
        j.state = ok ? SyncJobStatus.State.DONE : SyncJobStatus.State.FAILED;
        String summary = "Synchronize All " + j.id + " " + j.state + " in " + (j.ended - j.started) + " ms: "
                + j.nodes.values().stream().map(r -> "node:" + r.nodeId() + " " + r.state() + " (" + r.detail()
                        + (r.administeredAt().isEmpty() ? "" : "; " + r.administeredAt()) + ")").toList()
                + (j.failure.isEmpty() ? "" : "; " + j.failure);
        LOG.info("{}", summary);
        events.event(ok ? SyncEvent.SYNC_ALL_FINISHED : SyncEvent.SYNC_ALL_FAILED, summary);
        if (!ok) {
            events.add(summary);
        }
    }

    /**
     * Asks a secondary for its aggregate digests before this node takes its own snapshot, so that both walk
     * their files and tables at once.
     */
    private CompletableFuture<Map<String, String>> askSummary(String jobId, int id, List<SyncedTable> carried) {
        return summaries.send(id, new JobNode(jobId, id), SyncFrames.summaryRequest(request(jobId, carried, Map.of())));
    }

    /**
     * A plan travels in parts of about this many bytes, one bus frame each, so that no frame nears the bus's limit
     * however much a job carries (a single file is at most 16 MB).
     */
    static final int PLAN_PART_BYTES = 8 * 1024 * 1024;

    /** A plan and its encoding, in parts. */
    private record Planned(FullSyncPlan plan, List<byte[]> parts) {

        long bytes() {
            return parts.stream().mapToLong(p -> p.length).sum();
        }
    }

    /** Builds the plan for a secondary's digests. */
    private interface Planner {
        Planned plan(byte[] manifest);
    }

    /**
     * The primary's digests of every row at one change, beside its files' digests: taken once per job, when the
     * first secondary that is not far behind needs them (a job whose secondaries are all empty takes none).
     */
    private FullSyncStore.Snapshot takeDigests(Job j, List<SyncedTable> carried, CompletableFuture<Map<String, String>> fileDigests,
                                               long begun) {
        long asked = System.currentTimeMillis();
        FullSyncStore.Snapshot rowDigests = replica.fullSnapshot(carried, false);
        long tablesRead = System.currentTimeMillis();
        FullSyncStore.Snapshot taken = rowDigests.withFiles(Tasks.join(fileDigests));
        j.seq = Math.max(j.seq, taken.seq());
        LOG.info("Synchronize All {}: snapshot at change {}: {} row(s) in {} table(s) in {} ms, beside {} file(s),"
                + " {} ms into the job", j.id, taken.seq(), taken.rowCount(), carried.size(), tablesRead - asked,
                taken.files().size(), asked - begun);
        return taken;
    }

    /**
     * Secondaries that sent the same digests (after a cold start, typically all of them) get the same plan: it is
     * built and encoded once per job.
     */
    private Planner plannerOnce(Supplier<FullSyncStore.Snapshot> digests, FullSyncStore.RowSource rows,
                                FullSyncStore.FileSource contents) {
        Map<String, CompletableFuture<Planned>> built = new ConcurrentHashMap<>();
        return manifest -> {
            CompletableFuture<Planned> mine = new CompletableFuture<>();
            CompletableFuture<Planned> first = built.putIfAbsent(HomeFiles.digest(manifest), mine);
            if (first != null) {
                return Tasks.join(first);
            }
            try {
                FullSyncPlan plan = FullSyncStore.plan(digests.get(), manifest, rows, contents);
                Planned planned = new Planned(plan, FullSyncStore.encodeParts(plan, PLAN_PART_BYTES));
                mine.complete(planned);
                return planned;
            } catch (IOException e) {
                IllegalStateException failure = new IllegalStateException("cannot read a synchronized file of " + me.ref()
                        + ": " + e.getMessage(), e);
                mine.completeExceptionally(failure);
                throw failure;
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            }
        };
    }

    private void syncNode(Job j, int id, CompletableFuture<Map<String, String>> summary, long rows,
                          Supplier<FullSyncStore.Snapshot> primaryDigests, List<SyncedTable> carried, Planner planner,
                          Supplier<Snapshot> snapshots) {
        long started = j.started;
        JobNode key = new JobNode(j.id, id);
        try {
            Map<String, String> theirs = await(summary, id, MANIFEST_TIMEOUT_MS, "its digests");
            if (FullSyncStore.fewRows(theirs, rows)) {
                j.progress.put(id, 40);
                sendSnapshot(j, id, key, snapshots.get(), System.currentTimeMillis());
                return;
            }
            FullSyncStore.Snapshot snapshot = primaryDigests.get();
            byte[] digests;
            boolean matched = FullSyncStore.same(snapshot, theirs);
            if (matched) {
                digests = FullSyncStore.sameManifest(snapshot);
            } else {
                CompletableFuture<byte[]> manifest = manifests.send(id, key,
                        SyncFrames.fullRequest(request(j.id, carried, snapshot.aggregates())));
                digests = await(manifest, id, MANIFEST_TIMEOUT_MS, "its digests");
            }
            long digested = System.currentTimeMillis();
            j.progress.put(id, 40);
            if (!matched && FullSyncStore.farBehind(snapshot, digests)) {
                sendSnapshot(j, id, key, snapshots.get(), digested);
                return;
            }
            Planned built = planner.plan(digests);
            FullSyncPlan plan = built.plan();
            long planned = System.currentTimeMillis();
            CompletableFuture<SyncFrames.FullDone> done = dones.expect(id, key, APPLY_TIMEOUT_MS);
            List<byte[]> parts = built.parts();
            for (int i = 0; i < parts.size() && !done.isDone(); i++) {
                if (!bus.send(id, SyncFrames.planPart(new SyncFrames.PlanPart(j.id, i, parts.size(), parts.get(i))))) {
                    throw new IllegalStateException("the link to node:" + id + " went down while part " + (i + 1) + " of "
                            + parts.size() + " of its plan was sent");
                }
            }
            j.progress.put(id, 70);
            SyncFrames.FullDone answer = await(done, id, APPLY_TIMEOUT_MS, "its switch-over");
            if (!answer.ok()) {
                throw new IllegalStateException(answer.detail());
            }
            LOG.info("Synchronize All {}: node:{} digests after {} ms ({}), plan of {} item(s) ({} bytes in {} part(s)) in {} ms,"
                    + " switch-over in {} ms", j.id, id, digested - started, matched ? "its summary matched" : "its summary differs",
                    plan.changes(), built.bytes(), parts.size(), planned - digested, System.currentTimeMillis() - planned);
            int notes = answer.detail().indexOf("; ");
            j.nodes.put(id, new SyncJobStatus.NodeResult(id, SyncJobStatus.State.DONE, plan.changes() + " item(s) sent, "
                    + plan.unchanged() + " unchanged" + (notes < 0 ? "" : answer.detail().substring(notes)),
                    System.currentTimeMillis() - started, administeredAt.apply(id)));
        } catch (RuntimeException e) {
            j.nodes.put(id, new SyncJobStatus.NodeResult(id, SyncJobStatus.State.FAILED, e.getMessage() + "; its previous"
                    + " configuration is kept", System.currentTimeMillis() - started, administeredAt.apply(id)));
        } finally {
            j.progress.put(id, 100);
            summaries.forget(key);
            manifests.forget(key);
            dones.forget(key);
        }
    }

    /**
     * A secondary far behind (fewer than half the rows, or more than half of the items differ) gets a snapshot
     * instead of a plan: every synchronized file and a copy of the database file as one compressed stream, sent in
     * parts as it is written; the secondary stages the files as they come and puts the copy in place of its database.
     */
    private void sendSnapshot(Job j, int id, JobNode key, Snapshot snapshot, long digested) {
        CompletableFuture<SyncFrames.FullDone> done = dones.expect(id, key, APPLY_TIMEOUT_MS);
        int parts = 0;
        try {
            for (int i = 0; !done.isDone(); i++) {
                byte[] chunk = snapshot.chunks().chunk(i, APPLY_TIMEOUT_MS);
                boolean last = chunk == null;
                if (!bus.send(id, SyncFrames.snapshotPart(new SyncFrames.SnapshotPart(j.id, i, last, last ? new byte[0] : chunk)))) {
                    throw new IllegalStateException("the link to node:" + id + " went down while part " + (i + 1)
                            + " of its snapshot was sent");
                }
                parts = i + 1;
                if (last) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the snapshot to node:" + id);
        }
        long sent = System.currentTimeMillis();
        j.progress.put(id, 70);
        SyncFrames.FullDone answer = await(done, id, APPLY_TIMEOUT_MS, "its switch-over");
        if (!answer.ok()) {
            throw new IllegalStateException(answer.detail());
        }
        Written written = Tasks.join(snapshot.written());
        long rows = written.rows();
        LOG.info("Synchronize All {}: node:{} far behind: snapshot of {} row(s) and {} file(s) ({} bytes compressed, {} part(s))"
                + " sent in {} ms, switch-over {} ms later", j.id, id, rows, written.files(), snapshot.chunks().bytes(),
                parts, sent - digested, System.currentTimeMillis() - sent);
        int notes = answer.detail().indexOf("; ");
        j.seq = Math.max(j.seq, written.seq());
        j.nodes.put(id, new SyncJobStatus.NodeResult(id, SyncJobStatus.State.DONE, "snapshot: " + (rows + written.files())
                + " item(s) sent (" + rows + " row(s), " + written.files() + " file(s), "
                + snapshot.chunks().bytes() / 1024 + " KB compressed)" + (notes < 0 ? "" : answer.detail().substring(notes)),
                System.currentTimeMillis() - j.started, administeredAt.apply(id)));
    }

    /** A snapshot being written, chunk by chunk, and its writer once it has finished. */
    private record Snapshot(SnapshotChunks chunks, CompletableFuture<Written> written) { }

    /** A snapshot written: the change its database copy holds, its rows and its files. */
    private record Written(long seq, long rows, int files) { }

    /** A snapshot travels in parts of this many compressed bytes. */
    static final int SNAPSHOT_PART_BYTES = 1024 * 1024;

    /** The job's snapshot, started once, when the first secondary far behind needs it. */
    private Snapshot startSnapshot(List<SyncedTable> carried, CompletableFuture<Map<String, String>> fileDigests) {
        SnapshotChunks chunks = new SnapshotChunks(SNAPSHOT_PART_BYTES);
        return new Snapshot(chunks, CompletableFuture.supplyAsync(() -> writeSnapshot(carried, Tasks.join(fileDigests), chunks),
                tasks));
    }

    /**
     * Writes the files of the job's listing while the database copy is made beside them (at one change, under the
     * model's lock), then the copy.
     */
    private Written writeSnapshot(List<SyncedTable> carried, Map<String, String> listing, SnapshotChunks chunks) {
        CompletableFuture<ModelCore.SnapshotCopy> copying = CompletableFuture.supplyAsync(() -> {
            long begun = System.currentTimeMillis();
            ModelCore.SnapshotCopy copy = replica.snapshotCopy(carried);
            LOG.info("snapshot: the database copy at change {} made in {} ms", copy.seq(), System.currentTimeMillis() - begun);
            return copy;
        }, tasks);
        try {
            long begun = System.currentTimeMillis();
            SnapshotStream.Writer writer = new SnapshotStream.Writer(chunks);
            for (String path : listing.keySet()) {
                FileChange file = files.read(path);
                if (!file.delete()) {
                    // a file deleted since the listing is not in the snapshot: the secondary deletes its copy
                    writer.file(file);
                }
            }
            long filesWritten = System.currentTimeMillis();
            ModelCore.SnapshotCopy copy = Tasks.join(copying);
            try {
                writer.database(copy.seq(), copy.user(), copy.token(), copy.file());
            } finally {
                FileStaging.dropFolder(copy.dir());
            }
            writer.finish();
            LOG.info("snapshot written: {} file(s) in {} ms, the database copy after {} ms more ({} bytes compressed)",
                    writer.files(), filesWritten - begun, System.currentTimeMillis() - filesWritten, chunks.bytes());
            return new Written(copy.seq(), copy.rows(), writer.files());
        } catch (IOException | RuntimeException e) {
            copying.thenAccept(copy -> FileStaging.dropFolder(copy.dir()));
            String reason = e instanceof IOException ? "cannot read a synchronized file of " + me.ref() + ": " + e.getMessage()
                    : e.getMessage();
            chunks.fail(reason);
            throw new IllegalStateException(reason, e);
        }
    }

    /** Waits for a secondary's answer, giving up early when it goes offline. */
    private <T> T await(CompletableFuture<T> answer, int id, long timeoutMs, String what) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try {
                return answer.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                boolean online = busStatus.peers().stream().anyMatch(p -> p.nodeId() == id && p.online());
                if (!online) {
                    throw new IllegalStateException("node:" + id + " went offline while waiting for " + what);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for node:" + id);
            } catch (ExecutionException e) {
                throw new IllegalStateException(String.valueOf(e.getCause().getMessage()));
            }
        }
        throw new IllegalStateException("node:" + id + " did not send " + what + " within " + timeoutMs + " ms");
    }

    static final int MAX_DRIFT_LINES = 50;

    /**
     * Compares the digest of every synchronized item on every secondary with the primary's and lists the drift,
     * per node; a node that cannot answer is listed as such.
     */
    List<String> verify() {
        List<SyncedTable> carried = tables.get();
        FullSyncStore.Snapshot snapshot = withFiles(replica.fullSnapshot(carried, true), true);
        List<String> report = new ArrayList<>();
        String id = "verify-" + System.currentTimeMillis() + "-" + counter.incrementAndGet();
        for (var member : me.members()) {
            int node = member.id();
            if (node == me.nodeId()) {
                continue;
            }
            JobNode key = new JobNode(id, node);
            try {
                if (!awaitLink(node)) {
                    report.add("node:" + node + ": not reachable, not verified");
                    continue;
                }
                CompletableFuture<byte[]> manifest = manifests.send(node, key, SyncFrames.fullRequest(request(id, carried, Map.of())));
                List<String> drift = FullSyncStore.drift(snapshot, await(manifest, node, MANIFEST_TIMEOUT_MS, "its digests"));
                if (drift.isEmpty()) {
                    report.add("node:" + node + ": no drift (" + (snapshot.rowCount() + snapshot.files().size())
                            + " item(s) compared at change " + snapshot.seq() + ")");
                } else {
                    report.add("node:" + node + ": " + drift.size() + " item(s) differ from the primary:");
                    drift.stream().limit(MAX_DRIFT_LINES).forEach(d -> report.add("  " + d));
                    if (drift.size() > MAX_DRIFT_LINES) {
                        report.add("  ... and " + (drift.size() - MAX_DRIFT_LINES) + " more");
                    }
                }
            } catch (RuntimeException e) {
                report.add("node:" + node + ": not verified: " + e.getMessage());
            } finally {
                manifests.forget(key);
            }
        }
        return report;
    }

    static final long LINK_WAIT_MS = 3000;

    /** A peer heard from a moment ago may still be redialled: give its link a few seconds to come up. */
    private boolean awaitLink(int node) {
        long deadline = System.currentTimeMillis() + LINK_WAIT_MS;
        while (!bus.isLinkUp(node) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return bus.isLinkUp(node);
    }

    private SyncFrames.FullRequest request(String id, List<SyncedTable> carried, Map<String, String> aggregates) {
        SyncRules rules = fileRules.get();
        return new SyncFrames.FullRequest(id, carried, rules.filePatterns(), rules.exclusions(), aggregates);
    }

    /** Reads each table's rows once per job, however many secondaries need some of them. */
    private FullSyncStore.RowSource rowsOnce() {
        Map<String, Map<String, RowChange>> read = new ConcurrentHashMap<>();
        return table -> read.computeIfAbsent(table.name(), t -> replica.fullRows(table));
    }

    /**
     * The digests of the primary's synchronized files, taken with the snapshot: for Synchronize All a file is
     * read only if its size or time changed since it was last read, and the home is not walked at all while the
     * file watch vouches for its last listing; {@code verify} reads every file.
     */
    private FullSyncStore.Snapshot withFiles(FullSyncStore.Snapshot snapshot, boolean fresh) {
        return snapshot.withFiles(fileDigests(fresh));
    }

    private Map<String, String> fileDigests(boolean fresh) {
        SyncRules rules = fileRules.get();
        try {
            return fresh ? files.digests(rules.fileSelection(), true) : files.listing(rules.fileSelection());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the synchronized files of " + me.ref() + ": " + e.getMessage(), e);
        }
    }

    /** Reads each file a plan carries once per job, however many secondaries need it. */
    private FullSyncStore.FileSource contentsOnce() {
        Map<String, FileChange> read = new ConcurrentHashMap<>();
        return path -> {
            FileChange change = read.get(path);
            if (change == null) {
                change = files.read(path);
                read.put(path, change);
            }
            return change;
        };
    }

    void onSummary(int from, Frame frame) {
        SyncFrames.Summary summary = SyncFrames.summary(frame);
        summaries.answered(new JobNode(summary.jobId(), from), summary.aggregates());
    }

    void onManifest(int from, Frame frame) {
        SyncFrames.JobData data = SyncFrames.jobData(frame);
        manifests.answered(new JobNode(data.jobId(), from), data.data());
    }

    void onDone(int from, Frame frame) {
        SyncFrames.FullDone done = SyncFrames.fullDone(frame);
        JobNode key = new JobNode(done.jobId(), from);
        dones.answered(key, done);
        if (!done.ok()) {
            summaries.fail(key, done.detail());
            manifests.fail(key, done.detail());
        }
    }

    /** What a secondary's answer names: the job (or verify) it belongs to, and the secondary. */
    private record JobNode(String jobId, int nodeId) {
    }

    SyncJobStatus status() {
        Job j = job;
        if (j == null) {
            return null;
        }
        int progress = j.progress.isEmpty() ? 0 : (int) j.progress.values().stream().mapToInt(Integer::intValue).average().orElse(0);
        return new SyncJobStatus(j.id, j.state, j.state.equals(SyncJobStatus.State.RUNNING) ? Math.min(progress, 99) : 100,
                j.started, j.ended, j.seq, j.failure, new ArrayList<>(new TreeMap<>(j.nodes).values()));
    }
}
