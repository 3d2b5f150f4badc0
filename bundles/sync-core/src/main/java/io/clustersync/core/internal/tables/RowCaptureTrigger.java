package io.clustersync.core.internal.tables;

import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

/**
 * H2 trigger on a synchronized table: records every inserted, updated and deleted row in CAPTURED_ROWS, in
 * the writer's own transaction, whoever the writer is (this node, or any JDBC client through the H2 server), and
 * writes its audit entry on this node ({@link RowAudit}).
 * An update that changes the key is recorded as a delete of the old key and the new row.
 */
public final class RowCaptureTrigger implements Trigger {

    private TableShape shape;
    private int[] keyIndexes;

    @Override
    public void init(Connection conn, String schema, String trigger, String table, boolean before, int type) throws SQLException {
        shape = TableShape.read(conn, schema, table);
        keyIndexes = shape.keyColumns().stream().mapToInt(k -> shape.columns().indexOf(k)).toArray();
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        TableVersions.changed(shape.table());
        if (Applying.active()) {
            return;
        }
        if (oldRow != null && (newRow == null || keyChanged(oldRow, newRow))) {
            capture(conn, new RowChange(shape.table(), true, shape.columns(), shape.keyColumns(), Arrays.asList(oldRow)));
        }
        if (newRow != null) {
            capture(conn, new RowChange(shape.table(), false, shape.columns(), shape.keyColumns(), Arrays.asList(newRow)));
        }
        RowAudit.write(conn, shape, keyIndexes, oldRow, newRow);
    }

    private boolean keyChanged(Object[] oldRow, Object[] newRow) {
        for (int i : keyIndexes) {
            if (!Objects.equals(oldRow[i], newRow[i])) {
                return true;
            }
        }
        return false;
    }

    private static void capture(Connection conn, RowChange change) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO PUBLIC.CAPTURED_ROWS (PAYLOAD) VALUES (?)")) {
            ps.setBytes(1, change.encode());
            ps.executeUpdate();
        }
        CaptureSignal.fired();
    }

}
