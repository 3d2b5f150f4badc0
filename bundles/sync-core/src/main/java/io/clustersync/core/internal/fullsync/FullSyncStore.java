package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.tables.Applying;
import io.clustersync.core.internal.tables.RowChange;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Synchronize All against the configuration database: the primary's snapshot, a secondary's digests, and the
 * secondary's switch-over, which writes a whole plan in the caller's single transaction, so that a node
 * killed halfway keeps its previous configuration.
 */
public final class FullSyncStore {

    /**
     * The primary's row digests at sequence {@code seq}, tables ordered parents first, with one aggregate digest
     * per table (and for the files, {@link FullSyncPlan#FILES}) that lets a secondary answer "same" for a whole
     * table. Rows themselves are read only for the tables a plan needs them from.
     */
    public record Snapshot(long seq, List<SyncedTable> parentsFirst, Map<String, Map<String, String>> digests,
                           Map<String, String> aggregates, Map<String, String> files) {

        public int rowCount() {
            return digests.values().stream().mapToInt(Map::size).sum();
        }

        /** With the digests of the primary's synchronized files, by relative path. */
        public Snapshot withFiles(Map<String, String> fileDigests) {
            return new Snapshot(seq, parentsFirst, digests, FullSyncStore.withFiles(aggregates, fileDigests), fileDigests);
        }
    }

    /** Reads a table's rows (key text to row) for a plan that needs some of them. */
    public interface RowSource {
        Map<String, RowChange> rows(SyncedTable table);
    }

    /** Reads a file of the primary's that a plan carries. */
    public interface FileSource {
        FileChange read(String path) throws IOException;
    }

    /** The last listing of files aggregated (see {@link #filesAggregate}), and its aggregate. */
    private static volatile Aggregated lastFiles = new Aggregated(Map.of(), TableDigests.aggregate(Map.of()));

    private FullSyncStore() {
    }

    public static Snapshot snapshot(Connection c, long seq, List<SyncedTable> tables, TableDigests kept, boolean fresh)
            throws SQLException {
        List<SyncedTable> ordered = TableOrder.parentsFirst(c, tables);
        Map<String, Map<String, String>> digests = new LinkedHashMap<>();
        Map<String, String> aggregates = new LinkedHashMap<>();
        kept.of(c, ordered, fresh).forEach((name, d) -> {
            digests.put(name, d.rows());
            aggregates.put(name, d.aggregate());
        });
        return new Snapshot(seq, ordered, digests, aggregates, Map.of());
    }

    public static Map<String, RowChange> rows(Connection c, SyncedTable table) throws SQLException {
        return TableRows.read(c, table);
    }

    /**
     * A secondary's digests of its rows and files; a table (or the files) whose aggregate equals the primary's
     * is answered "same" instead of row by row.
     */
    public static byte[] manifest(Connection c, List<SyncedTable> tables, Map<String, String> fileDigests,
                                  TableDigests kept, boolean fresh, Map<String, String> primaryAggregates) throws SQLException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        kept.of(c, tables, fresh).forEach((name, d) ->
                out.put(name, d.aggregate().equals(primaryAggregates.get(name)) ? Manifest.SAME : d.rows()));
        out.put(FullSyncPlan.FILES, TableDigests.aggregate(fileDigests).equals(primaryAggregates.get(FullSyncPlan.FILES))
                ? Manifest.SAME : fileDigests);
        return Manifest.encode(out);
    }

    /**
     * A secondary's aggregate digest per table: with {@link #withFiles}, what Synchronize All compares before it
     * asks for any row's or file's digest.
     */
    public static Map<String, String> summary(Connection c, List<SyncedTable> tables, TableDigests kept) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        long[] rows = {0};
        kept.of(c, tables, false).forEach((name, d) -> {
            out.put(name, d.aggregate());
            rows[0] += d.rows().size();
        });
        out.put(ROWS, String.valueOf(rows[0]));
        return out;
    }

    /**
     * Aggregate digests of tables, with the aggregate digest of the node's files ({@link FullSyncPlan#FILES})
     * beside them: a secondary's summary, and the primary's snapshot.
     */
    public static Map<String, String> withFiles(Map<String, String> tableSummary, Map<String, String> fileDigests) {
        Map<String, String> out = new LinkedHashMap<>(tableSummary);
        out.put(FullSyncPlan.FILES, filesAggregate(fileDigests));
        return out;
    }

    /** The last listing of files aggregated, and its aggregate. */
    private record Aggregated(Map<String, String> files, String aggregate) { }

    /**
     * The aggregate digest of a listing of files. A listing the file watch vouches for is handed out again, the
     * same unmodifiable map, pass after pass while nothing changes: its aggregate is taken once. (HomeFiles wraps
     * every listing it keeps around a map no one else holds, so such a map never changes.)
     */
    static String filesAggregate(Map<String, String> fileDigests) {
        Aggregated last = lastFiles;
        if (last.files() == fileDigests) {
            return last.aggregate();
        }
        String aggregate = TableDigests.aggregate(fileDigests);
        if (isUnmodifiable(fileDigests)) {
            lastFiles = new Aggregated(fileDigests, aggregate);
        }
        return aggregate;
    }

    private static final Class<?> UNMODIFIABLE_MAP = Collections.unmodifiableMap(new TreeMap<>()).getClass();

    private static boolean isUnmodifiable(Map<String, String> map) {
        return map.getClass() == UNMODIFIABLE_MAP;
    }

    /** True when a secondary's summary matches the snapshot in every table and in its files. */
    public static boolean same(Snapshot snapshot, Map<String, String> summary) {
        Map<String, String> aggregates = new LinkedHashMap<>(summary);
        aggregates.remove(ROWS);
        return snapshot.aggregates().equals(aggregates);
    }

    /** The entry of a secondary's summary that says how many rows of the synchronized tables it holds. */
    static final String ROWS = "#ROWS";

    /**
     * True when a secondary's summary says it holds fewer than half as many rows as the primary's {@code rows}:
     * it gets a snapshot at once, before any digest is taken (a summary without the count says nothing).
     */
    public static boolean fewRows(Map<String, String> summary, long rows) {
        String theirs = summary.get(ROWS);
        if (theirs == null || rows == 0) {
            return false;
        }
        try {
            return Long.parseLong(theirs) * 2 < rows;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The manifest of a secondary that holds exactly the snapshot: every table, and the files, "same". */
    public static byte[] sameManifest(Snapshot snapshot) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        snapshot.aggregates().keySet().forEach(name -> out.put(name, Manifest.SAME));
        return Manifest.encode(out);
    }

    public static FullSyncPlan plan(Snapshot snapshot, byte[] manifest, RowSource rows, FileSource files) throws IOException {
        return FullSyncPlan.diff(snapshot.seq(), snapshot.parentsFirst(), snapshot.digests(), rows, snapshot.files(), files,
                Manifest.decode(manifest));
    }

    /**
     * True when a secondary is far behind: items (rows and files) that are missing, differ or are extra number more
     * than half of the primary's items. Such a node gets a snapshot, not a plan.
     */
    public static boolean farBehind(Snapshot snapshot, byte[] manifest) {
        int items = snapshot.rowCount() + snapshot.files().size();
        return items > 0 && drift(snapshot, manifest).size() * 2L > items;
    }

    /** The items on which a node differs from the primary: "TABLE 'key' missing | differs | extra". */
    public static List<String> drift(Snapshot snapshot, byte[] manifest) {
        Map<String, Map<String, String>> theirs = Manifest.decode(manifest);
        List<String> out = new ArrayList<>();
        for (SyncedTable table : snapshot.parentsFirst()) {
            Map<String, String> mine = snapshot.digests().getOrDefault(table.name(), Map.of());
            Map<String, String> other = theirs.getOrDefault(table.name(), Map.of());
            if (other == Manifest.SAME) {
                continue;
            }
            for (Map.Entry<String, String> row : mine.entrySet()) {
                String digest = other.get(row.getKey());
                if (digest == null) {
                    out.add(table.name() + " '" + row.getKey() + "' missing");
                } else if (!digest.equals(row.getValue())) {
                    out.add(table.name() + " '" + row.getKey() + "' differs");
                }
            }
            for (String key : other.keySet()) {
                if (!mine.containsKey(key)) {
                    out.add(table.name() + " '" + key + "' extra");
                }
            }
        }
        Map<String, String> theirFiles = theirs.getOrDefault(FullSyncPlan.FILES, Map.of());
        if (theirFiles == Manifest.SAME) {
            return out;
        }
        for (Map.Entry<String, String> file : snapshot.files().entrySet()) {
            String digest = theirFiles.get(file.getKey());
            if (digest == null) {
                out.add("file " + file.getKey() + " missing");
            } else if (!digest.equals(file.getValue())) {
                out.add("file " + file.getKey() + " differs");
            }
        }
        for (String path : theirFiles.keySet()) {
            if (!snapshot.files().containsKey(path)) {
                out.add("file " + path + " extra");
            }
        }
        return out;
    }

    public static FullSyncPlan decode(byte[] plan) {
        return FullSyncPlan.decode(plan);
    }

    /** A plan cut into parts of about {@code partBytes} bytes, sent one bus frame each. */
    public static List<byte[]> encodeParts(FullSyncPlan plan, int partBytes) {
        return plan.encodeParts(partBytes);
    }

    /** The plan whose parts these are, decoded, in order. */
    public static FullSyncPlan merge(List<FullSyncPlan> parts) {
        return FullSyncPlan.merge(parts);
    }

    /** Writes the plan: deletions (children first), then rows (parents first); nothing is captured again. */
    public static void apply(Connection c, FullSyncPlan plan, List<SyncedTable> tables) throws SQLException {
        Map<String, SyncedTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Map<String, Map<String, RowChange>> current = new LinkedHashMap<>();
        List<SQLException> failure = new ArrayList<>();
        Applying.run(() -> {
            try {
                for (RowChange deletion : plan.deletes()) {
                    SyncedTable table = byName.get(deletion.table());
                    if (table == null) {
                        throw new SQLException("the primary names table " + deletion.table() + ", which this node does not synchronize");
                    }
                    Map<String, RowChange> rows = current.computeIfAbsent(table.name(), t -> read(c, table));
                    RowChange existing = rows.get(String.valueOf(deletion.values().get(0)));
                    if (existing != null) {
                        delete(c, existing);
                    }
                }
                new Merger(c).write(plan.writes());
            } catch (SQLException e) {
                failure.add(e);
            }
            return null;
        });
        if (!failure.isEmpty()) {
            throw failure.get(0);
        }
    }

    /** Where a snapshot's files go as they come (a secondary stages them for its switch-over). */
    public interface FileSink {
        void accept(FileChange file) throws IOException;
    }

    /** What a snapshot replaced: the rows of the synchronized tables now, and the files it carried. */
    public record Replaced(long rows, int files) { }

    /** The rows of the synchronized tables that travel. */
    public static long countRows(Connection c, List<SyncedTable> tables) throws SQLException {
        long rows = 0;
        try (Statement st = c.createStatement()) {
            for (SyncedTable table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM PUBLIC." + table.name() + table.where())) {
                    rs.next();
                    rows += rs.getLong(1);
                }
            }
        }
        return rows;
    }

    private static Map<String, RowChange> read(Connection c, SyncedTable table) {
        try {
            return TableRows.read(c, table);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void delete(Connection c, RowChange row) throws SQLException {
        String where = String.join(" AND ", row.keyColumns().stream().map(k -> k + " = ?").toList());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM PUBLIC." + row.table() + " WHERE " + where)) {
            int i = 1;
            for (String key : row.keyColumns()) {
                ps.setObject(i++, row.value(key));
            }
            ps.executeUpdate();
        }
    }

    /**
     * Writes rows with one prepared MERGE per table and column set, in batches; a server parameter that is local
     * on this node is left alone.
     */
    private static final class Merger {
        static final int BATCH = 1000;
        private final Connection c;
        private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();
        private final Map<String, Integer> pending = new LinkedHashMap<>();
        private final Set<Object> localParameters = new HashSet<>();

        Merger(Connection c) throws SQLException {
            this.c = c;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT NAME FROM PUBLIC.SERVER_PARAMS WHERE IS_LOCAL = TRUE")) {
                while (rs.next()) {
                    localParameters.add(rs.getString(1));
                }
            }
        }

        void write(List<RowChange> rows) throws SQLException {
            String previous = null;
            try {
                for (RowChange row : rows) {
                    if (row.table().equals("SERVER_PARAMS") && localParameters.contains(row.value("NAME"))) {
                        continue;
                    }
                    String key = row.table() + "|" + String.join(",", row.columns()) + "|" + String.join(",", row.keyColumns());
                    if (previous != null && !previous.equals(key)) {
                        flush(previous);
                    }
                    previous = key;
                    PreparedStatement ps = statements.get(key);
                    if (ps == null) {
                        ps = c.prepareStatement("MERGE INTO PUBLIC." + row.table() + " (" + String.join(", ", row.columns())
                                + ") KEY (" + String.join(", ", row.keyColumns()) + ") VALUES ("
                                + String.join(", ", row.columns().stream().map(x -> "?").toList()) + ")");
                        statements.put(key, ps);
                    }
                    for (int i = 0; i < row.values().size(); i++) {
                        ps.setObject(i + 1, row.values().get(i));
                    }
                    ps.addBatch();
                    if (pending.merge(key, 1, Integer::sum) >= BATCH) {
                        flush(key);
                    }
                }
                if (previous != null) {
                    flush(previous);
                }
            } finally {
                for (PreparedStatement ps : statements.values()) {
                    ps.close();
                }
            }
        }

        private void flush(String key) throws SQLException {
            if (pending.getOrDefault(key, 0) > 0) {
                statements.get(key).executeBatch();
                pending.put(key, 0);
            }
        }
    }

    /** Forgets the changes this node could not apply: the full synchronization replaced what they touched. */
    public static void clearFailures(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM FAILED_CHANGES");
        }
    }
}
