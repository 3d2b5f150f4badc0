package io.clustersync.core.internal.model;

import io.clustersync.core.internal.node.NodeComponent;
import io.clustersync.core.internal.syncers.SyncerRegistry;
import io.clustersync.core.api.ActiveActive;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ReplicaState;
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
import io.clustersync.core.api.SyncerMode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The cluster model of this node, kept in the configuration database. Every change is validated here, with
 * a message saying what to do instead, committed in one transaction, written to {@code AUDIT_LOG} and then
 * announced to the {@link ModelListener}s. Changes are serialized: one at a time, in commit order.
 */
@Component(service = {ClusterModel.class, ModelCore.class, DatabasePasswords.class})
public class ClusterModelService implements ClusterModel, ModelCore, DatabasePasswords {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterModelService.class);
    /** The {@link ModelListener} services, each told of every change after the model started. */
    private ModelListenerTracker listenerServices;

    static final long FORWARD_APPLY_TIMEOUT_MS = 10_000;

    private final ModelEvents events = new ModelEvents();
    private final AppliedSequence appliedSequence = new AppliedSequence();
    private volatile ConfigSyncLink link;
    private ConfigDatabase database;
    private ModelStore store;
    private NodeIdentity node;

    @Reference
    private LocalNode localNode;

    /** The syncer modes this node serves (a mode a bundle adds is known once it registers). */
    @Reference
    private SyncerRegistry syncers;

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

    /** Outside a framework (tests): the registry of syncer modes the model checks against. */
    void useSyncers(SyncerRegistry registry) {
        this.syncers = registry;
    }

    /** Opens the model over a store; the node's configured members become the model's nodes. */
    void start(ModelStore modelStore, NodeIdentity identity) {
        this.store = modelStore;
        this.node = identity;
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
            return database(forward(new ModelCommand.CreateDatabase(spec.name(), spec.shards(), spec.port(),
                    spec.password())).result());
        }
        return createLocally(spec, null).change().database();
    }

    @Override
    public Database createActiveActive(DatabaseSpec spec, ActiveActive activeActive) {
        if (!isPrimary()) {
            return database(forward(new ModelCommand.CreateActiveActive(spec.name(), spec.shards(), spec.port(),
                    spec.password(), activeActive)).result());
        }
        return createLocally(spec, activeActive).change().database();
    }

    @Override
    public Database activeActive(String databaseReference, ActiveActive activeActive, String password) {
        if (!isPrimary()) {
            return database(forward(new ModelCommand.SetActiveActive(databaseReference, activeActive, password)).result());
        }
        return activeActiveLocally(databaseReference, activeActive, password).change().database();
    }

    private synchronized Committed activeActiveLocally(String databaseReference, ActiveActive activeActive, String password) {
        Database db = database(databaseReference);
        ActiveActive was = db.activeActive();
        if (was == null) {
            throw new ModelException(db.ref() + " '" + db.name() + "' is not an instance of an Active-Active database");
        }
        if (!was.id().equals(activeActive.id()) || was.instance() != activeActive.instance()) {
            throw new ModelException(db.ref() + " '" + db.name() + "' is instance " + was.instance() + " of Active-Active"
                    + " database " + was.id() + ", not instance " + activeActive.instance() + " of " + activeActive.id());
        }
        if (activeActive.instances().stream().noneMatch(i -> i.id() == activeActive.instance())) {
            throw new ModelException("the instances of Active-Active database " + activeActive.id() + " must list this"
                    + " one, instance " + activeActive.instance());
        }
        // the database's password as the peers' sources already carry it, unless a new one is given
        String secret = password != null && !password.isEmpty() ? password : db.replicaSources().stream()
                .map(ReplicaSource::password).filter(p -> p != null).findFirst().orElse(null);
        List<ReplicaSource> sources = activeActive.peers().stream()
                .map(peer -> new ReplicaSource(peer.host(), peer.port(), db.name(), secret)).toList();
        ReplicaState state = sources.isEmpty() ? ReplicaState.DISABLED
                : db.replicaState() == ReplicaState.PAUSED ? ReplicaState.PAUSED : ReplicaState.ENABLED;
        if (activeActive.equals(was) && sources.equals(db.replicaSources()) && state == db.replicaState()) {
            return new Committed(new ModelChange(Kind.REPLICA_OF_CHANGED, db, "active_active", state.label(), state.label()),
                    appliedSeq());
        }
        Committed committed = commit(c -> {
            store.writeActiveActive(c, db.id(), activeActive);
            store.writeReplica(c, db.id(), sources, state);
            store.audit(c, node.nodeId(), "crdb", db.ref() + " instance " + activeActive.instance() + " of "
                    + activeActive.id() + ": " + activeActive.instances().size() + " instance(s), " + sources.size() + " peer(s)");
            return new ModelChange(Kind.REPLICA_OF_CHANGED, ModelRules.find(store.databases(c), db.ref()), "active_active",
                    db.replicaState().label(), state.label());
        }, true);
        LOG.info("{} '{}': instance {} of Active-Active database {} with {} peer(s): {}", db.ref(), db.name(),
                activeActive.instance(), activeActive.id(), sources.size(),
                String.join(", ", activeActive.peers().stream().map(p -> p.id() + "@" + p.endpoint()).toList()));
        return committed;
    }

    @Override
    public void dropDatabase(String reference) {
        if (!isPrimary()) {
            forward(new ModelCommand.DropDatabase(reference));
            return;
        }
        dropLocally(reference);
    }

    @Override
    public Database bind(String databaseReference, String endpointReference, String policyName) {
        if (!isPrimary()) {
            return database(forward(new ModelCommand.Bind(databaseReference, endpointReference, policyName)).result());
        }
        return bindLocally(databaseReference, endpointReference, policyName).change().database();
    }

    @Override
    public Database tune(String databaseReference, String parameter, String value) {
        if (!isPrimary()) {
            return database(forward(new ModelCommand.Tune(databaseReference, parameter, value)).result());
        }
        return tuneLocally(databaseReference, parameter, value).change().database();
    }

    @Override
    public Database replicaOf(String databaseReference, String sourceUri) {
        if (!isPrimary()) {
            return database(forward(new ModelCommand.ReplicaOf(databaseReference, sourceUri)).result());
        }
        return replicaOfLocally(databaseReference, sourceUri).change().database();
    }

    @Override
    public Database replication(String databaseReference, String action) {
        if (!isPrimary()) {
            return database(forward(new ModelCommand.Replication(databaseReference, action)).result());
        }
        return replicationLocally(databaseReference, action).change().database();
    }

    private synchronized Committed replicaOfLocally(String databaseReference, String sourceUri) {
        Database db = database(databaseReference);
        refuseActiveActive(db, "replica-of");
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
        return writeReplica(db, sources, ReplicaState.ENABLED, "replica-of " + source.display());
    }

    private synchronized Committed replicationLocally(String databaseReference, String action) {
        Database db = database(databaseReference);
        String wanted = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("stop")) {
            refuseActiveActive(db, "replica-of stop");
        }
        if (db.replicaSources().isEmpty() && !wanted.equals("stop")) {
            throw new ModelException(db.ref() + " '" + db.name() + "' replicates no source; add one with replica-of db "
                    + db.name() + " source <uri>");
        }
        return switch (wanted) {
            case "pause" -> writeReplica(db, db.replicaSources(), ReplicaState.PAUSED, "replica-of paused");
            case "resume" -> writeReplica(db, db.replicaSources(), ReplicaState.ENABLED, "replica-of resumed");
            case "stop" -> writeReplica(db, List.of(), ReplicaState.DISABLED, "replica-of stopped");
            default -> throw new ModelException("unknown replica-of action '" + action + "'; valid actions are: pause, resume, stop");
        };
    }

    /** The sources of an Active-Active database's instance are its peers; Replica Of does not change them. */
    private static void refuseActiveActive(Database db, String what) {
        if (db.isActiveActive()) {
            throw new ModelException(what + " does not apply to " + db.ref() + " '" + db.name() + "': it is instance "
                    + db.activeActive().instance() + " of Active-Active database " + db.activeActive().id()
                    + ", whose instances pull each other's writes; change them with crdb add-instance or remove-instance");
        }
    }

    private Committed writeReplica(Database db, List<ReplicaSource> sources, ReplicaState state, String what) {
        if (sources.equals(db.replicaSources()) && state.equals(db.replicaState())) {
            return new Committed(new ModelChange(Kind.REPLICA_OF_CHANGED, db, "replica_of", state.label(), state.label()),
                    appliedSeq());
        }
        Committed committed = commit(c -> {
            store.writeReplica(c, db.id(), sources, state);
            store.audit(c, node.nodeId(), "replica-of", db.ref() + " " + what);
            return new ModelChange(Kind.REPLICA_OF_CHANGED, ModelRules.find(store.databases(c), db.ref()), "replica_of",
                    db.replicaState().label(), state.label());
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
            forward(new ModelCommand.SetParameter(name, value));
            return;
        }
        setParameterLocally(name, value, local);
    }

    private synchronized Committed createLocally(DatabaseSpec spec, ActiveActive activeActive) {
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
            if (activeActive != null) {
                store.writeActiveActive(c, id, activeActive);
            }
            store.audit(c, node.nodeId(), "create-db", "db:" + id + " '" + name + "' shards " + spec.shards() + " port " + port
                    + (passwordHash == null ? "" : " password-protected")
                    + (activeActive == null ? "" : " Active-Active " + activeActive.id() + " instance " + activeActive.instance()));
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
        if (!policy.coversEveryMasterShard() && syncers.needsProxyOnEveryMasterShard(db.syncerMode())) {
            throw new ModelException("cannot bind " + endpoint.id() + " of " + db.ref() + " '" + db.name()
                    + "' to policy single: its syncer_mode is " + db.syncerMode() + ", which needs a proxy on every node"
                    + " with a master shard; tune syncer_mode centralized first");
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
        DatabaseSetting setting = DatabaseSetting.named(db, parameter);
        String wanted = setting.validate(db, value, new DatabaseSetting.Context(node.ref(), syncers));
        String was = setting.current(db);
        if (wanted.equals(was)) {
            return new Committed(new ModelChange(setting.kind(), db, setting.label(), was, wanted), appliedSeq());
        }
        Committed committed = commit(c -> {
            store.updateSetting(c, db.id(), setting, wanted);
            store.audit(c, node.nodeId(), "tune", db.ref() + " " + setting.label() + " " + was + " -> " + wanted);
            return new ModelChange(setting.kind(), ModelRules.find(store.databases(c), db.ref()), setting.label(), was, wanted);
        }, true);
        LOG.info("set {} of {} '{}' to {} (was {})", setting.label(), db.ref(), db.name(), wanted, was);
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
     * handed to the {@link ConfigSyncLink}.
     */
    private synchronized Committed commit(ModelStore.Work<ModelChange> work, boolean replicate) {
        long[] seq = {0};
        byte[][] payload = {null};
        ModelChange change = store.inTransaction(c -> {
            ModelChange done = work.run(c);
            if (replicate) {
                seq[0] = store.syncState(c, APPLIED_SEQ) + 1;
                LoggedChange shipped = LoggedChange.of(done,
                        done.database() == null ? null : store.passwordHash(c, done.database().id()));
                payload[0] = shipped.encode();
                store.appendLog(c, seq[0], payload[0], shipped.describe());
                store.setSyncState(c, APPLIED_SEQ, seq[0]);
            }
            return done;
        });
        events.publish(change);
        if (replicate) {
            appliedSequence.signal();
            ConfigSyncLink current = link;
            if (current != null) {
                current.committed(seq[0], payload[0]);
            }
        }
        return new Committed(change, replicate ? seq[0] : appliedSeq());
    }

    private ConfigSyncLink.Forwarded forward(ModelCommand command) {
        ConfigSyncLink current = link;
        if (current == null) {
            throw new ModelException(node.ref() + " is a secondary: changes are made through the primary node:"
                    + node.primaryNodeId() + ", and the configuration sync that forwards them is not running here");
        }
        ConfigSyncLink.Forwarded answer = current.forward(command);
        appliedSequence.await(answer.seq(), FORWARD_APPLY_TIMEOUT_MS, this::appliedSeq);
        return answer;
    }

    // ---- ModelCore: the hook of model sync (the replica side of this model) ----

    @Override
    public NodeIdentity node() {
        return node;
    }

    @Override
    public ModelStore store() {
        return store;
    }

    @Override
    public DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public SnapshotCopy snapshotCopy(Map<String, String> synced) {
        String token = java.util.UUID.randomUUID() + "-" + Long.toHexString(System.nanoTime());
        Path dir = localNode.home().resolve("var").resolve("staging").resolve("snapshot-" + System.nanoTime());
        return locked(() -> {
            try {
                SnapshotDatabase.Made made = database.snapshotCopy(dir, synced, token);
                return new SnapshotCopy(appliedSeq(), database.user(), token, made.file(), dir, made.rows());
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot copy the configuration database for a snapshot: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Path snapshotFile(long id) {
        return localNode.home().resolve("var").resolve("staging").resolve("db-" + id).resolve(SnapshotDatabase.FILE);
    }

    @Override
    public void adoptSnapshot(Path file, String primaryUser, String token, Map<String, String> synced,
                              ModelStore.Work<Void> finish) {
        try {
            database.adopt(file.getParent(), primaryUser, token, synced, finish);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("configuration database: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized <T> T locked(Supplier<T> work) {
        return work.get();
    }

    @Override
    public ModelChange applyLogged(Connection c, byte[] payload) throws SQLException {
        LoggedChange change = LoggedChange.decode(payload);
        LoggedChangeApplier.apply(store, c, change);
        return change.toModelChange();
    }

    @Override
    public String describeLogged(byte[] payload) {
        return LoggedChange.decode(payload).describe();
    }

    @Override
    public void announce(ModelChange change) {
        events.publish(change);
    }

    @Override
    public void announceReplaced(List<Database> before) {
        ModelDiff.publish(before, databases(), events);
    }

    @Override
    public void applied() {
        appliedSequence.signal();
    }

    @Override
    public void useLink(ConfigSyncLink configSyncLink) {
        this.link = configSyncLink;
    }

    @Override
    public ConfigSyncLink link() {
        return link;
    }

    /** The sequence number of the last change applied here (on the primary: the last one it ordered). */
    public long appliedSeq() {
        return store.read(c -> store.syncState(c, APPLIED_SEQ));
    }

    private boolean isPrimary() {
        return node.isPrimary();
    }

    @Override
    public String parameter(String name) {
        return parameters().stream().filter(p -> p.name().equals(name)).map(ServerParameter::value).findFirst().orElse(null);
    }

    @Override
    public ConfigSyncLink.Forwarded execute(ModelCommand command) {
        if (!isPrimary()) {
            throw new ModelException(node.ref() + " is not the primary; it cannot order '" + command + "'");
        }
        Committed done = run(command);
        Database db = done.change() == null ? null : done.change().database();
        return new ConfigSyncLink.Forwarded(done.seq(), db == null ? "" : db.ref());
    }

    /** Runs a forwarded command as this node's own operator's request would run. */
    private Committed run(ModelCommand command) {
        if (command instanceof ModelCommand.CreateDatabase c) {
            return createLocally(new DatabaseSpec(c.name(), c.shards(), c.port(), c.password()), null);
        } else if (command instanceof ModelCommand.CreateActiveActive c) {
            return createLocally(new DatabaseSpec(c.name(), c.shards(), c.port(), c.password()), c.activeActive());
        } else if (command instanceof ModelCommand.SetActiveActive c) {
            return activeActiveLocally(c.database(), c.activeActive(), c.password());
        } else if (command instanceof ModelCommand.DropDatabase c) {
            return dropLocally(c.database());
        } else if (command instanceof ModelCommand.Bind c) {
            return bindLocally(c.database(), c.endpoint(), c.policy());
        } else if (command instanceof ModelCommand.Tune c) {
            return tuneLocally(c.database(), c.parameter(), c.value());
        } else if (command instanceof ModelCommand.ReplicaOf c) {
            return replicaOfLocally(c.database(), c.source());
        } else if (command instanceof ModelCommand.Replication c) {
            return replicationLocally(c.database(), c.action());
        } else if (command instanceof ModelCommand.SetParameter c) {
            return setParameterLocally(c.name(), c.value(), false);
        }
        throw new ModelException("'" + command + "' is ordered by model sync, not by the model");
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
