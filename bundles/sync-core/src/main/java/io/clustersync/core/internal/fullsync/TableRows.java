package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.tables.RowChange;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads every row of a synchronized table, keyed by its primary key, with a digest of its content, so that
 * two nodes can tell which rows differ without sending them.
 */
final class TableRows {

    private TableRows() {
    }

    /** Key text of each row, mapped to the row. Ordered by key. */
    static Map<String, RowChange> read(Connection c, SyncedTable table) throws SQLException {
        List<String> keys = primaryKey(c, table.name());
        Map<String, RowChange> rows = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM PUBLIC." + table.name() + table.where())) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
            }
            while (rs.next()) {
                List<Object> values = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    values.add(normalize(rs.getObject(i)));
                }
                RowChange row = new RowChange(table.name(), false, columns, keys, values);
                rows.put(row.keyText(), row);
            }
        }
        return rows;
    }

    /** Key text of each row, mapped to a digest of its content. */
    static Map<String, String> digests(Connection c, SyncedTable table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, RowChange> e : read(c, table).entrySet()) {
            out.put(e.getKey(), digest(e.getValue()));
        }
        return out;
    }

    /** A digest of the row's content, its node-local columns ({@link SyncedTable#NODE_LOCAL_COLUMNS}) left out. */
    static String digest(RowChange row) {
        Set<String> local = SyncedTable.NODE_LOCAL_COLUMNS.getOrDefault(row.table(), Set.of());
        if (!local.isEmpty()) {
            List<String> columns = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.columns().size(); i++) {
                if (!local.contains(row.columns().get(i))) {
                    columns.add(row.columns().get(i));
                    values.add(row.values().get(i));
                }
            }
            row = new RowChange(row.table(), row.delete(), columns, row.keyColumns(), values);
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(row.encode());
            return HexFormat.of().formatHex(Arrays.copyOf(sha, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A column's value as a row change carries it: numbers, text, booleans and bytes as they are, an ARRAY as its
     * elements (each taken the same way), anything else as its text, which H2 converts back on the other node.
     */
    private static Object normalize(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof BigDecimal || value instanceof Double
                || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Array array) {
            return normalize(array.getArray());
        }
        if (value instanceof Object[] elements) {
            Object[] out = new Object[elements.length];
            for (int i = 0; i < elements.length; i++) {
                out[i] = normalize(elements[i]);
            }
            return out;
        }
        return RowChange.asText(value);
    }

    static List<String> primaryKey(Connection c, String table) throws SQLException {
        Map<Integer, String> keys = new TreeMap<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getPrimaryKeys(null, "PUBLIC", table)) {
            while (rs.next()) {
                keys.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        if (keys.isEmpty()) {
            throw new SQLException("table " + table + " has no primary key");
        }
        return new ArrayList<>(keys.values());
    }
}
