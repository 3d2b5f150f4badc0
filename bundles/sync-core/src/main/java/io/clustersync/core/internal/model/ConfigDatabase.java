package io.clustersync.core.internal.model;

import io.clustersync.core.internal.node.RootCause;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The node's configuration database: H2 at {@code <home>/data/config.mv.db}, reached through a HikariCP
 * pool, its schema brought up to date by {@link SchemaMigrator} when opened.
 */
final class ConfigDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigDatabase.class);

    private final SwitchableDataSource pool;
    /** The database itself, past the pool: what a snapshot's switch-over closes it with. */
    private final JdbcDataSource h2;
    private final Path file;
    private final JdbcCredentials credentials;
    private Server server;
    private String[] serverArgs;
    private JdbcFront front;
    /** How long a snapshot's switch-over waits for the connections in use to come back. */
    static final long DRAIN_MS = 15_000;
    /** Where H2's own TCP server listens, behind the node's JDBC port. */
    static final String LOOPBACK = "127.0.0.1";

    private ConfigDatabase(SwitchableDataSource pool, JdbcDataSource h2, Path file, JdbcCredentials credentials) {
        this.pool = pool;
        this.h2 = h2;
        this.file = file;
        this.credentials = credentials;
    }

    /**
     * Lets other JDBC clients reach this database ({@code jdbc:h2:tcp://<address>:<port>/config}), so that their
     * writes to synchronized tables are captured too. It serves only the existing databases of
     * {@code <home>/data}. The node's address and port are a front ({@link JdbcFront}) that relays to H2's own TCP
     * server on a port of the loopback address of the JVM option {@code h2.bindAddress} (H2 reads it once, at start),
     * which clients elsewhere do not reach.
     */
    void serve(Path home, String address, int port) {
        if (port == 0) {
            return;
        }
        String backendAddress = System.getProperty("h2.bindAddress", "");
        if (!backendAddress.equals(LOOPBACK)) {
            LOG.warn("the configuration database's H2 server listens on {} besides the node's JDBC port: start the JVM"
                    + " with -Dh2.bindAddress={} (bin/clustersync does) to keep it on the loopback address",
                    backendAddress.isEmpty() ? "every interface" : backendAddress, LOOPBACK);
        }
        try {
            // H2 listens on a port of its own; the node's JDBC port is the front that relays to it and sees refusals
            int backend;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                backend = probe.getLocalPort();
            }
            serverArgs = new String[] {"-tcpPort", String.valueOf(backend), "-tcpAllowOthers", "-ifExists",
                    "-baseDir", home.resolve("data").toString()};
            server = Server.createTcpServer(serverArgs).start();
            front = JdbcFront.start(address, port, LOOPBACK, backend);
            LOG.info("configuration database served at jdbc:h2:tcp://{}:{}/config", address, port);
        } catch (SQLException | IOException | RuntimeException e) {
            if (server != null) {
                server.stop();
                server = null;
            }
            throw new IllegalStateException("cannot serve the configuration database on " + address + ":" + port + ": "
                    + e.getMessage() + " (another process uses that port? set jdbc.port in etc/io.clustersync.node.cfg)", e);
        }
    }

    static ConfigDatabase open(Path home, String nodeRef) {
        TriggerClasses.register();
        Path file = home.resolve("data").resolve("config");
        dropUnfinishedReplacement(file);
        JdbcCredentials credentials = JdbcCredentials.of(home);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE");
        h2.setUser(credentials.user());
        h2.setPassword(credentials.password());
        protect(h2, credentials, file);
        SwitchableDataSource pool;
        try {
            pool = new SwitchableDataSource(() -> pool(h2, nodeRef));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the configuration database " + file + ".mv.db: "
                    + RootCause.message(e) + " (is another node process using this home?)", e);
        }
        try (Connection connection = pool.getConnection()) {
            int applied = new SchemaMigrator(ConfigDatabase.class.getClassLoader()).migrate(connection);
            LOG.info("configuration database {}.mv.db open ({} schema migration(s) applied now)", file, applied);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new IllegalStateException("configuration database " + file + ".mv.db: " + e.getMessage(), e);
        }
        return new ConfigDatabase(pool, h2, file, credentials);
    }

    private static HikariDataSource pool(JdbcDataSource h2, String nodeRef) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(h2);
        config.setPoolName("clustersync-config-" + nodeRef);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    /** On the primary, under the model's lock: the copy of this database a snapshot carries (see {@link SnapshotDatabase}). */
    SnapshotDatabase.Made snapshotCopy(Path dir, Map<String, String> synced, String token) throws SQLException, IOException {
        try (Connection live = pool.getConnection()) {
            return SnapshotDatabase.make(live, dir, credentials, synced, token);
        }
    }

    /** The user the copies of this database are opened with (its password is a job's token there). */
    String user() {
        return credentials.user();
    }

    /**
     * On a secondary: the snapshot's copy in {@code dir} takes this database's place. Once every connection in use
     * has come back (new ones wait), the JDBC server's clients are cut off, the copy takes this node's local tables
     * and rows and {@code finish}'s sync state, and is renamed over {@code config.mv.db}: a node killed before
     * the rename keeps its previous database whole, one killed after it has the new one whole.
     */
    void adopt(Path dir, String primaryUser, String token, Map<String, String> synced, ModelStore.Work<Void> finish)
            throws Exception {
        long begun = System.currentTimeMillis();
        long[] steps = new long[3];
        pool.replace(DRAIN_MS, () -> {
            steps[0] = System.currentTimeMillis();
            Server running = server;
            if (running != null) {
                running.stop();
            }
            try {
                try (Connection live = h2.getConnection()) {
                    SnapshotDatabase.adopt(live, dir, primaryUser, token, credentials, synced, finish);
                    steps[1] = System.currentTimeMillis();
                    try (java.sql.Statement st = live.createStatement()) {
                        st.execute("SHUTDOWN");
                    }
                }
                Path copy = dir.resolve(SnapshotDatabase.FILE);
                Path target = Path.of(file + ".mv.db");
                Path beside = Path.of(file + ".next.mv.db");
                // beside the database first (the staging may be on another file system), on the disk, then one atomic rename
                Files.move(copy, beside, StandardCopyOption.REPLACE_EXISTING);
                SnapshotDatabase.force(beside);
                Files.move(beside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                steps[2] = System.currentTimeMillis();
            } finally {
                if (running != null) {
                    restartServer();
                }
            }
        });
        LOG.info("configuration database {}.mv.db replaced by the primary's snapshot: connections in use back in {} ms, local"
                + " tables and rows moved into the copy in {} ms, the copy in place in {} ms, the pool open again in {} ms", file,
                steps[0] - begun, steps[1] - steps[0], steps[2] - steps[1], System.currentTimeMillis() - steps[2]);
    }

    /**
     * A database made before it had a password (its user's is empty) is given the node's now, so that its JDBC
     * server asks for it; any other refusal is reported as it is.
     */
    private static void protect(JdbcDataSource h2, JdbcCredentials credentials, Path file) {
        try (Connection ignored = h2.getConnection()) {
            return;
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_USER_OR_PASSWORD) {
                return; // the pool reports it below
            }
        }
        try (Connection open = h2.getConnection(credentials.user(), "");
             PreparedStatement alter = open.prepareStatement("ALTER USER \"" + credentials.user().toUpperCase(Locale.ROOT)
                     + "\" SET PASSWORD ?")) {
            alter.setString(1, credentials.password());
            alter.execute();
            LOG.info("configuration database {}.mv.db: its user {} has the password of {} now", file, credentials.user(),
                    JdbcCredentials.FILE);
        } catch (SQLException e) {
            throw new IllegalStateException("configuration database " + file + ".mv.db refuses user " + credentials.user()
                    + " with the password of etc/" + JdbcCredentials.FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * A snapshot's copy left beside the database by a node killed before its rename: the switch-over did not
     * happen, the database in place is the previous one, whole.
     */
    private static void dropUnfinishedReplacement(Path file) {
        Path beside = Path.of(file + ".next.mv.db");
        try {
            if (Files.deleteIfExists(beside)) {
                LOG.info("dropped {}: a snapshot's switch-over interrupted before its rename; {}.mv.db is the previous"
                        + " configuration, whole", beside, file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + beside + ", left by an interrupted switch-over: " + e.getMessage(), e);
        }
    }

    /** H2's server behind the JDBC port again, after a switch-over; failing, it says so and the node goes on without. */
    private void restartServer() {
        try {
            server = Server.createTcpServer(serverArgs).start();
        } catch (SQLException e) {
            server = null;
            LOG.error("the configuration database's JDBC server did not start again after the switch-over: {}; JDBC clients"
                    + " are refused until the node restarts", e.getMessage(), e);
        }
    }

    /** H2's error code for a wrong user name or password. */
    private static final int WRONG_USER_OR_PASSWORD = 28000;

    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        if (front != null) {
            front.close();
        }
        if (server != null) {
            server.stop();
        }
        pool.close();
    }
}
