package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ModelChange.Kind;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.SyncerMode;
import io.clustersync.core.api.TlsMode;
import io.clustersync.core.internal.syncers.SyncerRegistry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The settings of a database an operator tunes ({@code tune db <db> <setting> <value>}), each declared once:
 * its name, its column in {@code DATABASES}, the change it announces, its current value and its validation.
 * Tuning, storing, shipping to secondaries and announcing after a full synchronization all go through this
 * list; a new setting is one constant here, its component in {@link Database} and its column.
 */
enum DatabaseSetting {

    /** How Replica Of (and any syncer) runs for this database: centralized, distributed or a mode a bundle serves. */
    SYNCER_MODE("syncer_mode", "SYNCER_MODE", Kind.SYNCER_MODE_CHANGED) {
        @Override
        String current(Database db) {
            return db.syncerMode().label();
        }

        @Override
        String validate(Database db, String value, Context context) {
            SyncerMode mode = SyncerMode.parse(value);
            if (!context.syncers().knows(mode)) {
                throw new ModelException("unknown syncer_mode '" + mode + "' on " + context.nodeRef() + "; modes served here: "
                        + String.join(", ", context.syncers().known()) + " (a syncer bundle that registers '" + mode
                        + "' must be installed and started first: clustersync-admin bundle install <jar>)");
            }
            if (!mode.equals(db.syncerMode()) && context.syncers().needsProxyOnEveryMasterShard(mode)
                    && !db.endpoint().policy().coversEveryMasterShard()) {
                throw new ModelException("cannot set syncer_mode " + mode + " on " + db.ref() + " '" + db.name() + "': its "
                        + db.endpoint().id() + " has policy single; bind it to all-master-shards or all-nodes first");
            }
            return mode.label();
        }

        @Override
        void bind(PreparedStatement ps, int index, String value) throws SQLException {
            ps.setString(index, value);
        }
    },

    /** Clients of a read-only database may only read; Replica Of still writes into it. */
    READ_ONLY("read_only", "READ_ONLY", Kind.READ_ONLY_CHANGED) {
        @Override
        String current(Database db) {
            return String.valueOf(db.readOnly());
        }

        @Override
        String validate(Database db, String value, Context context) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "yes", "true", "on" -> "true";
                case "no", "false", "off" -> "false";
                default -> throw new ModelException("read_only of " + db.ref() + " is yes or no, not '" + value + "'");
            };
        }

        @Override
        void bind(PreparedStatement ps, int index, String value) throws SQLException {
            ps.setBoolean(index, Boolean.parseBoolean(value));
        }
    },

    /** Whether the database's proxies speak TLS: no, yes, or mutual (client certificates of the cluster's CA). */
    TLS("tls", "TLS", Kind.TLS_CHANGED) {
        @Override
        String current(Database db) {
            return db.tls().label();
        }

        @Override
        String validate(Database db, String value, Context context) {
            TlsMode mode;
            try {
                mode = TlsMode.parse(value);
            } catch (ModelException e) {
                throw new ModelException(db.ref() + " '" + db.name() + "': " + e.getMessage());
            }
            if (mode.on() && db.isActiveActive()) {
                throw new ModelException(db.ref() + " '" + db.name() + "' is an Active-Active instance, whose peers pull"
                        + " each other through its proxies in plain text: tls is not offered for it yet");
            }
            return mode.label();
        }

        @Override
        void bind(PreparedStatement ps, int index, String value) throws SQLException {
            ps.setString(index, value);
        }
    };

    /** What validation may look at beyond the database: this node and the syncer modes it serves. */
    record Context(String nodeRef, SyncerRegistry syncers) {
    }

    private final String label;
    private final String column;
    private final Kind kind;

    DatabaseSetting(String label, String column, Kind kind) {
        this.label = label;
        this.column = column;
        this.kind = kind;
    }

    String label() {
        return label;
    }

    String column() {
        return column;
    }

    Kind kind() {
        return kind;
    }

    /** The setting's value on {@code db}, as the change announces it. */
    abstract String current(Database db);

    /** The value an operator gave, checked against the database and normalized; a refusal says what to do. */
    abstract String validate(Database db, String value, Context context);

    /** Sets a normalized value as a statement parameter of the column's type. */
    abstract void bind(PreparedStatement ps, int index, String value) throws SQLException;

    static DatabaseSetting named(Database db, String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new ModelException("unknown parameter '" + name + "' for tune db " + db.ref()
                        + "; tunable parameters are: " + String.join(", ", Arrays.stream(values()).map(s -> s.label).toList())));
    }

    /** The setting a change of this kind is about, or null. */
    static DatabaseSetting of(Kind kind) {
        return Arrays.stream(values()).filter(s -> s.kind == kind).findFirst().orElse(null);
    }
}
