package io.clustersync.core.internal.fullsync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's digests of its synchronized rows: table, then row key, then digest; a table (or the files) whose
 * aggregate digest equals the primary's is sent as {@link #SAME} (a count of -1) instead.
 */
final class Manifest {

    /** Stands for "this table is the same as the primary's"; compared by identity. */
    static final Map<String, String> SAME = Collections.unmodifiableMap(new LinkedHashMap<>());

    private Manifest() {
    }

    static byte[] encode(Map<String, Map<String, String>> manifest) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(manifest.size());
            for (Map.Entry<String, Map<String, String>> table : manifest.entrySet()) {
                out.writeUTF(table.getKey());
                if (table.getValue() == SAME) {
                    out.writeInt(-1);
                    continue;
                }
                out.writeInt(table.getValue().size());
                for (Map.Entry<String, String> row : table.getValue().entrySet()) {
                    out.writeUTF(row.getKey());
                    out.writeUTF(row.getValue());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, Map<String, String>> decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            int tables = in.readInt();
            for (int t = 0; t < tables; t++) {
                String name = in.readUTF();
                int rows = in.readInt();
                if (rows == -1) {
                    out.put(name, SAME);
                    continue;
                }
                if (rows < 0 || rows > 10_000_000) {
                    throw new IOException("bad row count " + rows);
                }
                Map<String, String> digests = new LinkedHashMap<>();
                for (int r = 0; r < rows; r++) {
                    digests.put(in.readUTF(), in.readUTF());
                }
                out.put(name, digests);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed manifest: " + e.getMessage(), e);
        }
    }
}
