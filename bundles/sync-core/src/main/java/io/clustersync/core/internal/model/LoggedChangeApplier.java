package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.Shard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes a change shipped by the primary into this node's configuration database: a database's rows are
 * replaced by the primary's (same ids), a dropped one is deleted, a parameter is set unless this node holds
 * a local parameter of that name (local parameters are never overwritten).
 */
final class LoggedChangeApplier {

    private LoggedChangeApplier() {
    }

    static void apply(ModelStore store, Connection c, LoggedChange change) throws SQLException {
        switch (change.kind()) {
            case DATABASE_CREATED, ENDPOINT_BOUND, SYNCER_MODE_CHANGED, REPLICA_OF_CHANGED, READ_ONLY_CHANGED ->
                    replace(store, c, change.database(), change.passwordHash());
            case DATABASE_DROPPED -> store.deleteDatabase(c, change.database().id());
            case PARAMETER_CHANGED -> {
                boolean localHere = store.parameters(c).stream()
                        .anyMatch(p -> p.name().equals(change.attribute()) && p.local());
                if (!localHere) {
                    store.mergeParameter(c, new ServerParameter(change.attribute(), change.newValue(), false));
                }
            }
            default -> throw new IllegalStateException("unknown change kind " + change.kind());
        }
    }

    private static void replace(ModelStore store, Connection c, Database db, String passwordHash) throws SQLException {
        for (Database local : store.databases(c)) {
            if (local.name().equalsIgnoreCase(db.name()) && local.id() != db.id()) {
                throw new IllegalStateException("database '" + db.name() + "' is " + local.ref() + " here but "
                        + db.ref() + " on the primary; run Synchronize All to replace this node's configuration");
            }
            if (local.id() != db.id()) {
                for (Endpoint mine : local.endpoints()) {
                    for (Endpoint theirs : db.endpoints()) {
                        if (mine.port() == theirs.port()) {
                            throw new IllegalStateException("port " + mine.port() + " is used by " + local.ref()
                                    + " here; run Synchronize All to replace this node's configuration");
                        }
                    }
                }
            }
        }
        store.deleteDatabase(c, db.id());
        store.insertDatabase(c, db.id(), db.name(), db.shardCount(), passwordHash, db.syncerMode());
        for (Shard shard : db.shards()) {
            store.insertShard(c, shard);
        }
        for (Endpoint endpoint : db.endpoints()) {
            store.insertEndpoint(c, db.id(), endpoint.index(), endpoint.port(), endpoint.policy());
        }
        store.writeReplica(c, db.id(), db.replicaSources(), db.replicaState());
        store.updateReadOnly(c, db.id(), db.readOnly());
    }
}
