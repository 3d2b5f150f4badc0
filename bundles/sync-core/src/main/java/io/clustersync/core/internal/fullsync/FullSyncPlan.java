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
                             Map<String, Map<String, String>> manifest) throws IOException {
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

    /** The one column of a delete by key text. */
    static final String KEY_TEXT = "#KEY";

    /**
     * A delete by key text: the key columns are resolved by the secondary, which knows its own rows. The key text
     * is the value of one column, {@link #KEY_TEXT}, as a row change's encoding carries one value per column.
     */
    private static RowChange deletion(String table, String key) {
        return new RowChange(table, true, List.of(KEY_TEXT), List.of(), List.of(key));
    }

    public int changes() {
        return deletes.size() + writes.size() + files.size();
    }

    byte[] encode() {
        return encodeParts(Integer.MAX_VALUE).get(0);
    }

    /**
     * The plan cut, in order, into parts of about {@code partBytes} encoded bytes (more when one item is larger),
     * each a plan of its own with this one's sequence and count of unchanged items; {@link #merge} puts them back
     * together. An empty plan is one empty part.
     */
    List<byte[]> encodeParts(int partBytes) {
        List<byte[]> parts = new ArrayList<>();
        Part part = new Part();
        for (RowChange row : deletes) {
            part = part.add(parts, partBytes, 0, row.encode());
        }
        for (RowChange row : writes) {
            part = part.add(parts, partBytes, 1, row.encode());
        }
        for (FileChange file : files) {
            part = part.add(parts, partBytes, 2, file.encode());
        }
        parts.add(part.encode());
        return parts;
    }

    /** The encoded deletes, writes and files of one part. */
    private final class Part {
        private final List<List<byte[]>> items = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        private long bytes;

        /** Adds an item; when this part is full, it is closed into {@code parts} and the item opens the next. */
        Part add(List<byte[]> parts, int partBytes, int kind, byte[] item) {
            Part into = this;
            if (bytes > 0 && bytes + item.length > partBytes) {
                parts.add(encode());
                into = new Part();
            }
            into.items.get(kind).add(item);
            into.bytes += item.length + Integer.BYTES;
            return into;
        }

        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, bytes + 32));
            try (DataOutputStream data = new DataOutputStream(out)) {
                data.writeLong(seq);
                data.writeInt(unchanged);
                for (List<byte[]> kind : items) {
                    data.writeInt(kind.size());
                    for (byte[] item : kind) {
                        data.writeInt(item.length);
                        data.write(item);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return out.toByteArray();
        }
    }

    /** The plan whose {@link #encodeParts parts} these are, decoded and in order. */
    static FullSyncPlan merge(List<FullSyncPlan> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a full-sync plan of no parts");
        }
        List<RowChange> deletes = new ArrayList<>();
        List<RowChange> writes = new ArrayList<>();
        List<FileChange> files = new ArrayList<>();
        for (FullSyncPlan part : parts) {
            if (part.seq() != parts.get(0).seq()) {
                throw new IllegalArgumentException("the parts of a full-sync plan name changes " + parts.get(0).seq()
                        + " and " + part.seq());
            }
            deletes.addAll(part.deletes());
            writes.addAll(part.writes());
            files.addAll(part.files());
        }
        return new FullSyncPlan(parts.get(0).seq(), Collections.unmodifiableList(deletes), Collections.unmodifiableList(writes),
                files, parts.get(0).unchanged());
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
