package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads what {@link Out} wrote; a record cut short is an {@link IOException} naming where. */
final class In {

    private final ByteBuffer buffer;

    In(byte[] bytes) {
        this.buffer = ByteBuffer.wrap(bytes);
    }

    int readUnsignedByte() throws IOException {
        return need(1).get() & 0xff;
    }

    boolean readBoolean() throws IOException {
        return readUnsignedByte() != 0;
    }

    int readInt() throws IOException {
        return need(4).getInt();
    }

    long readLong() throws IOException {
        return need(8).getLong();
    }

    double readDouble() throws IOException {
        return need(8).getDouble();
    }

    void readFully(byte[] into) throws IOException {
        need(into.length).get(into);
    }

    int available() {
        return buffer.remaining();
    }

    private ByteBuffer need(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            throw new IOException("cut short at byte " + buffer.position() + " (" + bytes + " more needed, "
                    + buffer.remaining() + " left)");
        }
        return buffer;
    }

}
