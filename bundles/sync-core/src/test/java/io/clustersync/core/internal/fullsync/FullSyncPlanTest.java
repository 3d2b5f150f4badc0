package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.tables.RowChange;
import io.clustersync.core.internal.tables.TableVersions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synchronize All's digests, "same" answers and plans, on two in-memory H2 databases. */
class FullSyncPlanTest {

    private static final List<SyncedTable> TABLES = List.of(new SyncedTable("APPS", ""), new SyncedTable("USERS", ""));
    private static int counter;
    private Connection primary;
    private Connection secondary;

    @BeforeEach
    void open() throws Exception {
        counter++;
        primary = DriverManager.getConnection("jdbc:h2:mem:primary" + counter);
        secondary = DriverManager.getConnection("jdbc:h2:mem:secondary" + counter);
        for (Connection c : List.of(primary, secondary)) {
            sql(c, "CREATE TABLE APPS (NAME VARCHAR(64) PRIMARY KEY, URL VARCHAR(200))");
            sql(c, "CREATE TABLE USERS (NAME VARCHAR(64) PRIMARY KEY, ROLE VARCHAR(20))");
            sql(c, "CREATE TABLE CAPTURED_ROWS (ID BIGINT AUTO_INCREMENT PRIMARY KEY, PAYLOAD VARBINARY)");
            for (int i = 0; i < 50; i++) {
                sql(c, "INSERT INTO APPS VALUES ('app-" + i + "', 'sftp://files/" + i + "')");
                sql(c, "INSERT INTO USERS VALUES ('user-" + i + "', 'viewer')");
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        primary.close();
        secondary.close();
    }

    private static void sql(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private FullSyncPlan plan(TableDigests primaryKept, TableDigests secondaryKept, List<String> tablesRead) throws Exception {
        FullSyncStore.Snapshot snapshot = FullSyncStore.snapshot(primary, 7, TABLES, primaryKept, false).withFiles(Map.of());
        byte[] manifest = FullSyncStore.manifest(secondary, TABLES, Map.of(), secondaryKept, false, snapshot.aggregates());
        return FullSyncStore.plan(snapshot, manifest, table -> {
            tablesRead.add(table.name());
            try {
                return FullSyncStore.rows(primary, table);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, path -> {
            throw new AssertionError("no file to read");
        });
    }

    @Test
    void equalTablesAreAnsweredSameAndNoRowIsRead() throws Exception {
        List<String> read = new ArrayList<>();
        FullSyncPlan plan = plan(new TableDigests(), new TableDigests(), read);
        assertEquals(0, plan.changes());
        assertEquals(100, plan.unchanged());
        assertEquals(List.of(), read);
        byte[] manifest = FullSyncStore.manifest(secondary, TABLES, Map.of(), new TableDigests(), false,
                FullSyncStore.snapshot(primary, 7, TABLES, new TableDigests(), false).withFiles(Map.of()).aggregates());
        assertSame(Manifest.SAME, Manifest.decode(manifest).get("APPS"));
    }

    @Test
    void aSecondaryWhoseSummaryMatchesNeedsNoManifestAndGetsAnEmptyPlan() throws Exception {
        Map<String, String> files = Map.of("conf/apps/a.conf", "d1", "conf/apps/b.conf", "d2");
        FullSyncStore.Snapshot snapshot = FullSyncStore.snapshot(primary, 7, TABLES, new TableDigests(), false).withFiles(files);
        Map<String, String> summary = FullSyncStore.withFiles(FullSyncStore.summary(secondary, TABLES, new TableDigests()), files);
        assertTrue(FullSyncStore.same(snapshot, summary));
        FullSyncPlan plan = FullSyncStore.plan(snapshot, FullSyncStore.sameManifest(snapshot), table -> {
            throw new AssertionError("no row to read");
        }, path -> {
            throw new AssertionError("no file to read");
        });
        assertEquals(0, plan.changes());
        assertEquals(102, plan.unchanged());

        sql(secondary, "UPDATE USERS SET ROLE = 'admin' WHERE NAME = 'user-7'");
        Map<String, String> changed = FullSyncStore.withFiles(FullSyncStore.summary(secondary, TABLES, new TableDigests()), files);
        assertTrue(!FullSyncStore.same(snapshot, changed));
        assertEquals(snapshot.aggregates().get("APPS"), changed.get("APPS"));
        assertTrue(!snapshot.aggregates().get("USERS").equals(changed.get("USERS")));
        Map<String, String> otherFiles = FullSyncStore.withFiles(FullSyncStore.summary(primary, TABLES, new TableDigests()),
                Map.of("conf/apps/a.conf", "d1"));
        assertTrue(!FullSyncStore.same(snapshot, otherFiles), "a missing file makes the summary differ");
    }

    @Test
    void onlyTheRowsThatDifferTravelAndOnlyTheirTableIsRead() throws Exception {
        sql(secondary, "UPDATE APPS SET URL = 'stale' WHERE NAME = 'app-3'");
        sql(secondary, "INSERT INTO APPS VALUES ('extra', 'x')");
        List<String> read = new ArrayList<>();
        FullSyncPlan plan = plan(new TableDigests(), new TableDigests(), read);
        assertEquals(List.of("APPS"), read);
        assertEquals(1, plan.writes().size());
        assertEquals("app-3", plan.writes().get(0).keyText());
        assertEquals(1, plan.deletes().size());
        assertEquals(99, plan.unchanged());
    }

    @Test
    void aPlanThatTravelledSwitchesTheSecondaryOverToThePrimarysRows() throws Exception {
        sql(secondary, "CREATE TABLE SERVER_PARAMS (NAME VARCHAR(64) PRIMARY KEY, VAL VARCHAR(200), IS_LOCAL BOOLEAN)");
        sql(secondary, "UPDATE APPS SET URL = 'stale' WHERE NAME = 'app-3'");
        sql(secondary, "INSERT INTO APPS VALUES ('extra', 'x')");
        sql(secondary, "DELETE FROM USERS WHERE NAME = 'user-7'");
        FullSyncPlan plan = plan(new TableDigests(), new TableDigests(), new ArrayList<>());
        List<FullSyncPlan> parts = plan.encodeParts(64).stream().map(FullSyncPlan::decode).toList();
        assertEquals(3, parts.size(), "one delete, two writes, a part each");
        FullSyncStore.apply(secondary, FullSyncPlan.merge(parts), TABLES);
        FullSyncStore.Snapshot mine = FullSyncStore.snapshot(primary, 7, TABLES, new TableDigests(), true);
        FullSyncStore.Snapshot theirs = FullSyncStore.snapshot(secondary, 7, TABLES, new TableDigests(), true);
        assertEquals(mine.digests(), theirs.digests(), "the extra row is deleted, the stale one and the missing one written");
    }

    @Test
    void keptDigestsAreUsedUntilTheTableVersionMoves() throws Exception {
        TableDigests kept = new TableDigests();
        kept.watch(Set.of("APPS", "USERS"));
        TableDigests.Digested before = kept.of(secondary, TABLES.get(0), false);
        sql(secondary, "UPDATE APPS SET URL = 'changed' WHERE NAME = 'app-1'");
        assertSame(before, kept.of(secondary, TABLES.get(0), false), "no version change: the kept digests stand");
        assertTrue(!before.aggregate().equals(kept.of(secondary, TABLES.get(0), true).aggregate()), "fresh reads the table");
        TableVersions.changed("APPS");
        assertTrue(!before.aggregate().equals(kept.of(secondary, TABLES.get(0), false).aggregate()), "a new version is read again");
    }

    @Test
    void aSwitchOverKeepsTheDigestsItWroteUnlessAnotherWriterCameBetween() throws Exception {
        sql(secondary, "UPDATE APPS SET URL = 'stale' WHERE NAME = 'app-3'");
        TableDigests kept = new TableDigests();
        kept.watch(Set.of("APPS", "USERS"));
        FullSyncPlan plan = plan(new TableDigests(), kept, new ArrayList<>());
        sql(secondary, "UPDATE APPS SET URL = 'sftp://files/3' WHERE NAME = 'app-3'");
        TableVersions.changedAll();
        kept.switchedOver(secondary, plan);
        TableDigests.Digested after = kept.of(secondary, TABLES.get(0), false);
        assertEquals(kept.of(secondary, TABLES.get(0), true).aggregate(), after.aggregate());
        assertSame(after, kept.of(secondary, TABLES.get(0), false), "kept, not read again");

        TableVersions.changed("APPS");
        kept.of(secondary, TABLES.get(0), false);
        TableVersions.changed("APPS");
        kept.switchedOver(secondary, plan);
        assertTrue(after != kept.of(secondary, TABLES.get(0), false), "a foreign write in between: read again");
    }

    @Test
    void capturedRowsWaitingMeanTheTableIsReadAgain() throws Exception {
        TableDigests kept = new TableDigests();
        kept.watch(Set.of("APPS"));
        TableDigests.Digested before = kept.of(secondary, TABLES.get(0), false);
        sql(secondary, "INSERT INTO CAPTURED_ROWS (PAYLOAD) VALUES (X'00')");
        assertTrue(before != kept.of(secondary, TABLES.get(0), false));
    }

    @Test
    void aTableWithoutCaptureIsReadEveryTime() throws Exception {
        TableDigests kept = new TableDigests();
        TableDigests.Digested before = kept.of(secondary, TABLES.get(1), false);
        assertTrue(before != kept.of(secondary, TABLES.get(1), false));
    }

    @Test
    void aManifestRoundTripsSameAndRows() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("A", Manifest.SAME);
        m.put("B", Map.of("k", "d"));
        Map<String, Map<String, String>> back = Manifest.decode(Manifest.encode(m));
        assertSame(Manifest.SAME, back.get("A"));
        assertEquals(Map.of("k", "d"), back.get("B"));
    }

    @Test
    void aPlanTravelsInPartsThatMergeBackInOrder() {
        List<RowChange> deletes = new ArrayList<>();
        List<RowChange> writes = new ArrayList<>();
        List<FileChange> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deletes.add(new RowChange("USERS", true, List.of(FullSyncPlan.KEY_TEXT), List.of(), List.of("gone-" + i)));
        }
        for (int i = 0; i < 200; i++) {
            writes.add(new RowChange("APPS", false, List.of("NAME", "URL"), List.of("NAME"), List.of("app-" + i, "sftp://files/" + i)));
        }
        for (int i = 0; i < 20; i++) {
            files.add(new FileChange("conf/f" + i, false, new byte[1000 + i]));
        }
        files.add(new FileChange("conf/big", false, new byte[10_000]));
        FullSyncPlan plan = new FullSyncPlan(42, deletes, writes, files, 7);
        List<byte[]> parts = plan.encodeParts(4096);
        assertTrue(parts.size() > 5, parts.size() + " part(s)");
        for (byte[] part : parts.subList(0, parts.size() - 1)) {
            assertTrue(part.length <= 4096 + 64 || part.length > 10_000, "a part of " + part.length + " bytes");
        }
        FullSyncPlan merged = FullSyncPlan.merge(parts.stream().map(FullSyncPlan::decode).toList());
        Assertions.assertArrayEquals(FullSyncPlan.decode(plan.encode()).encode(), merged.encode(),
                "the parts decode to what the plan sent whole decodes to");
        assertEquals(List.of("gone-0", "gone-1", "gone-2"), merged.deletes().stream().map(d -> String.valueOf(d.values().get(0))).toList());
        assertEquals(42, merged.seq());
        assertEquals(7, merged.unchanged());
        assertEquals(plan.changes(), merged.changes());

        FullSyncPlan empty = new FullSyncPlan(9, List.of(), List.of(), List.of(), 3);
        List<byte[]> one = empty.encodeParts(4096);
        assertEquals(1, one.size(), "an empty plan is one empty part");
        assertEquals(0, FullSyncPlan.merge(List.of(FullSyncPlan.decode(one.get(0)))).changes());
    }

    @Test
    void arrayAndTimeColumnsTravelWholeAndTheirDigestsAreStable() throws Exception {
        for (Connection c : List.of(primary, secondary)) {
            sql(c, "CREATE TABLE TAGS (NAME VARCHAR(64) PRIMARY KEY, LABELS VARCHAR(20) ARRAY, PORTS INTEGER ARRAY)");
        }
        sql(secondary, "CREATE TABLE SERVER_PARAMS (NAME VARCHAR(64) PRIMARY KEY, VAL VARCHAR(200), IS_LOCAL BOOLEAN)");
        sql(primary, "ALTER TABLE TAGS ADD COLUMN OPENS TIME(3)");
        sql(secondary, "ALTER TABLE TAGS ADD COLUMN OPENS TIME(3)");
        sql(primary, "INSERT INTO TAGS VALUES ('app-1', ARRAY['blue', NULL, 'green'], ARRAY[8080, 8443], TIME '08:30:15.125'),"
                + " ('app-2', ARRAY[], NULL, TIME '09:00:00')");
        List<SyncedTable> tags = List.of(new SyncedTable("TAGS", ""));
        Map<String, String> first = TableRows.digests(primary, tags.get(0));
        assertEquals(first, TableRows.digests(primary, tags.get(0)), "reading the rows again gives the same digests");

        FullSyncStore.Snapshot snapshot = FullSyncStore.snapshot(primary, 3, tags, new TableDigests(), true).withFiles(Map.of());
        byte[] manifest = FullSyncStore.manifest(secondary, tags, Map.of(), new TableDigests(), true, snapshot.aggregates());
        FullSyncPlan plan = FullSyncStore.plan(snapshot, manifest, table -> {
            try {
                return FullSyncStore.rows(primary, table);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, path -> null);
        assertEquals(2, plan.writes().size());
        FullSyncStore.apply(secondary, FullSyncPlan.decode(plan.encode()), tags);
        assertEquals(first, TableRows.digests(secondary, tags.get(0)));
        try (Statement st = secondary.createStatement();
             ResultSet rs = st.executeQuery("SELECT CARDINALITY(LABELS), LABELS[3], PORTS[2], OPENS FROM TAGS WHERE NAME = 'app-1'")) {
            assertTrue(rs.next());
            assertEquals(3, rs.getInt(1));
            assertEquals("green", rs.getString(2));
            assertEquals(8443, rs.getInt(3));
            assertEquals("08:30:15.125", rs.getString(4), "a TIME keeps its milliseconds");
        }
    }

    @Test
    void aRowChangeCarriesArraysWithTheirNulls() {
        RowChange row = new RowChange("TAGS", false, List.of("NAME", "LABELS"), List.of("NAME"),
                Arrays.asList("a", new Object[] {"x", null, 3}));
        Object[] back = (Object[]) RowChange.decode(row.encode()).values().get(1);
        Assertions.assertArrayEquals(new Object[] {"x", null, 3}, back);
    }
}
