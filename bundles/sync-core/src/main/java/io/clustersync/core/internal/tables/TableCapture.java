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
    private static final Logger LOG = LoggerFactory.getLogger(TableCapture.class);

    private TableCapture() {
    }

    public static void install(DataSource dataSource, Set<String> tables, String rulesFile) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String table : tables) {
                try {
                    TableShape.read(c, "PUBLIC", table);
                } catch (SQLException e) {
                    throw new IllegalStateException(rulesFile + ": " + e.getMessage());
                }
                st.execute("CREATE TRIGGER IF NOT EXISTS " + PREFIX + table + " AFTER INSERT, UPDATE, DELETE ON PUBLIC."
                        + table + " FOR EACH ROW CALL '" + RowCaptureTrigger.class.getName() + "'");
            }
            for (String existing : installed(c)) {
                if (!tables.contains(existing.substring(PREFIX.length()))) {
                    st.execute("DROP TRIGGER IF EXISTS PUBLIC." + existing);
                    LOG.info("{} no longer synchronizes dynamically: capture trigger removed", existing.substring(PREFIX.length()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install the table capture triggers: " + e.getMessage(), e);
        }
    }

    private static List<String> installed(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = 'PUBLIC' AND TRIGGER_NAME LIKE ?")) {
            ps.setString(1, PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
