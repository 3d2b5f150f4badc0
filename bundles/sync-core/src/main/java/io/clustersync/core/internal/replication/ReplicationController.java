package io.clustersync.core.internal.replication;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.ReplicaState;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelListener;
import io.clustersync.core.api.Replication;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SourceStatus;
import io.clustersync.core.spi.Syncer;
import io.clustersync.core.spi.SyncerRun;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.NumberedRequests;
import io.clustersync.core.internal.syncers.SyncerRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the Replica Of replications of the databases whose first master shard this node holds, and its share of
 * those whose syncer is spread ({@link Syncer#SPREAD}) over every node holding a master shard: for each source,
 * the {@link Syncer} service whose {@code syncer.mode} is the database's {@code syncer_mode}. A change of mode or
 * of share, a syncer service that comes or goes (a bundle update), pause or stop, each stops the run and starts
 * the right one, which resumes from the checkpoints in the shard stores.
 */
@Component(service = {Replication.class, ModelListener.class}, immediate = true)
public class ReplicationController implements Replication, ModelListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationController.class);
    static final long FOLLOW_EVERY_MS = 2000;

    /** One running source: which syncer service runs it and what it last reported. */
    private static final class Running {
        final Object syncerKey;
        final String mode;
        final ReplicationTask.Share share;
        final SyncerRun run;
        /** The source as the run was started for it (an Active-Active peer's address can change at its index). */
        final ReplicaSource source;
        volatile String implementation;

        Running(Object syncerKey, String mode, ReplicationTask.Share share, SyncerRun run, ReplicaSource source,
                String implementation) {
            this.syncerKey = syncerKey;
            this.mode = mode;
            this.share = share;
            this.run = run;
            this.source = source;
            this.implementation = implementation;
        }
    }

    /** What this node is to run for one source: the database and its share of the source. */
    private record Wanted(Database db, ReplicationTask.Share share) {
    }

    @Reference
    private LocalNode localNode;

    @Reference
    private ClusterModel model;

    @Reference
    private DataPlane dataPlane;

    @Reference
    private BusMessaging bus;

    /** A node whose configuration waits for Synchronize All runs no replication until the job reaches it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigSync configSync;
    private boolean heldBefore;

    static final long STATUS_QUERY_TIMEOUT_MS = 1500;
    /** Status queries to the nodes running this node's databases' syncers, and their answers. */
    private NumberedRequests<List<SourceStatus>> statusQueries;

    /** The syncer services of this node, by mode; this controller listens to them coming and going. */
    @Reference
    private SyncerRegistry syncers;
    private final SyncerRegistry.Listener syncerEvents = new SyncerRegistry.Listener() {
        @Override
        public void added(Syncer syncer, SyncerRegistry.ServedMode mode) {
            follow();
        }

        @Override
        public void removed(Syncer syncer, SyncerRegistry.ServedMode mode) {
            removeSyncer(syncer);
        }
    };
    /** Changed on the worker; read from syncer threads too (their reports), hence concurrent. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();
    /** Figures per source, kept across syncer swaps while the source is replicated here. */
    private final Map<String, SourceMetrics> metrics = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService worker;
    /** Logs the threads of a syncer slow to stop (the worker itself waits for it). */
    private ScheduledExecutorService slowStopWatch;
    /** Databases that had Replica Of sources when the model was last followed (worker thread only). */
    private final Set<Integer> replicating = new HashSet<>();

    /** A syncer service goes away: its runs stop before it does, then the others take over. */
    private void removeSyncer(Syncer syncer) {
        ScheduledExecutorService current = worker;
        if (current == null || current.isShutdown()) {
            return; // the controller stopped (it stopped every run itself): nothing runs on this syncer any more
        }
        try {
            current.submit(() -> stopRunsOf(syncer)).get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException stopping) {
            return; // the controller is stopping at this moment, and stops the runs itself
        } catch (Exception e) {
            LOG.warn("replication: stopping the runs of a syncer that went away: {}", e.toString());
        }
        follow();
    }

    @Activate
    void activate() {
        worker = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("clustersync-replication", true));
        slowStopWatch = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("clustersync-replication-watchdog", true));
        statusQueries = new NumberedRequests<>(bus, STATUS_QUERY_TIMEOUT_MS);
        syncers.listen(syncerEvents);
        bus.handle(StatusFrames.QUERY, (from, frame) -> {
            try {
                StatusFrames.Query query = StatusFrames.query(frame);
                bus.send(from, StatusFrames.answer(query.requestId(), statuses(query.databaseId())));
            } catch (IOException e) {
                LOG.warn("malformed replication status query from node:{}: {}", from, e.getMessage());
            }
        });
        bus.handle(StatusFrames.ANSWER, (from, frame) -> {
            try {
                StatusFrames.Answer answer = StatusFrames.answer(frame);
                statusQueries.answered(answer.requestId(), answer.statuses());
            } catch (IOException e) {
                LOG.warn("malformed replication status answer from node:{}: {}", from, e.getMessage());
            }
        });
        worker.scheduleWithFixedDelay(this::followNow, 0, FOLLOW_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        syncers.unlisten(syncerEvents);
        bus.unhandle(StatusFrames.QUERY);
        bus.unhandle(StatusFrames.ANSWER);
        statusQueries.failAll("the replication controller stops");
        try {
            worker.submit(() -> {
                new ArrayList<>(running.keySet()).forEach(key -> stop(key, "the replication controller stops"));
                return null;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("replication: stopping the runs: {}", e.toString());
        }
        worker.shutdownNow();
        slowStopWatch.shutdownNow();
    }

    @Override
    public void modelChanged(ModelChange change) {
        if (change.database() != null) {
            follow();
        }
    }

    private void follow() {
        ScheduledExecutorService current = worker;
        if (current != null && !current.isShutdown()) {
            current.execute(this::followNow);
        }
    }

    @Override
    public List<SourceStatus> statuses(int databaseId) {
        return statuses.entrySet().stream().filter(e -> e.getValue().databaseId() == databaseId)
                .map(e -> withFigures(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(SourceStatus::sourceIndex)).toList();
    }

    @Override
    public List<SourceStatus> clusterStatuses(int databaseId) {
        Database db = model.databases().stream().filter(d -> d.id() == databaseId).findFirst().orElse(null);
        int me = localNode.identity().nodeId();
        List<SourceStatus> all = new ArrayList<>(statuses(databaseId));
        if (db == null || db.replicaSources().isEmpty()) {
            return all;
        }
        Map<Integer, CompletableFuture<List<SourceStatus>>> asked = new LinkedHashMap<>();
        for (int node : runners(db)) {
            if (node != me) {
                asked.put(node, ask(node, databaseId));
            }
        }
        asked.forEach((node, answer) -> all.addAll(answerOf(db, node, answer)));
        all.sort(Comparator.comparingInt(SourceStatus::sourceIndex).thenComparingInt(SourceStatus::nodeId));
        return all;
    }

    /** The nodes that run a database's replication: the first master shard's, and every master's for a spread syncer. */
    private List<Integer> runners(Database db) {
        List<Integer> masters = masterNodes(db);
        if (masters.isEmpty()) {
            return List.of();
        }
        if (syncers.spreads(db.syncerMode())) {
            return masters;
        }
        return List.of(firstMasterNode(db));
    }

    private static List<Integer> masterNodes(Database db) {
        return db.shards().stream().filter(s -> Shard.MASTER.equals(s.role())).map(Shard::nodeId).distinct().sorted().toList();
    }

    private static int firstMasterNode(Database db) {
        return db.shards().stream().filter(s -> Shard.MASTER.equals(s.role())).findFirst().map(Shard::nodeId).orElse(0);
    }

    private CompletableFuture<List<SourceStatus>> ask(int node, int databaseId) {
        statusQueries.expire();
        return statusQueries.send(node, id -> StatusFrames.query(id, databaseId));
    }

    private List<SourceStatus> answerOf(Database db, int node, CompletableFuture<List<SourceStatus>> answer) {
        String why;
        try {
            return answer.get(STATUS_QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            why = "node:" + node + ", which runs it, did not answer within " + STATUS_QUERY_TIMEOUT_MS + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        } catch (ExecutionException e) {
            why = e.getCause().getMessage();
        }
        List<SourceStatus> unknown = new ArrayList<>();
        for (int i = 1; i <= db.replicaSources().size(); i++) {
            unknown.add(new SourceStatus(db.id(), i, db.replicaSources().get(i - 1).display(), node,
                    db.syncerMode().label(), "", "unknown", why));
        }
        return unknown;
    }

    private SourceStatus withFigures(String key, SourceStatus s) {
        SourceMetrics m = metrics.get(key);
        return m == null ? s : new SourceStatus(s.databaseId(), s.sourceIndex(), s.source(), s.nodeId(), s.mode(),
                s.implementation(), s.state(), s.detail(), m.figures());
    }

    private static String key(Database db, int sourceIndex) {
        return db.id() + "/" + sourceIndex;
    }

    /** Starts, keeps or stops each source's run to match the model and the syncer services (on the worker thread). */
    private void followNow() {
        try {
            int me = localNode.identity().nodeId();
            boolean held = held();
            Map<String, Wanted> wanted = new HashMap<>();
            Set<Integer> stoppedHere = new HashSet<>();
            Set<String> waiting = new HashSet<>();
            for (Database db : model.databases()) {
                List<Integer> runners = runners(db);
                int position = runners.indexOf(me);
                ReplicationTask.Share share = runners.size() > 1 ? new ReplicationTask.Share(position, runners.size())
                        : ReplicationTask.Share.WHOLE;
                boolean first = firstMasterNode(db) == me;
                for (int i = 1; position >= 0 && i <= db.replicaSources().size(); i++) {
                    String key = key(db, i);
                    if (held) {
                        stop(key, "this node needs a full synchronization");
                        waiting.add(key);
                        report(db, i, "", "waiting", localNode.identity().ref() + " (re)started and needs a full"
                                + " synchronization: its syncers start when Synchronize All has reached it"
                                + " (run synchronize-all on the primary)");
                    } else if (db.replicaState().equals(ReplicaState.ENABLED)) {
                        wanted.put(key, new Wanted(db, share));
                    } else {
                        stop(key, "replication is " + db.replicaState());
                        if (first) {
                            report(db, i, "", "paused", "paused by the operator; resume with replica-of db " + db.name() + " resume");
                        }
                    }
                }
            }
            if (held != heldBefore) {
                LOG.info(held ? "replication on {} waits: this node needs a full synchronization (run synchronize-all on the primary)"
                        : "replication on {} may run: a full synchronization has reached this node", localNode.identity().ref());
                heldBefore = held;
            }
            for (String key : new ArrayList<>(running.keySet())) {
                if (!wanted.containsKey(key)) {
                    stop(key, "the source is no longer replicated here");
                    stoppedHere.add(Integer.parseInt(key.substring(0, key.indexOf('/'))));
                }
            }
            // stopped (no source left): forget the checkpoints, on every node whose run just ended, and on the first
            // master's node when none ran (the replication was paused when it was stopped)
            for (Database db : model.databases()) {
                if (db.replicaSources().isEmpty() && (stoppedHere.contains(db.id())
                        || (replicating.contains(db.id()) && firstMasterNode(db) == me))) {
                    forgetCheckpoints(db);
                }
            }
            replicating.clear();
            model.databases().stream().filter(d -> !d.replicaSources().isEmpty()).forEach(d -> replicating.add(d.id()));
            statuses.keySet().removeIf(key -> !wanted.containsKey(key) && !running.containsKey(key)
                    && !"paused".equals(statuses.get(key).state()) && !waiting.contains(key));
            metrics.keySet().removeIf(key -> !statuses.containsKey(key));
            for (Map.Entry<String, Wanted> entry : wanted.entrySet()) {
                ensure(entry.getKey(), entry.getValue().db(), entry.getValue().share());
            }
        } catch (RuntimeException e) {
            LOG.error("replication: cannot follow the cluster model: {}", e.toString(), e);
        }
    }

    private boolean held() {
        ConfigSync sync = configSync;
        return sync != null && sync.needsFullSync();
    }

    /**
     * Replica Of stopped (no source left) and this node's run is over: every shard of the database forgets where
     * each source was, so that replication started again flushes and syncs fully. Each node that ran a share does
     * this after its own run stopped, so no late checkpoint of it survives.
     */
    private void forgetCheckpoints(Database db) {
        byte[][] forget = {"CSYNC.FORGET".getBytes(StandardCharsets.US_ASCII), new byte[0]};
        for (Shard shard : db.shards()) {
            if (!Shard.MASTER.equals(shard.role())) {
                continue;
            }
            try {
                Reply reply = dataPlane.execute(shard, forget).get(5, TimeUnit.SECONDS);
                if (reply instanceof Reply.Err error) {
                    throw new IllegalStateException(error.message());
                }
            } catch (Exception e) {
                LOG.warn("{} '{}': replication stopped, but {} could not forget its source checkpoints ({}): started again,"
                        + " replication may resume from them instead of syncing fully", db.ref(), db.name(), shard.ref(),
                        e.getMessage());
            }
        }
        LOG.info("{} '{}': replication stopped; its shards forgot their source checkpoints", db.ref(), db.name());
    }

    private void ensure(String key, Database db, ReplicationTask.Share share) {
        int index = Integer.parseInt(key.substring(key.indexOf('/') + 1));
        String mode = db.syncerMode().label();
        Map.Entry<Syncer, SyncerRegistry.ServedMode> syncer = syncers.syncerFor(mode).orElse(null);
        Running current = running.get(key);
        ReplicaSource source = db.replicaSources().get(index - 1);
        if (current != null && syncer != null && current.syncerKey == syncer.getKey() && current.mode.equals(mode)
                && current.share.equals(share) && current.source.equals(source)) {
            return;
        }
        if (current != null) {
            stop(key, !current.mode.equals(mode) ? "syncer_mode is now " + mode : !current.share.equals(share)
                    ? "its share is now " + (share.position() + 1) + " of " + share.count()
                    : !current.source.equals(source) ? "its source is now " + source.display()
                    : "another syncer serves mode " + mode);
        }
        if (syncer == null) {
            report(db, index, "", "stopped", "no syncer serves mode " + mode + " on " + localNode.identity().ref()
                    + " (is the syncer bundle active?)");
            return;
        }
        String implementation = describe(syncer.getKey());
        DestinationTask task = new DestinationTask(db, index, share, dataPlane,
                (state, detail) -> report(db, index, implementation, state, detail),
                metrics.computeIfAbsent(key, k -> new SourceMetrics()));
        report(db, index, implementation, "syncing", "starting");
        SyncerRun run = syncer.getKey().start(task);
        running.put(key, new Running(syncer.getKey(), mode, share, run, source, implementation));
        LOG.info("replication of {} '{}' from {} started with {} ({}){}", db.ref(), db.name(), task.source().display(), mode,
                implementation, share.count() == 1 ? "" : ", share " + (share.position() + 1) + " of " + share.count());
    }

    private static String describe(Syncer syncer) {
        Bundle bundle = FrameworkUtil.getBundle(syncer.getClass());
        return (bundle == null ? "" : bundle.getSymbolicName() + " " + bundle.getVersion() + " ") + syncer.getClass().getName();
    }

    private void stopRunsOf(Syncer syncer) {
        for (Map.Entry<String, Running> entry : new ArrayList<>(running.entrySet())) {
            if (entry.getValue().syncerKey == syncer) {
                stop(entry.getKey(), "its syncer service went away");
            }
        }
    }

    private void stop(String key, String why) {
        Running current = running.remove(key);
        if (current != null) {
            long begun = System.currentTimeMillis();
            ScheduledFuture<?> watchdog = slowStopWatch.isShutdown() ? null
                    : slowStopWatch.schedule(() -> logSyncerThreads(key), SLOW_STOP_MS, TimeUnit.MILLISECONDS);
            current.run.stop();
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            LOG.info("replication {} stopped in {} ms: {}", key, System.currentTimeMillis() - begun, why);
        }
    }

    static final long SLOW_STOP_MS = 3000;

    /** A syncer slow to stop: what its threads are doing, for the log. */
    private static void logSyncerThreads(String key) {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("clustersync-syncer")) {
                out.append('\n').append(thread.getName()).append(" ").append(thread.getState());
                for (StackTraceElement frame : stack) {
                    out.append("\n    at ").append(frame);
                }
            }
        });
        LOG.warn("replication {}: its syncer has not stopped after {} ms; its threads:{}", key, SLOW_STOP_MS, out);
    }

    private void report(Database db, int index, String implementation, String state, String detail) {
        String key = key(db, index);
        Running current = running.get(key);
        String source = db.replicaSources().get(index - 1).display();
        SourceStatus previous = statuses.put(key, new SourceStatus(db.id(), index, source, localNode.identity().nodeId(),
                db.syncerMode().label(), implementation.isEmpty() && current != null ? current.implementation : implementation,
                state, detail));
        if (state.equals("stopped") || detail.startsWith("reconnecting")) {
            SourceMetrics m = metrics.get(key);
            if (m != null) {
                m.error(detail);
            }
        }
        if (state.equals("stopped") && (previous == null || !Objects.equals(previous.detail(), detail))) {
            LOG.warn("replication of {} '{}' from {} stopped: {}", db.ref(), db.name(), source, detail);
        }
    }
}
