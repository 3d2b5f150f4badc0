package io.clustersync.core.internal.tables;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A table's columns in order and its primary-key columns, read from the JDBC metadata. */
record TableShape(String table, List<String> columns, List<String> keyColumns) {

    static TableShape read(Connection c, String schema, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<Integer, String> columns = new TreeMap<>();
        try (ResultSet rs = meta.getColumns(null, schema, table, null)) {
            while (rs.next()) {
                columns.put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + table + " does not exist in the configuration database");
        }
        Map<Integer, String> keys = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                keys.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        if (keys.isEmpty()) {
            throw new SQLException("table " + table + " has no primary key; a synchronized table needs one");
        }
        return new TableShape(table, new ArrayList<>(columns.values()), new ArrayList<>(keys.values()));
    }

    /** The operator's word for a row of a table: APPLICATION_TYPES gives "application type". */
    static String entity(String table) {
        String words = table.toLowerCase(Locale.ROOT).replace('_', ' ');
        return words.endsWith("s") && !words.endsWith("ss") ? words.substring(0, words.length() - 1) : words;
    }
}
