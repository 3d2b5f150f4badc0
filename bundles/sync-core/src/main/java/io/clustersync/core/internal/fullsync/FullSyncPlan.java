package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.files.HomeFiles;
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

    /** Compares the primary's snapshot with a secondary's digests, table by table, in parents-first order. */
    static FullSyncPlan diff(long seq, List<SyncedTable> parentsFirst, Map<String, Map<String, RowChange>> snapshot,
                             Map<String, Map<String, String>> digests, Map<String, FileChange> files,
                             Map<String, Map<String, String>> manifest) {
        List<RowChange> deletes = new ArrayList<>();
        List<RowChange> writes = new ArrayList<>();
        int unchanged = 0;
        for (SyncedTable table : parentsFirst) {
            Map<String, RowChange> theirs = snapshot.getOrDefault(table.name(), Map.of());
            Map<String, String> mine = manifest.getOrDefault(table.name(), Map.of());
            List<RowChange> tableDeletes = new ArrayList<>();
            for (String key : mine.keySet()) {
                if (!theirs.containsKey(key)) {
                    tableDeletes.add(deletion(table.name(), key, theirs, mine));
                }
            }
            deletes.addAll(0, tableDeletes);
            for (Map.Entry<String, RowChange> row : theirs.entrySet()) {
                String digest = digests.getOrDefault(table.name(), Map.of()).get(row.getKey());
                if (digest == null || !digest.equals(mine.get(row.getKey()))) {
                    writes.add(row.getValue());
                } else {
                    unchanged++;
                }
            }
        }
        List<FileChange> fileChanges = new ArrayList<>();
        Map<String, String> theirFiles = manifest.getOrDefault(FILES, Map.of());
        for (Map.Entry<String, FileChange> file : files.entrySet()) {
            if (HomeFiles.digest(file.getValue().content()).equals(theirFiles.get(file.getKey()))) {
                unchanged++;
            } else {
                fileChanges.add(file.getValue());
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
    private static RowChange deletion(String table, String key, Map<String, RowChange> theirs, Map<String, String> mine) {
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
