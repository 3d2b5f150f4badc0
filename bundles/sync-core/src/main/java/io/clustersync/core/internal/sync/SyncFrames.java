package io.clustersync.core.internal.sync;

import io.clustersync.core.internal.bus.Frame;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The configuration-sync messages on the cluster bus.
 * <ul>
 *   <li>CHANGE (primary to secondary): sequence, payload of a committed change</li>
 *   <li>ACK (secondary to primary): sequence, applied or not, reason</li>
 *   <li>POSITION (secondary to primary, every second): the last sequence applied</li>
 *   <li>FORWARD (secondary to primary): request id, a change an operator asked for</li>
 *   <li>RESULT (primary to secondary): request id, accepted or not, message, sequence, created id</li>
 * </ul>
 */
final class SyncFrames {

    static final byte CHANGE = Frame.FIRST_APPLICATION_TYPE;
    static final byte ACK = Frame.FIRST_APPLICATION_TYPE + 1;
    static final byte POSITION = Frame.FIRST_APPLICATION_TYPE + 2;
    static final byte FORWARD = Frame.FIRST_APPLICATION_TYPE + 3;
    static final byte RESULT = Frame.FIRST_APPLICATION_TYPE + 4;

    record Change(long seq, byte[] payload) { }

    record Ack(long seq, boolean applied, String reason) { }

    record Result(long requestId, boolean accepted, String message, long seq, String created) { }

    record Forward(long requestId, byte[] mutation) { }

    private SyncFrames() {
    }

    static Frame change(long seq, byte[] payload) {
        return new Frame(CHANGE, Frame.write(out -> {
            out.writeLong(seq);
            out.writeInt(payload.length);
            out.write(payload);
        }));
    }

    static Change change(Frame frame) {
        return read(frame, in -> {
            long seq = in.readLong();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new Change(seq, payload);
        });
    }

    static Frame ack(long seq, boolean applied, String reason) {
        return new Frame(ACK, Frame.write(out -> {
            out.writeLong(seq);
            out.writeBoolean(applied);
            out.writeUTF(reason == null ? "" : truncate(reason));
        }));
    }

    static Ack ack(Frame frame) {
        return read(frame, in -> new Ack(in.readLong(), in.readBoolean(), in.readUTF()));
    }

    /** A secondary's position: the last change applied, and how many shipped changes it could not apply. */
    record Position(long seq, long failed) { }

    static Frame position(long seq, long failed) {
        return new Frame(POSITION, Frame.write(out -> {
            out.writeLong(seq);
            out.writeLong(failed);
        }));
    }

    static Position position(Frame frame) {
        return read(frame, in -> new Position(in.readLong(), in.readLong()));
    }

    static Frame forward(long requestId, byte[] mutation) {
        return new Frame(FORWARD, Frame.write(out -> {
            out.writeLong(requestId);
            out.writeInt(mutation.length);
            out.write(mutation);
        }));
    }

    static Forward forward(Frame frame) {
        return read(frame, in -> {
            long id = in.readLong();
            byte[] mutation = new byte[in.readInt()];
            in.readFully(mutation);
            return new Forward(id, mutation);
        });
    }

    static Frame result(Result r) {
        return new Frame(RESULT, Frame.write(out -> {
            out.writeLong(r.requestId());
            out.writeBoolean(r.accepted());
            out.writeUTF(truncate(r.message()));
            out.writeLong(r.seq());
            out.writeUTF(r.created());
        }));
    }

    static Result result(Frame frame) {
        return read(frame, in -> new Result(in.readLong(), in.readBoolean(), in.readUTF(), in.readLong(), in.readUTF()));
    }

    private static String truncate(String text) {
        return text.length() > 8000 ? text.substring(0, 8000) : text;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> T read(Frame frame, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame.payload()))) {
            return reader.read(in);
        } catch (IOException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("malformed sync frame of type " + frame.type() + ": " + e, e);
        }
    }
}
