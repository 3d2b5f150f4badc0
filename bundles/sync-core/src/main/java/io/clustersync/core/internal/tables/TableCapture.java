package io.clustersync.core.internal.tables;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Puts a capture trigger on every table that synchronizes dynamically, and takes it off tables that no
 * longer do. A listed table that does not exist, or has no primary key, is an error naming it.
 */
public final class TableCapture {

    static final String PREFIX = "CS_CAPTURE_";
    static final String VERSION_PREFIX = "CS_VERSION_";
    private static final Logger LOG = LoggerFactory.getLogger(TableCapture.class);

    private TableCapture() {
    }

    /**
     * Capture triggers on the dynamic tables, version triggers (see {@link RowVersionTrigger}) on the tables
     * synchronized only by Synchronize All; stale triggers of either kind are removed.
     */
    public static void install(DataSource dataSource, Set<String> tables, Set<String> fullTables, String rulesFile, int nodeId) {
        RowAudit.node(nodeId);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String table : tables) {
                shape(c, table, rulesFile);
                st.execute("CREATE TRIGGER IF NOT EXISTS " + PREFIX + table + " AFTER INSERT, UPDATE, DELETE ON PUBLIC."
                        + table + " FOR EACH ROW CALL '" + RowCaptureTrigger.class.getName() + "'");
            }
            for (String table : fullTables) {
                shape(c, table, rulesFile);
                st.execute("CREATE TRIGGER IF NOT EXISTS " + VERSION_PREFIX + table + " AFTER INSERT, UPDATE, DELETE ON PUBLIC."
                        + table + " FOR EACH ROW CALL '" + RowVersionTrigger.class.getName() + "'");
            }
            for (String existing : installed(c, PREFIX)) {
                if (!tables.contains(existing.substring(PREFIX.length()))) {
                    st.execute("DROP TRIGGER IF EXISTS PUBLIC." + existing);
                    LOG.info("{} no longer synchronizes dynamically: capture trigger removed", existing.substring(PREFIX.length()));
                }
            }
            for (String existing : installed(c, VERSION_PREFIX)) {
                if (!fullTables.contains(existing.substring(VERSION_PREFIX.length()))) {
                    st.execute("DROP TRIGGER IF EXISTS PUBLIC." + existing);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install the table capture triggers: " + e.getMessage(), e);
        }
    }

    private static void shape(Connection c, String table, String rulesFile) {
        try {
            TableShape.read(c, "PUBLIC", table);
        } catch (SQLException e) {
            throw new IllegalStateException(rulesFile + ": " + e.getMessage());
        }
    }

    private static List<String> installed(Connection c, String prefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = 'PUBLIC' AND TRIGGER_NAME LIKE ?")) {
            ps.setString(1, prefix.replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
