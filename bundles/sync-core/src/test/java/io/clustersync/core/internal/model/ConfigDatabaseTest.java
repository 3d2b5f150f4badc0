package io.clustersync.core.internal.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration database's credentials: made when missing, given to a database made before them, checked. */
class ConfigDatabaseTest {

    @Test
    void aNodeWithoutCredentialsMakesThemPrivateAndItsDatabaseAsksForThem(@TempDir Path home) throws Exception {
        try (ConfigDatabase ignored = ConfigDatabase.open(home, "node:1")) {
            Path file = JdbcCredentials.file(home);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            JdbcCredentials credentials = JdbcCredentials.of(home);
            assertEquals("clustersync", credentials.user());
            assertTrue(credentials.password().length() >= 32);
        }
        assertRefusedWithout(home, JdbcCredentials.of(home).password());
    }

    @Test
    void aDatabaseMadeBeforeItHadAPasswordGetsTheNodesAtTheNextStart(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("data"));
        try (Connection old = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("data/config"), "clustersync", "")) {
            old.createStatement().execute("CREATE TABLE KEPT(ID INT)");
        }
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/jdbc.password"), "clustersync s3cret-of-this-node\n");
        try (ConfigDatabase ignored = ConfigDatabase.open(home, "node:1")) {
            // open: the password was set
        }
        assertRefusedWithout(home, "s3cret-of-this-node");
        try (ConfigDatabase again = ConfigDatabase.open(home, "node:1")) {
            // and it opens again with it
        }
    }

    @Test
    void aMalformedCredentialsFileIsRefusedByNameAndLine(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/jdbc.password"), "only-one-word\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConfigDatabase.open(home, "node:1"));
        assertTrue(e.getMessage().contains("jdbc.password line 1: write it as '<user> <password>'"), e.getMessage());
    }

    private static void assertRefusedWithout(Path home, String password) throws SQLException {
        String url = "jdbc:h2:file:" + home.resolve("data/config");
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "clustersync", "").close());
        assertEquals(28000, refused.getErrorCode(), refused.getMessage());
        try (Connection ok = DriverManager.getConnection(url, "clustersync", password)) {
            assertTrue(ok.isValid(1));
        }
    }
}
