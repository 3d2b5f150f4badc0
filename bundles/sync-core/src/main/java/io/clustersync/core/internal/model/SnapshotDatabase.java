package io.clustersync.core.internal.model;

import org.h2.jdbcx.JdbcDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The configuration database as a Synchronize All snapshot carries it: a copy of the primary's database file
 * holding only what every node shares (the synchronized tables' rows that travel), and the secondary's side, which
 * puts its own local rows and tables into that copy before the copy takes the place of its database.
 * <p>
 * The copy is made with H2's online backup (consistent, whatever writes at the time), emptied of the primary's
 * local rows (its audit log, change log, captured rows, local parameters) and compacted, so that none of them
 * leaves the primary; its user's password is the job's one-time token, never a node's password.
 */
public final class SnapshotDatabase {

    /** The name of the copy's file, without H2's {@code .mv.db}. */
    static final String NAME = "config";
    /** The copy's file in its folder. */
    static final String FILE = NAME + ".mv.db";

    private SnapshotDatabase() {
    }

    /**
     * On the primary: makes the copy in {@code dir} from the live database {@code live}; {@code synced}: each
     * synchronized table and the condition of its rows that travel (empty: all). Returns the copy's file.
     */
    static Made make(Connection live, Path dir, JdbcCredentials own, Map<String, String> synced, String token)
            throws SQLException, IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve("backup.zip");
        try (Statement st = live.createStatement()) {
            st.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
        }
        Path file = dir.resolve(FILE);
        unzipDatabase(zip, file);
        Files.delete(zip);
        long rows = 0;
        try (Connection c = open(dir, own.user(), own.password())) {
            try (Statement st = c.createStatement()) {
                for (String table : tables(c)) {
                    String filter = synced.get(table);
                    if (filter == null) {
                        st.executeUpdate("DELETE FROM PUBLIC." + table);
                    } else if (!filter.isEmpty()) {
                        st.executeUpdate("DELETE FROM PUBLIC." + table + " WHERE NOT (" + filter + ")");
                    }
                    if (filter != null) {
                        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM PUBLIC." + table)) {
                            rs.next();
                            rows += rs.getLong(1);
                        }
                    }
                }
            }
            // the copy opens with the job's token, never with this node's password
            try (PreparedStatement ps = c.prepareStatement("ALTER USER " + user(own.user()) + " SET PASSWORD ?")) {
                ps.setString(1, token);
                ps.execute();
            }
            try (Statement st = c.createStatement()) {
                // rewrites the file without the pages of the rows deleted above
                st.execute("SHUTDOWN COMPACT");
            }
        }
        return new Made(file, rows);
    }

    /** A copy made: its file, and the rows of the synchronized tables it holds. */
    record Made(Path file, long rows) { }

    private static void unzipDatabase(Path zip, Path file) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith(".mv.db")) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IOException("H2's backup " + zip + " holds no database file");
    }

    /**
     * On a secondary, with its live database {@code live} quiet: turns the snapshot's copy in {@code dir} into
     * this node's next database. The live database's local tables (every table not synchronized, made in the copy
     * when the primary lacks it) and local rows of synchronized tables go in as they are; a local table of the
     * primary's that this node lacks is dropped; {@code finish} writes the sync state; the node's own user and
     * password replace the snapshot's. Closes the copy, written out.
     */
    static void adopt(Connection live, Path dir, String primaryUser, String token, JdbcCredentials own,
                      Map<String, String> synced, ModelStore.Work<Void> finish) throws SQLException {
        try (Connection next = open(dir, primaryUser, token)) {
            next.setAutoCommit(false);
            Set<String> mine = tables(live);
            for (String table : tables(next)) {
                if (!synced.containsKey(table) && !mine.contains(table)) {
                    try (Statement st = next.createStatement()) {
                        st.execute("DROP TABLE PUBLIC." + table + " CASCADE");
                    }
                }
            }
            Set<String> theirs = tables(next);
            for (String table : mine) {
                String filter = synced.get(table);
                if (filter != null && filter.isEmpty()) {
                    continue;
                }
                if (!theirs.contains(table)) {
                    createLike(live, next, table);
                }
                String local = filter == null ? "" : " WHERE NOT (" + filter + ")";
                try (Statement st = next.createStatement()) {
                    st.executeUpdate("DELETE FROM PUBLIC." + table + local);
                }
                copyRows(live, next, table, local, filter != null);
            }
            finish.run(next);
            if (!primaryUser.equalsIgnoreCase(own.user())) {
                try (Statement st = next.createStatement()) {
                    st.execute("CREATE USER IF NOT EXISTS " + user(own.user()) + " PASSWORD '' ADMIN");
                }
                // the primary's user stays (it owns the schema), with a password no one knows
                setPassword(next, primaryUser, java.util.UUID.randomUUID() + "-" + System.nanoTime());
            }
            setPassword(next, own.user(), own.password());
            next.commit();
            try (Statement st = next.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
    }

    private static void setPassword(Connection c, String user, String password) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("ALTER USER " + user(user) + " SET PASSWORD ?")) {
            ps.setString(1, password);
            ps.execute();
        }
    }

    /** Copies a table's rows ({@code where}: which) from one database to the other; MERGE where the copy has rows. */
    private static void copyRows(Connection from, Connection to, String table, String where, boolean merge) throws SQLException {
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM PUBLIC." + table + where)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(quoted(meta.getColumnName(i)));
            }
            String sql = (merge ? "MERGE INTO PUBLIC." : "INSERT INTO PUBLIC.") + table + " (" + String.join(", ", columns)
                    + ") VALUES (" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
            try (PreparedStatement ps = to.prepareStatement(sql)) {
                int batched = 0;
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        ps.setObject(i, rs.getObject(i));
                    }
                    ps.addBatch();
                    if (++batched % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        restartIdentities(to, table);
    }

    /** An identity column goes on after the highest value copied, not after the primary's. */
    private static void restartIdentities(Connection c, String table) throws SQLException {
        List<String> identities = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? AND IS_IDENTITY = 'YES'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    identities.add(rs.getString(1));
                }
            }
        }
        for (String column : identities) {
            long next;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(" + quoted(column) + "), 0) + 1 FROM PUBLIC." + table)) {
                rs.next();
                next = rs.getLong(1);
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE PUBLIC." + table + " ALTER COLUMN " + quoted(column) + " RESTART WITH " + next);
            }
        }
    }

    /** Makes a table of this node's, which the primary lacks, in the copy: its columns, keys and indexes. */
    private static void createLike(Connection from, Connection to, String table) throws SQLException {
        List<String> ddl = new ArrayList<>();
        try (Statement st = from.createStatement();
             ResultSet rs = st.executeQuery("SCRIPT NODATA NOPASSWORDS NOSETTINGS TABLE PUBLIC." + table)) {
            while (rs.next()) {
                String sql = rs.getString(1);
                String upper = sql.toUpperCase(Locale.ROOT);
                if (upper.startsWith("CREATE CACHED TABLE") || upper.startsWith("CREATE MEMORY TABLE")
                        || upper.startsWith("ALTER TABLE") || upper.startsWith("CREATE INDEX")
                        || upper.startsWith("CREATE UNIQUE INDEX")) {
                    ddl.add(sql);
                }
            }
        }
        try (Statement st = to.createStatement()) {
            for (String sql : ddl) {
                st.execute(sql);
            }
        }
    }

    /** The base tables of the PUBLIC schema. */
    static Set<String> tables(Connection c) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static Connection open(Path dir, String user, String password) throws SQLException {
        TriggerClasses.register();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve(NAME) + ";DB_CLOSE_ON_EXIT=FALSE");
        h2.setUser(user);
        h2.setPassword(password);
        return h2.getConnection();
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A user as H2 knows it: its name in capitals, as H2 takes a user name at login. */
    private static String user(String name) {
        return quoted(name.toUpperCase(Locale.ROOT));
    }

    /** Writes a file's content out to the disk. */
    static void force(Path file) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
