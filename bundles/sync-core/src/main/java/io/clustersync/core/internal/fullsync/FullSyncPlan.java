package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.tables.RowChange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What one secondary must do to hold exactly the primary's configuration at sequence {@code seq}: rows to
 * delete (children first) and rows to write (parents first). Only rows whose digest differs are in it.
 */
public record FullSyncPlan(long seq, List<RowChange> deletes, List<RowChange> writes, List<FileChange> files, int unchanged) {

    /** The manifest entry that holds a node's file digests, beside its tables. */
    static final String FILES = "#FILES";

    /**
     * Compares the primary's digests with a secondary's, table by table, in parents-first order; rows are read
     * only from tables that differ, files only when they differ.
     */
    static FullSyncPlan diff(long seq, List<SyncedTable> parentsFirst, Map<String, Map<String, String>> digests,
                             FullSyncStore.RowSource rows, Map<String, String> files, FullSyncStore.FileSource source,
                             Map<String, Map<String, String>> manifest) throws java.io.IOException {
        List<RowChange> deletes = new ArrayList<>();
        List<RowChange> writes = new ArrayList<>();
        int unchanged = 0;
        for (SyncedTable table : parentsFirst) {
            Map<String, String> primary = digests.getOrDefault(table.name(), Map.of());
            Map<String, String> mine = manifest.getOrDefault(table.name(), Map.of());
            if (mine == Manifest.SAME) {
                unchanged += primary.size();
                continue;
            }
            List<RowChange> tableDeletes = new ArrayList<>();
            for (String key : mine.keySet()) {
                if (!primary.containsKey(key)) {
                    tableDeletes.add(deletion(table.name(), key));
                }
            }
            deletes.addAll(0, tableDeletes);
            Map<String, RowChange> current = null;
            for (Map.Entry<String, String> row : primary.entrySet()) {
                if (row.getValue().equals(mine.get(row.getKey()))) {
                    unchanged++;
                    continue;
                }
                if (current == null) {
                    current = rows.rows(table);
                }
                RowChange now = current.get(row.getKey());
                if (now != null) {
                    writes.add(now);
                }
            }
        }
        List<FileChange> fileChanges = new ArrayList<>();
        Map<String, String> theirFiles = manifest.getOrDefault(FILES, Map.of());
        if (theirFiles == Manifest.SAME) {
            return new FullSyncPlan(seq, deletes, writes, fileChanges, unchanged + files.size());
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getValue().equals(theirFiles.get(file.getKey()))) {
                unchanged++;
            } else {
                fileChanges.add(source.read(file.getKey()));
            }
        }
        for (String path : theirFiles.keySet()) {
            if (!files.containsKey(path)) {
                fileChanges.add(new FileChange(path, true, new byte[0]));
            }
        }
        return new FullSyncPlan(seq, deletes, writes, fileChanges, unchanged);
    }

    /** A delete by key text: the key columns are resolved by the secondary, which knows its own rows. */
    private static RowChange deletion(String table, String key) {
        return new RowChange(table, true, List.of(), List.of(), List.of(key));
    }

    public int changes() {
        return deletes.size() + writes.size() + files.size();
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(seq);
            out.writeInt(unchanged);
            writeRows(out, deletes);
            writeRows(out, writes);
            out.writeInt(files.size());
            for (FileChange f : files) {
                byte[] encoded = f.encode();
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static FullSyncPlan decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            long seq = in.readLong();
            int unchanged = in.readInt();
            List<RowChange> deletes = readRows(in);
            List<RowChange> writes = readRows(in);
            int n = in.readInt();
            if (n < 0 || n > 10_000_000) {
                throw new IOException("bad file count " + n);
            }
            List<FileChange> files = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] encoded = new byte[in.readInt()];
                in.readFully(encoded);
                files.add(FileChange.decode(encoded));
            }
            return new FullSyncPlan(seq, deletes, writes, files, unchanged);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed full-sync plan: " + e.getMessage(), e);
        }
    }

    private static void writeRows(DataOutputStream out, List<RowChange> rows) throws IOException {
        out.writeInt(rows.size());
        for (RowChange row : rows) {
            byte[] encoded = row.encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        }
    }

    private static List<RowChange> readRows(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new IOException("bad row count " + n);
        }
        List<RowChange> rows = new ArrayList<>(Math.min(n, 100_000));
        for (int i = 0; i < n; i++) {
            byte[] encoded = new byte[in.readInt()];
            in.readFully(encoded);
            rows.add(RowChange.decode(encoded));
        }
        return Collections.unmodifiableList(rows);
    }
}
