package io.clustersync.core.internal.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the configuration database to the newest schema by running the versioned scripts listed in
 * {@code db/migration/migrations.list} ({@code V<n>__<what>.sql}), each once, in order, each in its own
 * transaction, recorded with its checksum in {@code SCHEMA_HISTORY}. A script changed after it was applied
 * is refused rather than silently skipped.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String LIST = "db/migration/migrations.list";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    record Script(int version, String description, String name, String sql, String checksum) {
    }

    private final ClassLoader loader;

    SchemaMigrator(ClassLoader loader) {
        this.loader = loader;
    }

    /** Applies the scripts not yet applied; returns how many ran. */
    int migrate(Connection connection) throws SQLException {
        List<Script> scripts = scripts();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement st = connection.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS SCHEMA_HISTORY (VERSION INT PRIMARY KEY, "
                        + "DESCRIPTION VARCHAR(200) NOT NULL, CHECKSUM VARCHAR(64) NOT NULL, "
                        + "APPLIED_AT TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)");
            }
            connection.commit();
            int applied = 0;
            for (Script script : scripts) {
                String known = appliedChecksum(connection, script.version());
                if (known != null) {
                    if (!known.equals(script.checksum())) {
                        throw new SQLException("schema migration " + script.name() + " was changed after it was"
                                + " applied to this database (checksum " + known + " recorded, "
                                + script.checksum() + " now); restore the original script");
                    }
                    continue;
                }
                apply(connection, script);
                applied++;
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void apply(Connection connection, Script script) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String statement : statements(script.sql())) {
                st.execute(statement);
            }
        } catch (SQLException e) {
            throw new SQLException("schema migration " + script.name() + " failed: " + e.getMessage(), e);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO SCHEMA_HISTORY (VERSION, DESCRIPTION, CHECKSUM) VALUES (?, ?, ?)")) {
            ps.setInt(1, script.version());
            ps.setString(2, script.description());
            ps.setString(3, script.checksum());
            ps.executeUpdate();
        }
        connection.commit();
        LOG.info("configuration database migrated to schema version {} ({})", script.version(), script.description());
    }

    private static String appliedChecksum(Connection connection, int version) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT CHECKSUM FROM SCHEMA_HISTORY WHERE VERSION = ?")) {
            ps.setInt(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    List<Script> scripts() {
        List<Script> scripts = new ArrayList<>();
        int previous = 0;
        for (String line : read(LIST).split("\\R")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException(LIST + ": '" + name + "' is not named V<n>__<what>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version != previous + 1) {
                throw new IllegalStateException(LIST + ": " + name + " follows V" + previous + "; versions must count up by one");
            }
            previous = version;
            String sql = read("db/migration/" + name);
            scripts.add(new Script(version, m.group(2).replace('_', ' '), name, sql, sha256(sql)));
        }
        return scripts;
    }

    /** Splits a script on semicolons that end a line; {@code --} comment lines are dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from sync-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + resource, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
