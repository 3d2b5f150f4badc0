package io.clustersync.core.internal.crdt;

import java.util.Arrays;

/** A growable byte array the Active-Active records are written into (big-endian, as DataOutput writes). */
final class Out {

    private byte[] bytes = new byte[128];
    private int size;

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void writeByte(int b) {
        room(1);
        bytes[size++] = (byte) b;
    }

    void writeBoolean(boolean b) {
        writeByte(b ? 1 : 0);
    }

    void writeInt(int v) {
        room(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    void writeLong(long v) {
        room(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    void write(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
