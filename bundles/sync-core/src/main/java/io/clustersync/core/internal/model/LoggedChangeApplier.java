package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.ServerParameter;

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
            case DATABASE_DROPPED -> store.deleteDatabase(c, change.database().id());
            case PARAMETER_CHANGED -> {
                boolean localHere = store.parameters(c).stream()
                        .anyMatch(p -> p.name().equals(change.attribute()) && p.local());
                if (!localHere) {
                    store.mergeParameter(c, new ServerParameter(change.attribute(), change.newValue(), false));
                }
            }
            default -> {
                if (change.database() == null) {
                    throw new IllegalStateException("change " + change.kind() + " carries no database");
                }
                replace(store, c, change.database(), change.passwordHash());
            }
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
        store.replaceDatabase(c, db, passwordHash);
    }
}
