package io.clustersync.core.internal;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.DatabaseSpec;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelChange.Kind;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.ModelListener;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.ProxyBinding;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.Syncer;
import io.clustersync.core.api.SyncerMode;
import io.clustersync.core.internal.files.HomeFiles;
import io.clustersync.core.internal.fullsync.FullSyncPlan;
import io.clustersync.core.internal.fullsync.FullSyncStore;
import io.clustersync.core.internal.fullsync.SyncedTable;
import io.clustersync.core.internal.tables.RowChange;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster model of this node, kept in the configuration database. Every change is validated here, with
 * a message saying what to do instead, committed in one transaction, written to {@code AUDIT_LOG} and then
 * announced to the {@link ModelListener}s. Changes are serialized: one at a time, in commit order.
 */
@Component(service = {ClusterModel.class, ModelReplica.class, DatabasePasswords.class})
public class ClusterModelService implements ClusterModel, ModelReplica, DatabasePasswords {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterModelService.class);
    /** The {@link ModelListener} services, each told of every change after the model started. */
    private ModelListenerTracker listenerServices;

    static final String APPLIED_SEQ = ModelReplication.APPLIED_SEQ;
    static final String NEEDS_FULL_SYNC = ModelReplication.NEEDS_FULL_SYNC;
    static final long FORWARD_APPLY_TIMEOUT_MS = 10_000;

    private final ModelEvents events = new ModelEvents();
    private ModelReplication replication;
    private ConfigDatabase database;
    private ModelStore store;
    private NodeIdentity node;

    @Reference
    private LocalNode localNode;

    @Activate
    void activate(BundleContext context) {
        listenerServices = new ModelListenerTracker(context, events);
        try {
            database = ConfigDatabase.open(localNode.home(), localNode.identity().ref());
            database.serve(localNode.home(), localNode.identity().address(), localNode.jdbcPort());
            start(new ModelStore(database.dataSource()), localNode.identity());
            listenerServices.open();
        } catch (RuntimeException e) {
            LOG.error("{}: {}", NodeComponent.CANNOT_START, e.getMessage());
            deactivate();
            throw e;
        }
    }

    /** Opens the model over a store; the node's configured members become the model's nodes. */
    void start(ModelStore modelStore, NodeIdentity identity) {
        this.store = modelStore;
        this.node = identity;
        this.replication = new ModelReplication(modelStore, identity, events, database);
        store.inTransaction(c -> {
            if (!identity.isPrimary()) {
                store.setSyncState(c, NEEDS_FULL_SYNC, 1);
            }
            if (!store.nodes(c).equals(identity.members())) {
                store.replaceNodes(c, identity.members());
                store.audit(c, identity.nodeId(), "nodes", "members " + identity.members());
            }
            return null;
        });
        LOG.info("cluster model open: {} node(s), {} database(s)", nodes().size(), databases().size());
        if (!identity.isPrimary()) {
            LOG.info("{} is a secondary that (re)started: it needs a full synchronization from the primary node:{};"
                    + " its data services (proxies, syncers) stay stopped until Synchronize All reaches it",
                    identity.ref(), identity.primaryNodeId());
        }
    }

    @Deactivate
    void deactivate() {
        if (listenerServices != null) {
            listenerServices.close();
        }
        if (database != null) {
            database.close();
        }
    }


    /** The syncer modes this node's syncer services serve (a mode a bundle adds is known once it registers). */
    private final Map<Syncer, String> servedModes = new ConcurrentHashMap<>();

    @Reference(service = Syncer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addSyncer(Syncer syncer, Map<String, Object> properties) {
        servedModes.put(syncer, String.valueOf(properties.get(Syncer.MODE)));
    }

    void removeSyncer(Syncer syncer) {
        servedModes.remove(syncer);
    }

    /** The modes an operator may pick here: the two built in, and every mode a syncer service serves. */
    private SortedSet<String> knownModes() {
        SortedSet<String> modes = new TreeSet<>(List.of(SyncerMode.CENTRALIZED.label(),
                SyncerMode.DISTRIBUTED.label()));
        modes.addAll(servedModes.values());
        return modes;
    }

    /** Adds a listener directly (the {@link ModelListener} services come through {@link ModelListenerTracker}). */
    void addListener(ModelListener listener) {
        events.add(listener);
    }

    void removeListener(ModelListener listener) {
        events.remove(listener);
    }

    @Override
    public List<ClusterNode> nodes() {
        return store.read(store::nodes);
    }

    @Override
    public boolean matches(int databaseId, byte[] password) {
        String hash = store.read(c -> store.passwordHash(c, databaseId));
        return hash != null && PasswordHash.matches(hash, new String(password, StandardCharsets.UTF_8));
    }

    @Override
    public List<Database> databases() {
        return store.read(store::databases);
    }

    @Override
    public Database database(String reference) {
        return ModelRules.find(databases(), reference);
    }

    @Override
    public Database createDatabase(DatabaseSpec spec) {
        if (!isPrimary()) {
            return database(forward(Mutation.CREATE_DB, spec.name(), String.valueOf(spec.shards()),
                    String.valueOf(spec.port()), spec.password()).result());
        }
        return createLocally(spec).change().database();
    }

    @Override
    public void dropDatabase(String reference) {
        if (!isPrimary()) {
            forward(Mutation.DROP_DB, reference);
            return;
        }
        dropLocally(reference);
    }

    @Override
    public Database bind(String databaseReference, String endpointReference, String policyName) {
        if (!isPrimary()) {
            return database(forward(Mutation.BIND, databaseReference, endpointReference, policyName).result());
        }
        return bindLocally(databaseReference, endpointReference, policyName).change().database();
    }

    @Override
    public Database tune(String databaseReference, String parameter, String value) {
        if (!isPrimary()) {
            return database(forward(Mutation.TUNE, databaseReference, parameter, value).result());
        }
        return tuneLocally(databaseReference, parameter, value).change().database();
    }

    @Override
    public Database replicaOf(String databaseReference, String sourceUri) {
        if (!isPrimary()) {
            return database(forward(Mutation.REPLICA_OF, databaseReference, sourceUri).result());
        }
        return replicaOfLocally(databaseReference, sourceUri).change().database();
    }

    @Override
    public Database replication(String databaseReference, String action) {
        if (!isPrimary()) {
            return database(forward(Mutation.REPLICATION, databaseReference, action).result());
        }
        return replicationLocally(databaseReference, action).change().database();
    }

    private synchronized Committed replicaOfLocally(String databaseReference, String sourceUri) {
        Database db = database(databaseReference);
        ReplicaSource source = ReplicaSource.parse(sourceUri);
        if (db.replicaSources().stream().anyMatch(s -> s.display().equals(source.display()))) {
            throw new ModelException(db.ref() + " '" + db.name() + "' already replicates " + source.display());
        }
        if (db.replicaSources().size() >= Database.MAX_REPLICA_SOURCES) {
            throw new ModelException(db.ref() + " '" + db.name() + "' already replicates " + Database.MAX_REPLICA_SOURCES
                    + " sources, the most a database may have");
        }
        List<ReplicaSource> sources = new ArrayList<>(db.replicaSources());
        sources.add(source);
        return writeReplica(db, sources, Database.REPLICA_ENABLED, "replica-of " + source.display());
    }

    private synchronized Committed replicationLocally(String databaseReference, String action) {
        Database db = database(databaseReference);
        String wanted = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        if (db.replicaSources().isEmpty() && !wanted.equals("stop")) {
            throw new ModelException(db.ref() + " '" + db.name() + "' replicates no source; add one with replica-of db "
                    + db.name() + " source <uri>");
        }
        return switch (wanted) {
            case "pause" -> writeReplica(db, db.replicaSources(), Database.REPLICA_PAUSED, "replica-of paused");
            case "resume" -> writeReplica(db, db.replicaSources(), Database.REPLICA_ENABLED, "replica-of resumed");
            case "stop" -> writeReplica(db, List.of(), Database.REPLICA_DISABLED, "replica-of stopped");
            default -> throw new ModelException("unknown replica-of action '" + action + "'; valid actions are: pause, resume, stop");
        };
    }

    private Committed writeReplica(Database db, List<ReplicaSource> sources, String state, String what) {
        if (sources.equals(db.replicaSources()) && state.equals(db.replicaState())) {
            return new Committed(new ModelChange(Kind.REPLICA_OF_CHANGED, db, "replica_of", state, state), appliedSeq());
        }
        Committed committed = commit(c -> {
            store.writeReplica(c, db.id(), sources, state);
            store.audit(c, node.nodeId(), "replica-of", db.ref() + " " + what);
            return new ModelChange(Kind.REPLICA_OF_CHANGED, ModelRules.find(store.databases(c), db.ref()), "replica_of",
                    db.replicaState(), state);
        }, true);
        LOG.info("{} '{}': {} ({} source(s), state {})", db.ref(), db.name(), what, sources.size(), state);
        return committed;
    }

    @Override
    public void setParameter(String name, String value, boolean local) {
        if (!local && ModelRules.parameterName(name).equals(ProxyBinding.ANNOUNCE_PARAMETER)) {
            throw new ModelException(ProxyBinding.ANNOUNCE_PARAMETER + " is the address of one"
                    + " node's proxies: set it on that node with 'local' (set param " + name + " <host> local)");
        }
        ModelRules.parameterValue(ModelRules.parameterName(name), value);
        if (!local && !isPrimary()) {
            forward(Mutation.SET_PARAM, name, value);
            return;
        }
        setParameterLocally(name, value, local);
    }

    private synchronized Committed createLocally(DatabaseSpec spec) {
        String name = ModelRules.databaseName(spec.name());
        ModelRules.shardCount(name, spec.shards());
        List<Database> existing = databases();
        ModelRules.uniqueName(name, existing);
        int port = ModelRules.port(name, spec.port(), existing, node);
        String passwordHash = spec.password() == null || spec.password().isEmpty() ? null : PasswordHash.of(spec.password());
        List<ClusterNode> nodes = nodes();
        Committed committed = commit(c -> {
            int id = store.nextId(c, "DATABASES");
            store.insertDatabase(c, id, name, spec.shards(), passwordHash, SyncerMode.CENTRALIZED);
            List<int[]> ranges = SlotRanges.split(spec.shards());
            List<Integer> placement = ShardPlacement.place(spec.shards(), nodes, existing);
            for (int i = 0; i < ranges.size(); i++) {
                store.insertShard(c, new Shard(store.nextId(c, "SHARDS"), id, placement.get(i), Shard.MASTER,
                        ranges.get(i)[0], ranges.get(i)[1]));
            }
            store.insertEndpoint(c, id, 1, port, ProxyPolicy.SINGLE);
            store.audit(c, node.nodeId(), "create-db", "db:" + id + " '" + name + "' shards " + spec.shards() + " port " + port
                    + (passwordHash == null ? "" : " password-protected"));
            return new ModelChange(Kind.DATABASE_CREATED, ModelRules.find(store.databases(c), "db:" + id), null, null, null);
        }, true);
        Database created = committed.change().database();
        LOG.info("created database {} '{}' with {} shard(s), endpoint {} on port {}", created.ref(), name,
                spec.shards(), created.endpoint().id(), port);
        return committed;
    }

    private synchronized Committed dropLocally(String reference) {
        Database db = database(reference);
        Committed committed = commit(c -> {
            store.deleteDatabase(c, db.id());
            store.audit(c, node.nodeId(), "drop-db", db.ref() + " '" + db.name() + "'");
            return new ModelChange(Kind.DATABASE_DROPPED, db, null, null, null);
        }, true);
        LOG.info("dropped database {} '{}'", db.ref(), db.name());
        return committed;
    }

    private synchronized Committed bindLocally(String databaseReference, String endpointReference, String policyName) {
        Database db = database(databaseReference);
        Endpoint endpoint = db.endpoint(endpointReference);
        ProxyPolicy policy = ProxyPolicy.parse(policyName);
        if (policy == endpoint.policy()) {
            return new Committed(new ModelChange(Kind.ENDPOINT_BOUND, db, "policy", policy.label(), policy.label()), appliedSeq());
        }
        if (!policy.coversEveryMasterShard() && db.syncerMode().equals(SyncerMode.DISTRIBUTED)) {
            throw new ModelException("cannot bind " + endpoint.id() + " of " + db.ref() + " '" + db.name()
                    + "' to policy single: its syncer_mode is distributed, which needs a proxy on every node with a"
                    + " master shard; tune syncer_mode centralized first");
        }
        Committed committed = commit(c -> {
            store.updatePolicy(c, db.id(), endpoint.index(), policy);
            store.audit(c, node.nodeId(), "bind", endpoint.id() + " policy " + endpoint.policy() + " -> " + policy);
            return new ModelChange(Kind.ENDPOINT_BOUND, ModelRules.find(store.databases(c), db.ref()), "policy",
                    endpoint.policy().label(), policy.label());
        }, true);
        LOG.info("bound {} of {} '{}' to policy {} (was {})", endpoint.id(), db.ref(), db.name(), policy, endpoint.policy());
        return committed;
    }

    private synchronized Committed tuneLocally(String databaseReference, String parameter, String value) {
        Database db = database(databaseReference);
        String name = parameter == null ? "" : parameter.trim().toLowerCase(Locale.ROOT);
        if (name.equals("read_only")) {
            return tuneReadOnly(db, value);
        }
        if (!name.equals("syncer_mode")) {
            throw new ModelException("unknown parameter '" + parameter + "' for tune db " + db.ref()
                    + "; tunable parameters are: syncer_mode, read_only");
        }
        SyncerMode mode = SyncerMode.parse(value);
        if (!mode.builtIn() && !servedModes.containsValue(mode.label())) {
            throw new ModelException("unknown syncer_mode '" + mode + "' on " + node.ref() + "; modes served here: "
                    + String.join(", ", knownModes()) + " (a syncer bundle that registers '" + mode + "' must be"
                    + " installed and started first: clustersync-admin bundle install <jar>)");
        }
        if (mode.equals(db.syncerMode())) {
            return new Committed(new ModelChange(Kind.SYNCER_MODE_CHANGED, db, "syncer_mode", mode.label(), mode.label()), appliedSeq());
        }
        if (mode.equals(SyncerMode.DISTRIBUTED) && !db.endpoint().policy().coversEveryMasterShard()) {
            throw new ModelException("cannot set syncer_mode distributed on " + db.ref() + " '" + db.name() + "': its "
                    + db.endpoint().id() + " has policy single; bind it to all-master-shards or all-nodes first");
        }
        Committed committed = commit(c -> {
            store.updateSyncerMode(c, db.id(), mode);
            store.audit(c, node.nodeId(), "tune", db.ref() + " syncer_mode " + db.syncerMode() + " -> " + mode);
            return new ModelChange(Kind.SYNCER_MODE_CHANGED, ModelRules.find(store.databases(c), db.ref()), "syncer_mode",
                    db.syncerMode().label(), mode.label());
        }, true);
        LOG.info("set syncer_mode of {} '{}' to {} (was {})", db.ref(), db.name(), mode, db.syncerMode());
        return committed;
    }

    /** Clients of a read-only database may only read; Replica Of still writes into it. */
    private Committed tuneReadOnly(Database db, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        boolean readOnly = switch (v) {
            case "yes", "true", "on" -> true;
            case "no", "false", "off" -> false;
            default -> throw new ModelException("read_only of " + db.ref() + " is yes or no, not '" + value + "'");
        };
        if (readOnly == db.readOnly()) {
            return new Committed(new ModelChange(Kind.READ_ONLY_CHANGED, db, "read_only", v, v), appliedSeq());
        }
        Committed committed = commit(c -> {
            store.updateReadOnly(c, db.id(), readOnly);
            store.audit(c, node.nodeId(), "tune", db.ref() + " read_only " + db.readOnly() + " -> " + readOnly);
            return new ModelChange(Kind.READ_ONLY_CHANGED, ModelRules.find(store.databases(c), db.ref()), "read_only",
                    String.valueOf(db.readOnly()), String.valueOf(readOnly));
        }, true);
        LOG.info("set read_only of {} '{}' to {}", db.ref(), db.name(), readOnly);
        return committed;
    }

    private synchronized Committed setParameterLocally(String name, String value, boolean local) {
        String key = ModelRules.parameterName(name);
        ServerParameter before = parameters().stream().filter(p -> p.name().equals(key)).findFirst().orElse(null);
        Committed committed = commit(c -> {
            store.mergeParameter(c, new ServerParameter(key, value, local));
            store.audit(c, node.nodeId(), "set-param", key + (local ? " (local)" : ""));
            return new ModelChange(Kind.PARAMETER_CHANGED, null, key, before == null ? null : before.value(), value);
        }, !local);
        LOG.info("server parameter {} set{}", key, local ? " (local to " + node.ref() + ")" : "");
        return committed;
    }

    /** A committed change and the sequence number it carries (the current one, for an unchanged no-op). */
    private record Committed(ModelChange change, long seq) {
    }

    /**
     * Runs a change in one transaction; a replicated change on the primary also takes the next sequence number
     * and goes into the change log in that same transaction. After the commit the change is announced and
     * handed to the {@link ReplicationSink}.
     */
    private synchronized Committed commit(ModelStore.Work<ModelChange> work, boolean replicate) {
        long[] seq = {0};
        byte[][] payload = {null};
        ModelChange change = store.inTransaction(c -> {
            ModelChange done = work.run(c);
            if (replicate) {
                seq[0] = store.syncState(c, APPLIED_SEQ) + 1;
                ReplicatedChange shipped = ReplicatedChange.of(done,
                        done.database() == null ? null : store.passwordHash(c, done.database().id()));
                payload[0] = shipped.encode();
                store.appendLog(c, seq[0], payload[0], shipped.describe());
                store.setSyncState(c, APPLIED_SEQ, seq[0]);
            }
            return done;
        });
        events.publish(change);
        if (replicate) {
            replication.appliedSequence().signal();
            ReplicationSink current = replication.sink();
            if (current != null) {
                current.committed(seq[0], payload[0]);
            }
        }
        return new Committed(change, replicate ? seq[0] : appliedSeq());
    }

    private ReplicationSink.Forwarded forward(String operation, String... arguments) {
        ReplicationSink current = replication.sink();
        if (current == null) {
            throw new ModelException(node.ref() + " is a secondary: changes are made through the primary node:"
                    + node.primaryNodeId() + ", and the configuration sync that forwards them is not running here");
        }
        ReplicationSink.Forwarded answer = current.forward(new Mutation(operation, Arrays.asList(arguments)));
        replication.appliedSequence().await(answer.seq(), FORWARD_APPLY_TIMEOUT_MS, this::appliedSeq);
        return answer;
    }

    // ---- ModelReplica: the configuration sync's view, served by ModelReplication under this model's lock ----

    @Override
    public synchronized void raiseSequence(long floor) {
        replication.raiseSequence(floor);
    }

    @Override
    public long appliedSeq() {
        return replication.appliedSeq();
    }

    @Override
    public List<byte[]> logAfter(long seq, int limit) {
        return replication.logAfter(seq, limit);
    }

    @Override
    public synchronized ApplyOutcome apply(long seq, byte[] payload) {
        return replication.apply(seq, payload);
    }

    @Override
    public void useSink(ReplicationSink replicationSink) {
        replication.useSink(replicationSink);
    }

    @Override
    public void useFiles(HomeFiles homeFiles) {
        replication.useFiles(homeFiles);
    }

    @Override
    public synchronized long sequence(byte[] payload, String description) {
        return replication.sequence(payload, description);
    }

    @Override
    public synchronized int sequenceCaptured() {
        return replication.sequenceCaptured();
    }

    @Override
    public List<CapturedRow> captured(int limit) {
        return replication.captured(limit);
    }

    @Override
    public void forgetCaptured(long id) {
        replication.forgetCaptured(id);
    }

    @Override
    public synchronized FullSyncStore.Snapshot fullSnapshot(List<SyncedTable> tables, boolean fresh) {
        return replication.fullSnapshot(tables, fresh);
    }

    @Override
    public Map<String, RowChange> fullRows(SyncedTable table) {
        return replication.fullRows(table);
    }

    @Override
    public Map<String, String> fullSummary(List<SyncedTable> tables) {
        return replication.fullSummary(tables);
    }

    @Override
    public byte[] fullManifest(List<SyncedTable> tables, Map<String, String> fileDigests, boolean fresh,
                               Map<String, String> primaryAggregates) {
        return replication.fullManifest(tables, fileDigests, fresh, primaryAggregates);
    }

    @Override
    public long pendingFiles() {
        return replication.pendingFiles();
    }

    @Override
    public void clearPendingFiles() {
        replication.clearPendingFiles();
    }

    @Override
    public synchronized int applyFull(FullSyncPlan plan, List<SyncedTable> tables, long stagedFiles, Runnable beforeCommit) {
        return replication.applyFull(plan, tables, stagedFiles, beforeCommit);
    }

    @Override
    public String databaseSettings() {
        return replication.databaseSettings();
    }

    @Override
    public boolean needsFullSync() {
        return replication.needsFullSync();
    }

    @Override
    public long lastFullSyncMs() {
        return replication.lastFullSyncMs();
    }

    @Override
    public void captureTables(Set<String> tables, Set<String> fullTables, String rulesFile) {
        replication.captureTables(tables, fullTables, rulesFile);
    }

    @Override
    public long failedCount() {
        return replication.failedCount();
    }

    @Override
    public boolean isPrimary() {
        return node.isPrimary();
    }
    @Override
    public String parameter(String name) {
        return parameters().stream().filter(p -> p.name().equals(name)).map(ServerParameter::value).findFirst().orElse(null);
    }

    @Override
    public ReplicationSink.Forwarded execute(Mutation m) {
        if (!isPrimary()) {
            throw new ModelException(node.ref() + " is not the primary; it cannot order '" + m.operation() + "'");
        }
        Committed done = switch (m.operation()) {
            case Mutation.CREATE_DB -> createLocally(new DatabaseSpec(m.argument(0), parseInt(m.argument(1)),
                    parseInt(m.argument(2)), m.argument(3)));
            case Mutation.DROP_DB -> dropLocally(m.argument(0));
            case Mutation.BIND -> bindLocally(m.argument(0), m.argument(1), m.argument(2));
            case Mutation.TUNE -> tuneLocally(m.argument(0), m.argument(1), m.argument(2));
            case Mutation.REPLICA_OF -> replicaOfLocally(m.argument(0), m.argument(1));
            case Mutation.REPLICATION -> replicationLocally(m.argument(0), m.argument(1));
            case Mutation.SET_PARAM -> setParameterLocally(m.argument(0), m.argument(1), false);
            case Mutation.ROW -> new Committed(null, writeRow(Base64.getDecoder().decode(m.argument(0))));
            case Mutation.FILE -> new Committed(null, writeFile(Base64.getDecoder().decode(m.argument(0))));
            default -> throw new ModelException("unknown forwarded change '" + m.operation() + "'");
        };
        Database db = done.change() == null ? null : done.change().database();
        return new ReplicationSink.Forwarded(done.seq(), db == null ? "" : db.ref());
    }

    /** A row a secondary captured, written and ordered here under the model's lock (one sequence at a time). */
    private synchronized long writeRow(byte[] payload) {
        return replication.writeRow(payload);
    }

    /** A file a secondary changed, written and ordered here under the model's lock. */
    private synchronized long writeFile(byte[] payload) {
        return replication.writeFile(payload);
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ModelException("'" + text + "' is not a number");
        }
    }

    @Override
    public List<Integer> proxyNodes(Database db) {
        return db.endpoint().policy().placeOn(db, nodes());
    }

    @Override
    public List<ServerParameter> parameters() {
        return store.read(store::parameters);
    }
}
