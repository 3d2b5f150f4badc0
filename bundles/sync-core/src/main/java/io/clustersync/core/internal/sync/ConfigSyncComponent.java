package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.NodeSyncStatus;
import io.clustersync.core.api.RequirementResult;
import io.clustersync.core.api.SyncEvent;
import io.clustersync.core.api.SyncJobStatus;
import io.clustersync.core.internal.modelsync.SyncedModel;
import io.clustersync.core.internal.model.ModelCommand;
import io.clustersync.core.internal.model.ConfigSyncLink;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.files.FileStaging;
import io.clustersync.core.internal.files.FileWatch;
import io.clustersync.core.internal.files.HomeFiles;
import io.clustersync.core.internal.fullsync.SyncedTable;
import io.clustersync.core.internal.tables.CaptureSignal;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Dynamic configuration synchronization over the cluster bus. On the primary it plays {@link PrimaryRole},
 * on a secondary {@link SecondaryRole}; all database work runs on one worker thread, in arrival order, never
 * on the bus's I/O threads.
 */
@Component(service = ConfigSync.class, immediate = true)
public class ConfigSyncComponent implements ConfigSync, ConfigSyncLink {

    static final long POSITION_EVERY_MS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSyncComponent.class);

    @Reference
    private LocalNode localNode;

    @Reference
    private SyncedModel replica;

    @Reference
    private BusMessaging bus;

    @Reference
    private ClusterBus busStatus;

    @Reference
    private ConfigurationAdmin configAdmin;

    /** How often the collector looks for captured rows while rows were captured lately. */
    static final long CAPTURE_EVERY_MS = 5;
    /**
     * How often it looks once nothing was captured for {@link #BUSY_NANOS}: every captured row wakes it at once
     * (its trigger fires), so this look only catches a transaction that committed long after its trigger fired,
     * and rows left behind by a failed hand-over; an idle node does not query its database 200 times a second.
     */
    static final long IDLE_CAPTURE_EVERY_MS = 100;
    /** How long after the last captured row the collector keeps looking every {@link #CAPTURE_EVERY_MS} ms. */
    static final long BUSY_NANOS = 10_000_000_000L;
    /** How long after a trigger fired the collector keeps looking closely for its writer's commit. */
    static final long COMMIT_WATCH_NANOS = 50_000_000L;
    static final long RULES_EVERY_MS = 2000;

    private ScheduledExecutorService worker;
    private ScheduledExecutorService capture;
    /** The blocking work of Synchronize All (one thread per secondary synchronized, digests, staging), never the JVM's shared pool. */
    private ExecutorService tasks;
    private RulesWatch rules;
    private final SyncErrors errors = new SyncErrors();
    private PrimaryRole primary;
    private SecondaryRole secondary;
    private SyncAllRunner syncAll;
    private volatile SyncAllDue due;
    private RequirementCheck requirements;
    private HomeFiles files;
    private FileWatch fileWatch;
    private volatile Thread collector;

    @Activate
    void activate() {
        NodeIdentity me = localNode.identity();
        worker = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("clustersync-config-sync", true));
        capture = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("clustersync-table-capture", true));
        tasks = Executors.newCachedThreadPool(new DefaultThreadFactory("clustersync-sync-tasks", true));
        rules = new RulesWatch(localNode.home(), replica, errors);
        requirements = new RequirementCheck(localNode, replica, bus, busStatus, () -> nodeSetting("http.port"));
        rules.refresh();
        files = new HomeFiles(localNode.home());
        replica.useFiles(files);
        replica.useLink(this);
        try {
            FileStaging.recover(files, replica.pendingFiles());
            replica.clearPendingFiles();
        } catch (IOException e) {
            LOG.error("cannot finish the file part of an interrupted full synchronization: {}", e.getMessage());
            errors.add("staged files: " + e.getMessage());
        }
        worker.scheduleWithFixedDelay(guarded("sync rules", () -> {
            if (rules.refresh() && fileWatch != null) {
                try {
                    fileWatch.rescan();
                } catch (IOException e) {
                    LOG.warn("cannot look at the files of {} again: {}", localNode.home(), e.getMessage());
                }
            }
        }), RULES_EVERY_MS, RULES_EVERY_MS, TimeUnit.MILLISECONDS);
        if (me.isPrimary()) {
            primary = new PrimaryRole(me, replica, bus, busStatus, worker, errors);
            startCollector(() -> {
                if (rules.inForce()) {
                    return replica.sequenceCaptured() > 0;
                }
                return false;
            });
            bus.handle(SyncFrames.ACK, primary::onAck);
            SyncAllDue reasons = new SyncAllDue(localNode.version(), errors);
            due = reasons;
            errors.addListener(event -> {
                if (event.type().equals(SyncEvent.SYNC_ALL_FINISHED)) {
                    reasons.ran();
                }
            });
            reasons.primaryStarted(me);
            bus.handle(SyncFrames.POSITION, (from, frame) -> {
                primary.onPosition(from, frame);
                reasons.observe(from, SyncFrames.position(frame), replica.appliedSeq());
            });
            bus.handle(SyncFrames.FORWARD, primary::onForward);
            syncAll = new SyncAllRunner(me, replica, bus, busStatus, primary, errors, this::carriedTables, requirements::run,
                    requirements::administeredAt, rules::rules, files, tasks);
            bus.handle(SyncFrames.FACTS_REQUEST, requirements::onRequest);
            bus.handle(SyncFrames.FULL_SUMMARY, syncAll::onSummary);
            bus.handle(SyncFrames.FULL_MANIFEST, syncAll::onManifest);
            bus.handle(SyncFrames.FULL_DONE, syncAll::onDone);
            LOG.info("configuration sync: {} is the primary, at change {}", me.ref(), replica.appliedSeq());
        } else {
            secondary = new SecondaryRole(me, replica, bus, worker, errors, files, tasks, localNode.version());
            bus.handle(SyncFrames.CHANGE, secondary::onChange);
            bus.handle(SyncFrames.RESULT, secondary::onResult);
            bus.handle(SyncFrames.FULL_SUMMARY_REQUEST, secondary::onFullSummaryRequest);
            bus.handle(SyncFrames.FULL_REQUEST, secondary::onFullRequest);
            bus.handle(SyncFrames.FULL_PLAN, secondary::onFullPlan);
            bus.handle(SyncFrames.FULL_SNAPSHOT, secondary::onFullSnapshot);
            bus.handle(SyncFrames.FACTS_REQUEST, requirements::onRequest);
            worker.scheduleAtFixedRate(guarded("position", secondary::sendPosition), 0, POSITION_EVERY_MS, TimeUnit.MILLISECONDS);
            startCollector(() -> {
                if (rules.inForce()) {
                    return secondary.forwardCaptured() > 0;
                }
                return false;
            });
            LOG.info("configuration sync: {} is a secondary of node:{}, at change {}", me.ref(), me.primaryNodeId(),
                    replica.appliedSeq());
        }
        bus.handle(SyncFrames.FACTS, requirements::onFacts);
        bus.handle(SyncFrames.PROMOTE, (from, frame) -> {
            int promoted = ByteBuffer.wrap(frame.payload()).getInt();
            LOG.info("node:{} says node:{} is the primary now", from, promoted);
            worker.execute(guarded("promotion", () -> setPrimary(promoted)));
        });
        try {
            fileWatch = new FileWatch(files, rules::files, this::fileChanged);
        } catch (IOException e) {
            LOG.error("files of {} are not watched, so file changes do not synchronize: {}", localNode.home(), e.getMessage());
            errors.add("file watch: " + e.getMessage());
        }
    }

    static final long FILE_RETRY_MS = 1000;

    /** A synchronized file changed here: the primary orders it, a secondary hands it to the primary. */
    private void fileChanged(FileChange change) {
        if (primary != null) {
            worker.execute(guarded("file " + change.path(), () -> replica.sequence(change.encode(), change.describe())));
        } else {
            capture.execute(() -> forwardFile(change));
        }
    }

    private void forwardFile(FileChange change) {
        if (!bus.isLinkUp(localNode.identity().primaryNodeId())) {
            capture.schedule(() -> forwardFile(change), FILE_RETRY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        secondary.forwardFile(change);
    }

    @Deactivate
    void deactivate() {
        replica.useLink(null);
        if (fileWatch != null) {
            fileWatch.close();
        }
        for (byte type : new byte[] {SyncFrames.CHANGE, SyncFrames.ACK, SyncFrames.POSITION, SyncFrames.FORWARD,
                SyncFrames.RESULT, SyncFrames.FULL_REQUEST, SyncFrames.FULL_MANIFEST, SyncFrames.FULL_PLAN, SyncFrames.FULL_DONE,
                SyncFrames.FULL_SUMMARY_REQUEST, SyncFrames.FULL_SUMMARY, SyncFrames.FULL_SNAPSHOT, SyncFrames.FACTS_REQUEST, SyncFrames.FACTS, SyncFrames.PROMOTE}) {
            bus.unhandle(type);
        }
        if (collector != null) {
            collector.interrupt();
        }
        worker.shutdownNow();
        capture.shutdownNow();
        tasks.shutdownNow();
    }

    /**
     * Collects captured rows: at once when a trigger fires (and a few times more in the next milliseconds, as
     * the writer's commit may land just after), and every {@link #CAPTURE_EVERY_MS} ms regardless while rows were
     * captured in the last {@link #BUSY_NANOS}, every {@link #IDLE_CAPTURE_EVERY_MS} ms otherwise.
     */
    private void startCollector(BooleanSupplier drain) {
        collector = new Thread(() -> {
            try {
                long lastCaptured = System.nanoTime(); // rows left from before a restart are taken at the usual pace
                while (!Thread.currentThread().isInterrupted()) {
                    boolean busy = System.nanoTime() - lastCaptured < BUSY_NANOS;
                    boolean fired = CaptureSignal.await(
                            busy ? CAPTURE_EVERY_MS : IDLE_CAPTURE_EVERY_MS);
                    boolean drained = drainQuietly(drain);
                    if (fired || drained) {
                        lastCaptured = System.nanoTime();
                    }
                    long until = System.nanoTime() + COMMIT_WATCH_NANOS;
                    // A trigger fires before its writer commits: look closely until the row shows up, briefly.
                    while (fired && !drained && System.nanoTime() - until < 0) {
                        // parkNanos, not Thread.sleep(0, 200_000), which Java 17 rounds up to a whole millisecond
                        LockSupport.parkNanos(200_000);
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        drained = drainQuietly(drain);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "clustersync-capture-collector");
        collector.setDaemon(true);
        collector.start();
    }

    private static boolean drainQuietly(BooleanSupplier drain) {
        try {
            return drain.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.error("configuration sync, captured rows: {}", e.toString(), e);
            return false;
        }
    }

    /** A periodic task that logs its failure instead of being silently cancelled by the executor. */
    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("configuration sync, {}: {}", what, e.toString(), e);
            }
        };
    }

    @Override
    public void committed(long seq, byte[] payload) {
        if (primary != null) {
            primary.committed(seq, payload);
        }
    }

    @Override
    public Forwarded forward(ModelCommand mutation) {
        if (secondary == null) {
            throw new IllegalStateException("the primary does not forward changes; it orders them");
        }
        return secondary.forward(mutation);
    }

    @Override
    public long lastSequence() {
        return primary != null ? replica.appliedSeq() : Math.max(secondary.primarySeq(), replica.appliedSeq());
    }

    @Override
    public List<NodeSyncStatus> nodes() {
        if (primary != null) {
            return primary.nodes();
        }
        int primaryId = localNode.identity().primaryNodeId();
        boolean online = busStatus.peers().stream().anyMatch(p -> p.nodeId() == primaryId && p.online());
        return secondary.nodes(online);
    }

    @Override
    public List<String> errors() {
        return errors.list();
    }

    @Override
    public String rulesError() {
        return rules.error();
    }

    @Override
    public void addListener(Consumer<SyncEvent> listener) {
        errors.addListener(listener);
    }

    @Override
    public void removeListener(Consumer<SyncEvent> listener) {
        errors.removeListener(listener);
    }

    /** The model's tables and every table of the rules, full ones included. */
    private List<SyncedTable> carriedTables() {
        if (!rules.inForce()) {
            throw new ModelException("Synchronize All refused: the sync rules are broken: " + rules.error());
        }
        List<SyncedTable> out =
                new ArrayList<>(SyncedTable.MODEL);
        rules.rules().tables().forEach(t -> out.add(new SyncedTable(t.name(), "")));
        return out;
    }

    @Override
    public String synchronizeAll() {
        if (syncAll == null) {
            throw new ModelException("Synchronize All runs only on the primary node:"
                    + localNode.identity().primaryNodeId() + "; " + localNode.identity().ref() + " is a secondary");
        }
        carriedTables();
        return syncAll.start();
    }

    @Override
    public String promote() {
        NodeIdentity me = localNode.identity();
        long floor = replica.appliedSeq();
        List<Integer> told = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (var member : me.members()) {
            if (member.id() == me.nodeId()) {
                continue;
            }
            Requirements.Answer answer = requirements.ask(member.id());
            if (answer.facts() == null) {
                missed.add(member.ref() + " " + answer.problem());
            } else {
                floor = Math.max(floor, answer.facts().appliedSeq());
                told.add(member.id());
            }
        }
        replica.raiseSequence(floor);
        byte[] promoted = ByteBuffer.allocate(4).putInt(me.nodeId()).array();
        for (int id : told) {
            bus.send(id, new Frame(SyncFrames.PROMOTE, promoted));
        }
        LOG.info("{} promoted to primary, continuing after change {}; told {}; not reached: {}", me.ref(), floor,
                told.stream().map(id -> "node:" + id).toList(), missed);
        if (!me.isPrimary()) {
            setPrimary(me.nodeId());
        }
        return me.ref() + " is the primary now (its changes continue after sequence " + floor + "). Told: "
                + told.stream().map(id -> "node:" + id).toList() + (missed.isEmpty() ? "" : "; NOT reached (run promote"
                + " here again once they are back): " + missed) + ". The nodes restart their sync in a few seconds; then"
                + " run synchronize-all on " + me.ref() + ".";
    }

    /** An integer setting of this node's configuration (io.clustersync.node), 0 when unset or unreadable. */
    private int nodeSetting(String key) {
        try {
            Configuration config = configAdmin.getConfiguration("io.clustersync.node", "?");
            Dictionary<String, Object> properties = config.getProperties();
            Object value = properties == null ? null : properties.get(key);
            return value == null ? 0 : Integer.parseInt(value.toString().trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Rewrites 'primary' in this node's configuration (ConfigAdmin, saved to etc/io.clustersync.node.cfg). */
    private void setPrimary(int nodeId) {
        try {
            Configuration config = configAdmin.getConfiguration("io.clustersync.node", "?");
            Dictionary<String, Object> properties = config.getProperties();
            if (properties == null) {
                throw new IllegalStateException("the node has no configuration io.clustersync.node");
            }
            properties.put("primary", String.valueOf(nodeId));
            config.update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot rewrite the primary in the node configuration: " + e.getMessage(), e);
        }
    }

    @Override
    public List<RequirementResult> checkRequirements() {
        if (primary == null) {
            throw new ModelException("requirements are checked on the primary node:"
                    + localNode.identity().primaryNodeId() + ", against every secondary");
        }
        return requirements.run();
    }

    @Override
    public List<String> verify() {
        if (syncAll == null) {
            throw new ModelException("verify runs on the primary node:"
                    + localNode.identity().primaryNodeId() + ", which holds the reference configuration");
        }
        return syncAll.verify();
    }

    @Override
    public SyncJobStatus lastJob() {
        return syncAll == null ? null : syncAll.status();
    }

    @Override
    public List<String> syncAllDue() {
        SyncAllDue current = due;
        return current == null ? List.of() : current.reasons();
    }

    @Override
    public boolean needsFullSync() {
        return replica.needsFullSync();
    }

    @Override
    public long lastFullSyncMs() {
        return replica.lastFullSyncMs();
    }
}
