package io.clustersync.core.internal.tables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit entry of a row that a client of this node wrote to a synchronized table (an account, an application,
 * ...): written to {@code AUDIT_LOG} in the writer's own transaction, on this node only, with the table, what was done
 * and the row's key (never its other values, which may hold secrets). Rows the primary ships here are applied
 * without an entry: the node where the change was made keeps it, and AUDIT_LOG is never synchronized.
 */
final class RowAudit {

    /** The node whose database this JVM serves; 0 until the node installs its capture triggers. */
    private static volatile int nodeId;

    private RowAudit() {
    }

    static void node(int id) {
        nodeId = id;
    }

    /** {@code keyIndexes}: where the table's key columns are in a row, as its capture trigger found them once. */
    static void write(Connection conn, TableShape shape, int[] keyIndexes, Object[] oldRow, Object[] newRow) throws SQLException {
        String action = (oldRow == null ? "insert " : newRow == null ? "delete " : "update ") + shape.table();
        Object[] row = newRow == null ? oldRow : newRow;
        List<String> key = new ArrayList<>();
        for (int i = 0; i < keyIndexes.length; i++) {
            key.add(shape.keyColumns().get(i) + "=" + row[keyIndexes[i]]);
        }
        String detail = String.join(", ", key) + " by JDBC user " + conn.getMetaData().getUserName();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO PUBLIC.AUDIT_LOG (NODE_ID, ACTION, DETAIL) VALUES (?, ?, ?)")) {
            ps.setInt(1, nodeId);
            ps.setString(2, action.length() > 64 ? action.substring(0, 64) : action);
            ps.setString(3, detail.length() > 4000 ? detail.substring(0, 4000) : detail);
            ps.executeUpdate();
        }
    }
}
