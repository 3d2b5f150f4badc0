package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.tables.TableVersions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The row digests of the synchronized tables, kept between Synchronize All passes for the tables whose every
 * change is seen (those that carry a capture or version trigger, see {@link TableVersions}): such a table is
 * read again only after it changed, while changes captured from it wait to be ordered, or when the last read
 * overlapped another session's open transaction. The model's tables are read every time, as is everything
 * for {@code verify}.
 */
public final class TableDigests {

    /** A table's digests, by row key in key order, and one digest of them all. */
    public record Digested(long version, long foreign, Map<String, String> rows, String aggregate) { }

    private final Map<String, Digested> cache = new ConcurrentHashMap<>();
    private final AtomicLong tablesRead = new AtomicLong();
    private final AtomicLong tablesKept = new AtomicLong();
    private volatile Set<String> watched = Set.of();

    /** How many times a table's digests were taken by reading it, and how many times they were kept. */
    public String counts() {
        return tablesRead.get() + " table read(s), " + tablesKept.get() + " kept";
    }

    /** The tables that now carry a capture trigger; what was kept of the others is dropped. */
    public void watch(Set<String> tables) {
        watched = Set.copyOf(tables);
        cache.clear();
    }

    public Set<String> watched() {
        return watched;
    }

    /** The digests of each table, by name, in the given order; what may be kept is judged once for them all. */
    Map<String, Digested> of(Connection c, List<SyncedTable> tables, boolean fresh) throws SQLException {
        boolean quiet = !fresh && noCapturedRowsWaiting(c) && noOtherWriterOpen(c);
        Map<String, Digested> out = new LinkedHashMap<>();
        for (SyncedTable table : tables) {
            out.put(table.name(), digested(c, table, quiet));
        }
        return out;
    }

    /** One table's digests ({@code fresh}: read again). */
    Digested of(Connection c, SyncedTable table, boolean fresh) throws SQLException {
        return of(c, List.of(table), fresh).get(table.name());
    }

    private Digested digested(Connection c, SyncedTable table, boolean quiet) throws SQLException {
        long version = TableVersions.version(table.name());
        long foreign = TableVersions.foreignVersion(table.name());
        boolean keep = quiet && table.rowFilter().isEmpty() && watched.contains(table.name());
        if (keep) {
            Digested hit = cache.get(table.name());
            if (hit != null && hit.version() == version) {
                tablesKept.incrementAndGet();
                return hit;
            }
        }
        tablesRead.incrementAndGet();
        Map<String, String> rows = TableRows.digests(c, table);
        Digested read = new Digested(version, foreign, rows, aggregate(rows));
        if (keep) {
            cache.put(table.name(), read);
        }
        return read;
    }

    /**
     * After a switch-over committed: a kept table that no other writer touched since its digests were taken is
     * now what it was minus the plan's deletions plus the plan's rows, whose digests the primary computed the
     * same way; it is kept at its new version instead of being read again. Any doubt drops it.
     */
    public void switchedOver(Connection c, FullSyncPlan plan) throws SQLException {
        if (cache.isEmpty()) {
            return;
        }
        boolean quiet = noCapturedRowsWaiting(c) && noOtherWriterOpen(c);
        for (String table : List.copyOf(cache.keySet())) {
            Digested before = cache.get(table);
            if (before == null || !quiet || TableVersions.foreignVersion(table) != before.foreign()) {
                cache.remove(table);
                continue;
            }
            if (plan.deletes().stream().noneMatch(d -> d.table().equals(table))
                    && plan.writes().stream().noneMatch(w -> w.table().equals(table))) {
                cache.put(table, new Digested(TableVersions.version(table), before.foreign(), before.rows(), before.aggregate()));
                continue;
            }
            Map<String, String> rows = new TreeMap<>(before.rows());
            for (var deletion : plan.deletes()) {
                if (deletion.table().equals(table)) {
                    rows.remove(String.valueOf(deletion.values().get(0)));
                }
            }
            for (var write : plan.writes()) {
                if (write.table().equals(table)) {
                    rows.put(write.keyText(), TableRows.digest(write));
                }
            }
            Map<String, String> ordered = new LinkedHashMap<>(rows);
            cache.put(table, new Digested(TableVersions.version(table), before.foreign(), ordered, aggregate(ordered)));
        }
    }

    private static boolean noCapturedRowsWaiting(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM PUBLIC.CAPTURED_ROWS LIMIT 1")) {
            return !rs.next();
        }
    }

    /**
     * True when no other session holds uncommitted changes: a writer whose trigger already moved the version
     * but that commits only after this read would otherwise leave stale digests under the new version.
     */
    private static boolean noOtherWriterOpen(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE CONTAINS_UNCOMMITTED AND SESSION_ID <> SESSION_ID() LIMIT 1")) {
            return !rs.next();
        }
    }

    /** One digest of a map of digests (keys in the map's order, which both sides keep sorted). */
    public static String aggregate(Map<String, String> digests) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : digests.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16) + ":" + digests.size();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
