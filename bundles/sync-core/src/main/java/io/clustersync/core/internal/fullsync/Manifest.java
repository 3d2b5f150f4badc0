package io.clustersync.core.internal.fullsync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A node's digests of its synchronized rows: table, then row key, then digest. */
final class Manifest {

    private Manifest() {
    }

    static byte[] encode(Map<String, Map<String, String>> manifest) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(manifest.size());
            for (Map.Entry<String, Map<String, String>> table : manifest.entrySet()) {
                out.writeUTF(table.getKey());
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
