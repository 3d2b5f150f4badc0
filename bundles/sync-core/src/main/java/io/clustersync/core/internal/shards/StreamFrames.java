package io.clustersync.core.internal.shards;

import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.bus.FrameTypes;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The frames of a shard's replication stream relayed over the cluster bus: the consumer's node opens and closes
 * it, the node holding the shard sends its events, each tagged with the stream's id.
 */
final class StreamFrames {

    static final byte OPEN = FrameTypes.STREAM_OPEN;
    static final byte EVENT = FrameTypes.STREAM_EVENT;
    static final byte CLOSE = FrameTypes.STREAM_CLOSE;

    static final byte FULL = 'F';
    static final byte SNAPSHOT = 'S';
    static final byte SNAPSHOT_END = 'E';
    static final byte PARTIAL = 'P';
    static final byte WRITE = 'W';
    static final byte ENDED = 'X';

    private StreamFrames() {
    }

    record Open(long streamId, int shardId, String replicationId, long offset) {
    }

    /** One event; {@code text} is the replication id or the reason, {@code args} the write, each may be null. */
    record Event(long streamId, byte kind, long offset, String text, byte[][] args) {
    }

    static Frame open(Open open) {
        return new Frame(OPEN, Frame.write(out -> {
            out.writeLong(open.streamId());
            out.writeInt(open.shardId());
            out.writeUTF(open.replicationId());
            out.writeLong(open.offset());
        }));
    }

    static Open readOpen(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        return new Open(in.readLong(), in.readInt(), in.readUTF(), in.readLong());
    }

    static Frame close(long streamId) {
        return new Frame(CLOSE, Frame.write(out -> out.writeLong(streamId)));
    }

    static long readClose(Frame frame) throws IOException {
        return input(frame).readLong();
    }

    static Frame event(Event event) {
        return new Frame(EVENT, Frame.write(out -> {
            out.writeLong(event.streamId());
            out.writeByte(event.kind());
            out.writeLong(event.offset());
            out.writeUTF(event.text() == null ? "" : event.text());
            writeArgs(out, event.args());
        }));
    }

    static Event readEvent(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        long id = in.readLong();
        byte kind = in.readByte();
        long offset = in.readLong();
        String text = in.readUTF();
        int argc = in.readInt();
        byte[][] args = null;
        if (argc >= 0) {
            args = new byte[argc][];
            for (int i = 0; i < argc; i++) {
                args[i] = new byte[in.readInt()];
                in.readFully(args[i]);
            }
        }
        return new Event(id, kind, offset, text, args);
    }

    private static void writeArgs(DataOutputStream out, byte[][] args) throws IOException {
        if (args == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(args.length);
        for (byte[] arg : args) {
            out.writeInt(arg.length);
            out.write(arg);
        }
    }

    private static DataInputStream input(Frame frame) {
        return new DataInputStream(new ByteArrayInputStream(frame.payload()));
    }
}
