package io.clustersync.core.internal.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaMigratorTest {

    @TempDir
    Path home;

    @Test
    void secondOpenMigratesNothingTwice() throws Exception {
        try (ConfigDatabase db = ConfigDatabase.open(home, "node:1")) {
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), versions(db));
        }
        try (ConfigDatabase db = ConfigDatabase.open(home, "node:1");
             Connection c = db.dataSource().getConnection()) {
            assertEquals(0, new SchemaMigrator(getClass().getClassLoader()).migrate(c));
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), versions(db));
        }
        assertTrue(home.resolve("data/config.mv.db").toFile().isFile());
    }

    @Test
    void aChangedAppliedScriptIsRefused() throws Exception {
        try (ConfigDatabase db = ConfigDatabase.open(home, "node:1");
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE SCHEMA_HISTORY SET CHECKSUM = 'x' WHERE VERSION = 1");
            SQLException e = assertThrows(SQLException.class, () -> new SchemaMigrator(getClass().getClassLoader()).migrate(c));
            assertTrue(e.getMessage().contains("V1__cluster_model.sql was changed"), e.getMessage());
        }
    }

    @Test
    void statementsSplitOnLineEndingSemicolons() {
        assertEquals(List.of("CREATE TABLE A (X INT)", "CREATE TABLE B (Y VARCHAR(3) DEFAULT ';')"),
                SchemaMigrator.statements("-- c\nCREATE TABLE A (X INT);\n\nCREATE TABLE B (Y VARCHAR(3) DEFAULT ';');\n"));
    }

    private static List<Integer> versions(ConfigDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT VERSION FROM SCHEMA_HISTORY ORDER BY VERSION")) {
            List<Integer> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
            return out;
        }
    }
}
