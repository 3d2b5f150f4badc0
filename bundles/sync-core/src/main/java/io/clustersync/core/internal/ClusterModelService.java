package io.clustersync.core.internal;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.DatabaseSpec;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelChange.Kind;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.ModelListener;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The cluster model of this node, kept in the configuration database. Every change is validated here, with
 * a message saying what to do instead, committed in one transaction, written to {@code AUDIT_LOG} and then
 * announced to the {@link ModelListener}s. Changes are serialized: one at a time, in commit order.
 */
@Component(service = ClusterModel.class)
public class ClusterModelService implements ClusterModel {

    static final int MAX_SHARDS = 1024;
    static final int FIRST_AUTO_PORT = 12000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9_.-]{0,127}");
    private static final Logger LOG = LoggerFactory.getLogger(ClusterModelService.class);

    private final ModelEvents events = new ModelEvents();
    private ConfigDatabase database;
    private ModelStore store;
    private NodeIdentity node;

    @Reference
    private LocalNode localNode;

    @Activate
    void activate() {
        try {
            database = ConfigDatabase.open(localNode.home(), localNode.identity().ref());
            start(new ModelStore(database.dataSource()), localNode.identity());
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
        store.inTransaction(c -> {
            if (!store.nodes(c).equals(identity.members())) {
                store.replaceNodes(c, identity.members());
                store.audit(c, identity.nodeId(), "nodes", "members " + identity.members());
            }
            return null;
        });
        LOG.info("cluster model open: {} node(s), {} database(s)", nodes().size(), databases().size());
    }

    @Deactivate
    void deactivate() {
        if (database != null) {
            database.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
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
    public List<Database> databases() {
        return store.read(store::databases);
    }

    @Override
    public Database database(String reference) {
        return find(databases(), reference);
    }

    @Override
    public synchronized Database createDatabase(DatabaseSpec spec) {
        String name = spec.name() == null ? "" : spec.name().trim();
        if (!NAME.matcher(name).matches()) {
            throw new ModelException("database name '" + name + "' is not valid: use 1 to 63 letters, digits, '_' or '-',"
                    + " starting with a letter");
        }
        if (spec.shards() < 1 || spec.shards() > MAX_SHARDS) {
            throw new ModelException("database '" + name + "': shard count must be from 1 to " + MAX_SHARDS
                    + ", got " + spec.shards());
        }
        List<Database> existing = databases();
        for (Database db : existing) {
            if (db.name().equalsIgnoreCase(name)) {
                throw new ModelException("a database named '" + db.name() + "' already exists (" + db.ref()
                        + "); choose another name or drop it first");
            }
        }
        int port = spec.port() == 0 ? firstFreePort(existing) : checkPort(name, spec.port(), existing);
        String passwordHash = spec.password() == null || spec.password().isEmpty() ? null : PasswordHash.of(spec.password());
        List<ClusterNode> nodes = nodes();
        Database created = store.inTransaction(c -> {
            int id = store.insertDatabase(c, name, spec.shards(), passwordHash, SyncerMode.CENTRALIZED);
            List<int[]> ranges = SlotRanges.split(spec.shards());
            List<Integer> placement = ShardPlacement.place(spec.shards(), nodes, existing);
            for (int i = 0; i < ranges.size(); i++) {
                store.insertShard(c, id, placement.get(i), Shard.MASTER, ranges.get(i)[0], ranges.get(i)[1]);
            }
            store.insertEndpoint(c, id, 1, port, ProxyPolicy.SINGLE);
            store.audit(c, node.nodeId(), "create-db", "db:" + id + " '" + name + "' shards " + spec.shards() + " port " + port
                    + (passwordHash == null ? "" : " password-protected"));
            return find(store.databases(c), "db:" + id);
        });
        LOG.info("created database {} '{}' with {} shard(s), endpoint {} on port {}", created.ref(), name,
                spec.shards(), created.endpoint().id(), port);
        events.publish(new ModelChange(Kind.DATABASE_CREATED, created, null, null, null));
        return created;
    }

    @Override
    public synchronized void dropDatabase(String reference) {
        Database db = database(reference);
        store.inTransaction(c -> {
            store.deleteDatabase(c, db.id());
            store.audit(c, node.nodeId(), "drop-db", db.ref() + " '" + db.name() + "'");
            return null;
        });
        LOG.info("dropped database {} '{}'", db.ref(), db.name());
        events.publish(new ModelChange(Kind.DATABASE_DROPPED, db, null, null, null));
    }

    @Override
    public synchronized Database bind(String databaseReference, String endpointReference, String policyName) {
        Database db = database(databaseReference);
        Endpoint endpoint = db.endpoint(endpointReference);
        ProxyPolicy policy = ProxyPolicy.parse(policyName);
        if (policy == endpoint.policy()) {
            return db;
        }
        if (!policy.coversEveryMasterShard() && db.syncerMode() == SyncerMode.DISTRIBUTED) {
            throw new ModelException("cannot bind " + endpoint.id() + " of " + db.ref() + " '" + db.name()
                    + "' to policy single: its syncer_mode is distributed, which needs a proxy on every node with a"
                    + " master shard; tune syncer_mode centralized first");
        }
        Database updated = store.inTransaction(c -> {
            store.updatePolicy(c, db.id(), endpoint.index(), policy);
            store.audit(c, node.nodeId(), "bind", endpoint.id() + " policy " + endpoint.policy() + " -> " + policy);
            return find(store.databases(c), db.ref());
        });
        LOG.info("bound {} of {} '{}' to policy {} (was {})", endpoint.id(), db.ref(), db.name(), policy, endpoint.policy());
        events.publish(new ModelChange(Kind.ENDPOINT_BOUND, updated, "policy", endpoint.policy().label(), policy.label()));
        return updated;
    }

    @Override
    public synchronized Database tune(String databaseReference, String parameter, String value) {
        Database db = database(databaseReference);
        String name = parameter == null ? "" : parameter.trim().toLowerCase(java.util.Locale.ROOT);
        if (!name.equals("syncer_mode")) {
            throw new ModelException("unknown parameter '" + parameter + "' for tune db " + db.ref()
                    + "; tunable parameters are: syncer_mode");
        }
        SyncerMode mode = SyncerMode.parse(value);
        if (mode == db.syncerMode()) {
            return db;
        }
        if (mode == SyncerMode.DISTRIBUTED && !db.endpoint().policy().coversEveryMasterShard()) {
            throw new ModelException("cannot set syncer_mode distributed on " + db.ref() + " '" + db.name() + "': its "
                    + db.endpoint().id() + " has policy single; bind it to all-master-shards or all-nodes first");
        }
        Database updated = store.inTransaction(c -> {
            store.updateSyncerMode(c, db.id(), mode);
            store.audit(c, node.nodeId(), "tune", db.ref() + " syncer_mode " + db.syncerMode() + " -> " + mode);
            return find(store.databases(c), db.ref());
        });
        LOG.info("set syncer_mode of {} '{}' to {} (was {})", db.ref(), db.name(), mode, db.syncerMode());
        events.publish(new ModelChange(Kind.SYNCER_MODE_CHANGED, updated, "syncer_mode", db.syncerMode().label(), mode.label()));
        return updated;
    }

    @Override
    public List<Integer> proxyNodes(Database db) {
        return db.endpoint().policy().placeOn(db, nodes());
    }

    @Override
    public List<ServerParameter> parameters() {
        return store.read(store::parameters);
    }

    @Override
    public synchronized void setParameter(String name, String value, boolean local) {
        String key = name == null ? "" : name.trim();
        if (!PARAMETER.matcher(key).matches()) {
            throw new ModelException("parameter name '" + key + "' is not valid: use lower-case letters, digits, '_', '.'"
                    + " or '-', starting with a letter");
        }
        ServerParameter before = parameters().stream().filter(p -> p.name().equals(key)).findFirst().orElse(null);
        store.inTransaction(c -> {
            store.mergeParameter(c, new ServerParameter(key, value, local));
            store.audit(c, node.nodeId(), "set-param", key + (local ? " (local)" : ""));
            return null;
        });
        LOG.info("server parameter {} set{}", key, local ? " (local to " + node.ref() + ")" : "");
        events.publish(new ModelChange(Kind.PARAMETER_CHANGED, null, key, before == null ? null : before.value(), value));
    }

    static Database find(List<Database> databases, String reference) {
        String wanted = reference == null ? "" : reference.trim();
        for (Database db : databases) {
            if (db.ref().equalsIgnoreCase(wanted) || db.name().equals(wanted) || String.valueOf(db.id()).equals(wanted)) {
                return db;
            }
        }
        throw new ModelException("unknown database '" + wanted + "'; " + (databases.isEmpty() ? "there are no databases"
                : "known databases: " + String.join(", ", databases.stream().map(d -> d.ref() + " '" + d.name() + "'").toList())));
    }

    private int checkPort(String name, int port, List<Database> existing) {
        if (port < 1024 || port > 65535) {
            throw new ModelException("database '" + name + "': port must be from 1024 to 65535 (or 0 to pick one), got " + port);
        }
        if (port == node.jmxPort() || port == node.busPort()) {
            throw new ModelException("database '" + name + "': port " + port + " is this node's "
                    + (port == node.jmxPort() ? "JMX" : "cluster bus") + " port; choose another");
        }
        for (Database db : existing) {
            for (Endpoint e : db.endpoints()) {
                if (e.port() == port) {
                    throw new ModelException("database '" + name + "': port " + port + " is already used by " + e.id()
                            + " of " + db.ref() + " '" + db.name() + "'; choose another port");
                }
            }
        }
        return port;
    }

    private int firstFreePort(List<Database> existing) {
        int port = FIRST_AUTO_PORT;
        while (true) {
            int candidate = port;
            boolean used = candidate == node.jmxPort() || candidate == node.busPort() || existing.stream()
                    .flatMap(db -> db.endpoints().stream()).anyMatch(e -> e.port() == candidate);
            if (!used) {
                return candidate;
            }
            port++;
        }
    }
}
