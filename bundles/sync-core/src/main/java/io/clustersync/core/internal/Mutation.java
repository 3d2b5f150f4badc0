package io.clustersync.core.internal;

import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.tables.RowChange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A change an operator asked of a secondary, forwarded to the primary, which alone orders changes. The
 * primary runs it through the same validation as its own operator's requests.
 */
public record Mutation(String operation, List<String> arguments) {

    static final String CREATE_DB = "create-db";
    static final String DROP_DB = "drop-db";
    static final String BIND = "bind";
    static final String TUNE = "tune";
    static final String SET_PARAM = "set-param";
    static final String REPLICA_OF = "replica-of";
    static final String REPLICATION = "replication";
    static final String ROW = "row";
    static final String FILE = "file";

    /** A file written or deleted on a secondary, for the primary to write and order. */
    public static Mutation file(byte[] payload) {
        return new Mutation(FILE, List.of(Base64.getEncoder().encodeToString(payload)));
    }

    /** A row change captured on a secondary, for the primary to write and order. */
    public static Mutation row(byte[] payload) {
        return new Mutation(ROW, List.of(Base64.getEncoder().encodeToString(payload)));
    }

    public Mutation {
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    String argument(int index) {
        return arguments.get(index);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(operation);
            out.writeInt(arguments.size());
            for (String argument : arguments) {
                out.writeBoolean(argument != null);
                if (argument != null) {
                    out.writeUTF(argument);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static Mutation decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            String operation = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > 64) {
                throw new IOException("bad argument count " + count);
            }
            List<String> arguments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                arguments.add(in.readBoolean() ? in.readUTF() : null);
            }
            return new Mutation(operation, arguments);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed forwarded change: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        if (operation.equals(FILE)) {
            return FileChange.decode(Base64.getDecoder().decode(arguments.get(0))).describe();
        }
        if (operation.equals(ROW)) {
            RowChange row = RowChange.decode(
                    Base64.getDecoder().decode(arguments.get(0)));
            return (row.delete() ? "delete " : "write ") + row.table() + " " + row.keyText();
        }
        return operation + " " + (operation.equals(CREATE_DB) && arguments.size() > 3 && arguments.get(3) != null
                ? String.join(" ", arguments.subList(0, 3)) + " (password)" : String.join(" ", arguments.stream()
                .map(String::valueOf).toList()));
    }
}
