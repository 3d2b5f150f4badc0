package io.clustersync.core.internal.tables;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a row change shipped by the primary into this node's table (MERGE by key, or DELETE), without
 * capturing it again. A row that cannot be written is refused with the operator's words, e.g.
 * {@code application 'billing' was not copied to node:2: application type 'sftp-push' is missing there}.
 */
public final class RowApplier {

    private static final int PARENT_MISSING = 23506;
    private static final int CHILD_EXISTS = 23503;

    private RowApplier() {
    }

    public static void apply(Connection c, RowChange change, String nodeRef) throws SQLException {
        try {
            Applying.run(() -> {
                try {
                    write(c, change);
                    return null;
                } catch (SQLException e) {
                    throw new WrappedSql(e);
                }
            });
        } catch (WrappedSql wrapped) {
            // the operator's words only: the database's own message is in the explanation's fallback
            throw new SQLException(explain(c, change, nodeRef, wrapped.sql), wrapped.sql.getSQLState(),
                    wrapped.sql.getErrorCode());
        }
    }

    private static void write(Connection c, RowChange change) throws SQLException {
        String table = "PUBLIC." + change.table();
        if (change.delete()) {
            String where = String.join(" AND ", change.keyColumns().stream().map(k -> k + " = ?").toList());
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + where)) {
                int i = 1;
                for (String key : change.keyColumns()) {
                    ps.setObject(i++, change.value(key));
                }
                ps.executeUpdate();
            }
            return;
        }
        String columns = String.join(", ", change.columns());
        String marks = String.join(", ", change.columns().stream().map(x -> "?").toList());
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + table + " (" + columns + ") KEY ("
                + String.join(", ", change.keyColumns()) + ") VALUES (" + marks + ")")) {
            for (int i = 0; i < change.values().size(); i++) {
                ps.setObject(i + 1, change.values().get(i));
            }
            ps.executeUpdate();
        }
    }

    private static String explain(Connection c, RowChange change, String nodeRef, SQLException e) {
        String row = TableShape.entity(change.table()) + " '" + change.keyText() + "'";
        if (e.getErrorCode() == PARENT_MISSING) {
            try {
                String missing = missingParent(c, change);
                if (missing != null) {
                    return row + " was not copied to " + nodeRef + ": " + missing + " is missing there";
                }
            } catch (SQLException ignored) {
                // fall through to the database's own words
            }
        }
        if (e.getErrorCode() == CHILD_EXISTS) {
            return row + " was not deleted on " + nodeRef + ": rows of other tables there still refer to it";
        }
        return row + " was not " + (change.delete() ? "deleted on " : "copied to ") + nodeRef + ": "
                + e.getMessage().split("\n")[0];
    }

    /** The first referenced row the change needs that this node lacks, as "application type 'sftp-push'". */
    private static String missingParent(Connection c, RowChange change) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, List<String[]>> keys = new LinkedHashMap<>();
        try (ResultSet rs = meta.getImportedKeys(null, "PUBLIC", change.table())) {
            while (rs.next()) {
                keys.computeIfAbsent(rs.getString("FK_NAME"), k -> new ArrayList<>()).add(new String[] {
                        rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME"), rs.getString("FKCOLUMN_NAME")});
            }
        }
        for (List<String[]> fk : keys.values()) {
            String parent = fk.get(0)[0];
            String where = String.join(" AND ", fk.stream().map(col -> col[1] + " = ?").toList());
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM PUBLIC." + parent + " WHERE " + where)) {
                for (int i = 0; i < fk.size(); i++) {
                    ps.setObject(i + 1, change.value(fk.get(i)[2]));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        String value = String.join("/", fk.stream().map(col -> String.valueOf(change.value(col[2]))).toList());
                        return TableShape.entity(parent) + " '" + value + "'";
                    }
                }
            }
        }
        return null;
    }

    private static final class WrappedSql extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SQLException sql;

        WrappedSql(SQLException sql) {
            super(sql);
            this.sql = sql;
        }
    }
}
