package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Synchronize All snapshot as it travels: a database copy and files in one deflated stream, read back whole;
 * a stream cut short or damaged anywhere is an {@link IOException} that names where, never anything else.
 */
class SnapshotStreamTest {

    private static final List<FileChange> FILES = List.of(
            new FileChange("conf/apps/a.conf", false, "alpha".getBytes(StandardCharsets.UTF_8)),
            new FileChange("conf/apps/deep/b.conf", false, new byte[70_000]));

    @TempDir
    Path dir;

    private byte[] database() {
        byte[] copy = new byte[300_000];
        new Random(7).nextBytes(copy);
        Arrays.fill(copy, 100_000, 300_000, (byte) 'x');
        return copy;
    }

    private byte[] snapshot(long seq) throws IOException {
        Path copy = dir.resolve("copy.mv.db");
        Files.write(copy, database());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotStream.Writer writer = new SnapshotStream.Writer(out);
        for (FileChange file : FILES) {
            writer.file(file);
        }
        writer.database(seq, "CLUSTERSYNC", "token-1", copy);
        writer.finish();
        assertEquals(2, writer.files());
        return out.toByteArray();
    }

    /** Reads a whole snapshot: the files into a list, the database copy into {@code dir}. */
    private List<FileChange> read(byte[] stream) throws IOException {
        SnapshotStream.Reader reader = new SnapshotStream.Reader(new ByteArrayInputStream(stream));
        List<FileChange> files = new ArrayList<>();
        SnapshotStream.Item item = reader.next();
        for (; item instanceof SnapshotStream.FileItem file; item = reader.next()) {
            files.add(file.file());
        }
        SnapshotStream.DatabaseCopy copy = assertInstanceOf(SnapshotStream.DatabaseCopy.class, item);
        assertEquals(42, copy.seq());
        assertEquals("CLUSTERSYNC", copy.user());
        assertEquals("token-1", copy.token());
        reader.copyDatabase(dir.resolve("taken.mv.db"));
        assertInstanceOf(SnapshotStream.End.class, reader.next());
        return files;
    }

    @Test
    void theDatabaseCopyAndTheFilesArriveWhole() throws IOException {
        byte[] stream = snapshot(42);
        List<FileChange> files = read(stream);
        assertArrayEquals(database(), Files.readAllBytes(dir.resolve("taken.mv.db")));
        assertEquals(List.of("conf/apps/a.conf", "conf/apps/deep/b.conf"), files.stream().map(FileChange::path).toList());
        assertArrayEquals(FILES.get(1).content(), files.get(1).content());
        assertTrue(stream.length < 130_000, "deflated: " + stream.length + " bytes");
    }

    @Test
    void filesThatDoNotDeflateTravelStoredAndTheDatabaseStillDeflates() throws IOException {
        Random random = new Random(11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotStream.Writer writer = new SnapshotStream.Writer(out);
        long raw = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] content = new byte[3000];
            random.nextBytes(content);
            raw += content.length;
            writer.file(new FileChange("conf/keys/k" + i, false, content));
        }
        Path copy = dir.resolve("copy.mv.db");
        Files.write(copy, new byte[2_000_000]);
        writer.database(1, "CLUSTERSYNC", "t", copy);
        writer.finish();
        assertTrue(out.size() < raw * 1.02 + 100_000, "random files stored, a compressible database deflated: " + out.size()
                + " bytes for " + raw + " bytes of files and 2,000,000 of database");
    }

    @Test
    void aStreamCutShortAnywhereIsNamed() throws IOException {
        byte[] stream = snapshot(42);
        for (int cut : new int[] {0, 3, 10, stream.length / 3, stream.length / 2, stream.length - 5, stream.length - 1}) {
            byte[] part = Arrays.copyOf(stream, cut);
            IOException e = assertThrows(IOException.class, () -> read(part), "cut at " + cut);
            assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
        }
    }

    @Test
    void damagedBytesAreAnIoErrorNeverAnythingElse() throws IOException {
        byte[] stream = snapshot(42);
        Random random = new Random(2026_12_07L);
        for (int round = 0; round < 300; round++) {
            byte[] damaged = stream.clone();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                read(damaged);
            } catch (IOException e) {
                assertFalse(String.valueOf(e.getMessage()).isBlank(), "round " + round);
            }
        }
        byte[] garbage = new byte[1000];
        random.nextBytes(garbage);
        IOException e = assertThrows(IOException.class, () -> read(garbage));
        assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
    }

    @Test
    void aSecondaryFarBehindGetsASnapshotAndACloseOneAPlan() throws Exception {
        List<SyncedTable> tables = List.of(new SyncedTable("APPS", ""));
        try (Connection primary = DriverManager.getConnection("jdbc:h2:mem:far-primary");
             Connection secondary = DriverManager.getConnection("jdbc:h2:mem:far-secondary");
             Statement p = primary.createStatement(); Statement s = secondary.createStatement()) {
            for (Statement st : List.of(p, s)) {
                st.execute("CREATE TABLE APPS (NAME VARCHAR(64) PRIMARY KEY, PORT INT)");
                st.execute("CREATE TABLE CAPTURED_ROWS (ID BIGINT AUTO_INCREMENT PRIMARY KEY, PAYLOAD VARBINARY)");
            }
            p.execute("INSERT INTO APPS SELECT 'app-' || X, X FROM SYSTEM_RANGE(1, 100)");
            FullSyncStore.Snapshot snapshot = FullSyncStore.snapshot(primary, 7, tables, new TableDigests(), false)
                    .withFiles(Map.of("conf/apps/a.conf", "d1"));
            assertTrue(FullSyncStore.farBehind(snapshot, Manifest.encode(Map.of())), "an empty secondary");
            s.execute("INSERT INTO APPS SELECT 'app-' || X, X FROM SYSTEM_RANGE(1, 60)");
            byte[] close = FullSyncStore.manifest(secondary, tables, Map.of("conf/apps/a.conf", "d1"), new TableDigests(), true, Map.of());
            assertFalse(FullSyncStore.farBehind(snapshot, close), "41 of 101 items differ");
            s.execute("DELETE FROM APPS WHERE PORT > 40");
            byte[] far = FullSyncStore.manifest(secondary, tables, Map.of("conf/apps/a.conf", "d1"), new TableDigests(), true, Map.of());
            assertTrue(FullSyncStore.farBehind(snapshot, far), "61 of 101 items differ");
        }
    }
}
