package io.clustersync.core.internal.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A synchronized file written or deleted: its path relative to the node's home (with '/'), and its content.
 */
public record FileChange(String path, boolean delete, byte[] content) {

    /** The first byte of a file change's payload in the change log. */
    public static final byte PAYLOAD_TAG = 'F';
    /** The largest file that travels. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length + path.length() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PAYLOAD_TAG);
            out.writeUTF(path);
            out.writeBoolean(delete);
            out.writeInt(content.length);
            out.write(content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static FileChange decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != PAYLOAD_TAG) {
                throw new IOException("not a file change");
            }
            String path = in.readUTF();
            boolean delete = in.readBoolean();
            int length = in.readInt();
            if (length < 0 || length > MAX_BYTES) {
                throw new IOException("bad file length " + length);
            }
            byte[] content = new byte[length];
            in.readFully(content);
            return new FileChange(path, delete, content);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed file change: " + e.getMessage(), e);
        }
    }

    public String describe() {
        return (delete ? "delete file " : "write file ") + path;
    }
}
