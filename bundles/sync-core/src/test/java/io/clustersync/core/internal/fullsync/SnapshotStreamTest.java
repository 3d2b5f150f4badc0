package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synchronize All's snapshot on two in-memory H2 databases: written by one, applied by the other in one
 * transaction, local server parameters kept; a stream cut short or damaged anywhere is an error naming where, and
 * rolls everything back.
 */
class SnapshotStreamTest {

    private static final List<SyncedTable> TABLES = List.of(new SyncedTable("TYPES", ""), new SyncedTable("APPS", ""),
            new SyncedTable("SERVER_PARAMS", "IS_LOCAL = FALSE"));
    private static int counter;
    private Connection primary;
    private Connection secondary;

    @BeforeEach
    void open() throws Exception {
        counter++;
        primary = DriverManager.getConnection("jdbc:h2:mem:snap-primary" + counter);
        secondary = DriverManager.getConnection("jdbc:h2:mem:snap-secondary" + counter);
        for (Connection c : List.of(primary, secondary)) {
            sql(c, "CREATE TABLE TYPES (NAME VARCHAR(64) PRIMARY KEY, NOTE VARCHAR(200))");
            sql(c, "CREATE TABLE APPS (NAME VARCHAR(64) PRIMARY KEY, TYPE_NAME VARCHAR(64) NOT NULL, PORT INT, WEIGHT DECIMAL(10, 2),"
                    + " ON_LINE BOOLEAN, BLOB_DATA VARBINARY(100), TAGS VARCHAR(20) ARRAY, SEEN TIMESTAMP,"
                    + " CONSTRAINT APPS_TYPE FOREIGN KEY (TYPE_NAME) REFERENCES TYPES (NAME))");
            sql(c, "CREATE TABLE SERVER_PARAMS (NAME VARCHAR(128) PRIMARY KEY, PARAM_VALUE VARCHAR(4000), IS_LOCAL BOOLEAN DEFAULT FALSE NOT NULL)");
            sql(c, "CREATE TABLE CAPTURED_ROWS (ID BIGINT AUTO_INCREMENT PRIMARY KEY, PAYLOAD VARBINARY)");
        }
        for (int i = 0; i < 20; i++) {
            sql(primary, "INSERT INTO TYPES VALUES ('type-" + i + "', " + (i % 3 == 0 ? "NULL" : "'note " + i + "'") + ")");
        }
        for (int i = 0; i < 500; i++) {
            sql(primary, "INSERT INTO APPS VALUES ('app-" + i + "', 'type-" + (i % 20) + "', " + (8000 + i) + ", " + i + ".25, "
                    + (i % 2 == 0) + ", X'0a0b" + String.format("%02x", i % 256) + "', ARRAY['a', 'b" + i + "'],"
                    + " TIMESTAMP '2026-12-07 10:00:00')");
        }
        sql(primary, "INSERT INTO SERVER_PARAMS VALUES ('sync.mode', 'all', FALSE), ('log.level', 'info', FALSE)");
        sql(primary, "INSERT INTO SERVER_PARAMS VALUES ('primary.only', 'p', TRUE)");
        // the secondary holds an older configuration and parameters of its own
        sql(secondary, "INSERT INTO TYPES VALUES ('type-0', 'stale'), ('gone', 'only here')");
        sql(secondary, "INSERT INTO APPS (NAME, TYPE_NAME) VALUES ('app-gone', 'gone'), ('app-0', 'type-0')");
        sql(secondary, "INSERT INTO SERVER_PARAMS VALUES ('log.level', 'debug', TRUE), ('old.param', 'x', FALSE)");
    }

    @AfterEach
    void close() throws Exception {
        primary.close();
        secondary.close();
    }

    private static void sql(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.sql.Array array) {
                        v = array.getArray();
                    }
                    row.add(v instanceof byte[] b ? Arrays.toString(b) : v instanceof Object[] a ? Arrays.toString(a) : String.valueOf(v));
                }
                out.add(String.join("|", row));
            }
        }
        return out;
    }

    private static final List<FileChange> FILES = List.of(
            new FileChange("conf/apps/a.conf", false, "alpha".getBytes(StandardCharsets.UTF_8)),
            new FileChange("conf/apps/deep/b.conf", false, new byte[70_000]));

    private byte[] snapshot(long seq) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotStream.Writer writer = new SnapshotStream.Writer(out, seq);
        FullSyncStore.writeTables(primary, writer, TABLES);
        for (FileChange file : FILES) {
            writer.file(file);
        }
        writer.finish();
        assertEquals(522, writer.rows());
        return out.toByteArray();
    }

    private FullSyncStore.Replaced apply(byte[] stream, List<FileChange> files) throws Exception {
        secondary.setAutoCommit(false);
        try {
            SnapshotStream.Reader reader = new SnapshotStream.Reader(new ByteArrayInputStream(stream));
            FullSyncStore.Replaced replaced = FullSyncStore.replace(secondary, reader, TABLES, files::add);
            secondary.commit();
            return replaced;
        } catch (Exception e) {
            secondary.rollback();
            throw e;
        } finally {
            secondary.setAutoCommit(true);
        }
    }

    @Test
    void theSecondaryHoldsThePrimarysRowsAndFilesAndKeepsItsLocalParameters() throws Exception {
        List<FileChange> files = new ArrayList<>();
        FullSyncStore.Replaced replaced = apply(snapshot(42), files);
        assertEquals(522, replaced.rows());
        assertEquals(2, replaced.files());
        for (String table : List.of("TYPES", "APPS")) {
            assertEquals(rows(primary, "SELECT * FROM " + table + " ORDER BY NAME"), rows(secondary, "SELECT * FROM " + table + " ORDER BY NAME"),
                    table + " must equal the primary's, every type of column included");
        }
        assertEquals(List.of("log.level|debug|true", "sync.mode|all|false"),
                rows(secondary, "SELECT * FROM SERVER_PARAMS ORDER BY NAME"),
                "a parameter local here stays as it is, one not local is replaced, the primary's local ones do not travel");
        assertEquals(List.of("conf/apps/a.conf", "conf/apps/deep/b.conf"), files.stream().map(FileChange::path).toList());
        assertTrue(Arrays.equals(FILES.get(1).content(), files.get(1).content()));
        FullSyncStore.Snapshot mine = FullSyncStore.snapshot(primary, 1, TABLES.subList(0, 2), new TableDigests(), true);
        FullSyncStore.Snapshot theirs = FullSyncStore.snapshot(secondary, 1, TABLES.subList(0, 2), new TableDigests(), true);
        assertEquals(mine.digests(), theirs.digests());
    }

    @Test
    void theStreamCarriesItsChangeAndIsMuchSmallerThanItsRows() throws Exception {
        byte[] stream = snapshot(42);
        assertEquals(42, new SnapshotStream.Reader(new ByteArrayInputStream(stream)).seq());
        assertTrue(stream.length < 25_000, "deflated: " + stream.length + " bytes");
    }

    @Test
    void aStreamCutShortAnywhereIsNamedAndChangesNothing() throws Exception {
        byte[] stream = snapshot(42);
        List<String> before = rows(secondary, "SELECT * FROM APPS ORDER BY NAME");
        List<String> params = rows(secondary, "SELECT * FROM SERVER_PARAMS ORDER BY NAME");
        for (int cut : new int[] {0, 3, 10, stream.length / 3, stream.length / 2, stream.length - 5, stream.length - 1}) {
            byte[] part = Arrays.copyOf(stream, cut);
            IOException e = assertThrows(IOException.class, () -> apply(part, new ArrayList<>()), "cut at " + cut);
            assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
            assertEquals(before, rows(secondary, "SELECT * FROM APPS ORDER BY NAME"), "cut at " + cut);
            assertEquals(params, rows(secondary, "SELECT * FROM SERVER_PARAMS ORDER BY NAME"), "cut at " + cut);
        }
    }

    @Test
    void damagedBytesAreAnIoErrorNeverAnythingElse() throws Exception {
        byte[] stream = snapshot(42);
        Random random = new Random(2026_12_07L);
        List<String> before = rows(secondary, "SELECT * FROM APPS ORDER BY NAME");
        for (int round = 0; round < 200; round++) {
            byte[] damaged = stream.clone();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                apply(damaged, new ArrayList<>());
            } catch (IOException | SQLException e) {
                assertFalse(String.valueOf(e.getMessage()).isBlank(), "round " + round);
                assertEquals(before, rows(secondary, "SELECT * FROM APPS ORDER BY NAME"), "round " + round);
            }
        }
        byte[] garbage = new byte[1000];
        random.nextBytes(garbage);
        IOException e = assertThrows(IOException.class, () -> apply(garbage, new ArrayList<>()));
        assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
    }

    @Test
    void aTableThisNodeDoesNotSynchronizeFailsTheSwitchOver() throws Exception {
        byte[] stream = snapshot(42);
        secondary.setAutoCommit(false);
        SnapshotStream.Reader reader = new SnapshotStream.Reader(new ByteArrayInputStream(stream));
        SQLException e = assertThrows(SQLException.class,
                () -> FullSyncStore.replace(secondary, reader, TABLES.subList(1, 3), f -> { }));
        secondary.rollback();
        assertTrue(e.getMessage().contains("TYPES"), e.getMessage());
        assertEquals(List.of("gone|only here", "type-0|stale"), rows(secondary, "SELECT * FROM TYPES ORDER BY NAME"));
    }

    @Test
    void aSecondaryFarBehindGetsASnapshotAndACloseOneAPlan() throws Exception {
        FullSyncStore.Snapshot snapshot = FullSyncStore.snapshot(primary, 7, TABLES, new TableDigests(), false)
                .withFiles(Map.of("conf/apps/a.conf", "d1"));
        byte[] empty = Manifest.encode(Map.of());
        assertTrue(FullSyncStore.farBehind(snapshot, empty), "an empty secondary");
        apply(snapshot(7), new ArrayList<>());
        byte[] close = FullSyncStore.manifest(secondary, TABLES, Map.of("conf/apps/a.conf", "d1"), new TableDigests(), true,
                Map.of());
        assertFalse(FullSyncStore.farBehind(snapshot, close), "a secondary that holds the snapshot");
        sql(secondary, "DELETE FROM APPS WHERE PORT > 8200");
        byte[] half = FullSyncStore.manifest(secondary, TABLES, Map.of("conf/apps/a.conf", "d1"), new TableDigests(), true,
                Map.of());
        assertTrue(FullSyncStore.farBehind(snapshot, half), "a secondary missing 299 of 522 items");
    }
}
