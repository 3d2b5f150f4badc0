package io.clustersync.core.internal.shards;

import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.bus.FrameTypes;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of a shard's replication stream relayed over the cluster bus: the consumer's node opens and closes
 * it, the node holding the shard sends its events, those that came together in one frame tagged with the
 * stream's id.
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

    /** One event in a frame of its own. */
    static Frame event(Event event) {
        return events(event.streamId(), List.of(event));
    }

    /** Events of one stream, in order, in one frame. */
    static Frame events(long streamId, List<Event> events) {
        return new Frame(EVENT, Frame.write(eventsSize(events), out -> {
            out.writeLong(streamId);
            out.writeInt(events.size());
            for (Event event : events) {
                out.writeByte(event.kind());
                out.writeLong(event.offset());
                out.writeUTF(event.text() == null ? "" : event.text());
                writeArgs(out, event.args());
            }
        }));
    }

    static List<Event> readEvents(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        long id = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > frame.payload().length) {
            throw new IOException("bad event count " + count);
        }
        List<Event> events = new ArrayList<>(count);
        for (int e = 0; e < count; e++) {
            byte kind = in.readByte();
            long offset = in.readLong();
            String text = in.readUTF();
            int argc = in.readInt();
            byte[][] args = null;
            if (argc > frame.payload().length) {
                throw new IOException("bad argument count " + argc);
            }
            if (argc >= 0) {
                args = new byte[argc][];
                for (int i = 0; i < argc; i++) {
                    int length = in.readInt();
                    if (length < 0 || length > frame.payload().length) {
                        throw new IOException("bad argument length " + length);
                    }
                    args[i] = new byte[length];
                    in.readFully(args[i]);
                }
            }
            events.add(new Event(id, kind, offset, text, args));
        }
        return events;
    }

    /** The bytes {@link #events} takes for these events when their texts are ASCII (as replication ids are). */
    private static int eventsSize(List<Event> events) {
        long n = 12;
        for (Event event : events) {
            n += 1 + 8 + 2 + (event.text() == null ? 0 : event.text().length()) + 4 + argBytes(event.args());
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 16);
    }

    /** The bytes of a write's arguments. */
    static long argBytes(byte[][] args) {
        long n = 0;
        if (args != null) {
            for (byte[] arg : args) {
                n += 4 + arg.length;
            }
        }
        return n;
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
        return frame.input();
    }
}
