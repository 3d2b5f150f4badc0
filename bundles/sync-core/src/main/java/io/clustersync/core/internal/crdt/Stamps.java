package io.clustersync.core.internal.crdt;

import java.io.IOException;

/** The binary form of a {@link Stamp} in the Active-Active records: millis, counter, instance. */
final class Stamps {

    /** Above every stamp: what removed something, read from a key of version 1 (which did not keep it). */
    static final Stamp KEPT = new Stamp(Long.MAX_VALUE, Integer.MAX_VALUE, 255);

    private Stamps() {
    }

    static void write(Out out, Stamp stamp) throws IOException {
        out.writeLong(stamp.millis());
        out.writeInt(stamp.counter());
        out.writeByte(stamp.instance());
    }

    static Stamp read(In in) throws IOException {
        long millis = in.readLong();
        int counter = in.readInt();
        int instance = in.readUnsignedByte();
        if (instance == 0) {
            throw new IOException("a stamp with instance 0");
        }
        return new Stamp(millis, counter, instance);
    }
}
