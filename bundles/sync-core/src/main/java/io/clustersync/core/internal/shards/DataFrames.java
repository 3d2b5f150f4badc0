package io.clustersync.core.internal.shards;

import io.clustersync.core.api.ProxyBinding;
import io.clustersync.core.api.PubSubRequest;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.ShardStats;
import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.bus.FrameTypes;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of the data plane on the cluster bus: a command for a shard mastered elsewhere and its reply (matched
 * by a request id, so that many travel at once), and the question of a node's shard figures and proxy bindings.
 */
final class DataFrames {

    static final byte COMMAND = FrameTypes.DATA_COMMAND;
    static final byte REPLY = FrameTypes.DATA_REPLY;
    static final byte QUERY = FrameTypes.DATA_QUERY;
    static final byte ANSWER = FrameTypes.DATA_ANSWER;
    static final byte CANCEL = FrameTypes.DATA_CANCEL;
    static final byte PUBSUB = FrameTypes.DATA_PUBSUB;
    static final byte PUBSUB_ANSWER = FrameTypes.DATA_PUBSUB_ANSWER;

    private DataFrames() {
    }

    static Frame command(long requestId, int shardId, byte[][] args) {
        return new Frame(COMMAND, Frame.write(16 + (int) StreamFrames.argBytes(args), out -> {
            out.writeLong(requestId);
            out.writeInt(shardId);
            out.writeInt(args.length);
            for (byte[] arg : args) {
                out.writeInt(arg.length);
                out.write(arg);
            }
        }));
    }

    record Command(long requestId, int shardId, byte[][] args) {
    }

    static Command readCommand(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        long id = in.readLong();
        int shardId = in.readInt();
        int argc = in.readInt();
        if (argc < 0 || argc > frame.payload().length) {
            throw new IOException("bad argument count " + argc);
        }
        byte[][] args = new byte[argc][];
        for (int i = 0; i < args.length; i++) {
            int length = in.readInt();
            if (length < 0 || length > frame.payload().length) {
                throw new IOException("bad argument length " + length);
            }
            args[i] = new byte[length];
            in.readFully(args[i]);
        }
        return new Command(id, shardId, args);
    }

    /** Withdraws a command still waiting on its node (a blocking pop whose client went away). */
    static Frame cancel(long requestId) {
        return new Frame(CANCEL, Frame.write(8, out -> out.writeLong(requestId)));
    }

    static Frame pubsub(long requestId, PubSubRequest request) {
        return new Frame(PUBSUB, Frame.write(out -> {
            out.writeLong(requestId);
            out.writeByte(request.kind().ordinal());
            out.writeInt(request.databaseId());
            out.writeInt(request.args().size());
            for (byte[] arg : request.args()) {
                out.writeInt(arg.length);
                out.write(arg);
            }
        }));
    }

    static PubSubRequest readPubSub(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        in.readLong();
        int kind = in.readByte();
        if (kind < 0 || kind >= PubSubRequest.Kind.values().length) {
            throw new IOException("unknown pub/sub request kind " + kind);
        }
        int databaseId = in.readInt();
        int argc = in.readInt();
        if (argc < 0 || argc > frame.payload().length) {
            throw new IOException("bad argument count " + argc);
        }
        List<byte[]> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            int length = in.readInt();
            if (length < 0 || length > frame.payload().length) {
                throw new IOException("bad argument length " + length);
            }
            byte[] arg = new byte[length];
            in.readFully(arg);
            args.add(arg);
        }
        return new PubSubRequest(PubSubRequest.Kind.values()[kind], databaseId, args);
    }

    static Frame pubsubAnswer(long requestId, Reply reply) {
        return new Frame(PUBSUB_ANSWER, Frame.write(sizeHint(reply), out -> {
            out.writeLong(requestId);
            writeReply(out, reply);
        }));
    }

    static Frame reply(long requestId, Reply reply) {
        return new Frame(REPLY, Frame.write(sizeHint(reply), out -> {
            out.writeLong(requestId);
            writeReply(out, reply);
        }));
    }

    static long requestId(Frame frame) throws IOException {
        return input(frame).readLong();
    }

    static Reply readReply(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        in.readLong();
        return readReply(in, 0);
    }

    /** The bytes a reply frame takes when the reply is a status, a number or a bulk string; a guess otherwise. */
    private static int sizeHint(Reply reply) {
        if (reply instanceof Reply.Int) {
            return 8 + 1 + 8;
        }
        if (reply instanceof Reply.Bulk b) {
            return 8 + 1 + 4 + (b.value() == null ? 0 : b.value().length);
        }
        if (reply instanceof Reply.Simple s) {
            return 8 + 1 + 2 + s.text().length(); // exact when the text is ASCII, as statuses are
        }
        return 256;
    }

    private static void writeReply(DataOutputStream out, Reply reply) throws IOException {
        if (reply instanceof Reply.Simple s) {
            out.writeByte('+');
            out.writeUTF(s.text());
        } else if (reply instanceof Reply.Err e) {
            out.writeByte('-');
            out.writeUTF(e.message());
        } else if (reply instanceof Reply.Int i) {
            out.writeByte(':');
            out.writeLong(i.value());
        } else if (reply instanceof Reply.Bulk b) {
            out.writeByte('$');
            out.writeInt(b.value() == null ? -1 : b.value().length);
            if (b.value() != null) {
                out.write(b.value());
            }
        } else if (reply instanceof Reply.Real r) {
            out.writeByte(',');
            out.writeUTF(r.text());
        } else if (reply instanceof Reply.Verbatim v) {
            byte[] text = v.text().getBytes(StandardCharsets.UTF_8);
            out.writeByte('=');
            out.writeInt(text.length);
            out.write(text);
        } else if (reply instanceof Reply.Multi m) {
            out.writeByte(switch (m.shape()) {
                case ARRAY -> '*';
                case MAP -> '%';
                case SET -> '~';
                case PAIRS -> 'P';
                case PUSH -> '>';
                case REPLIES -> 'R';
            });
            out.writeInt(m.items() == null ? -1 : m.items().size());
            if (m.items() != null) {
                for (Reply item : m.items()) {
                    writeReply(out, item);
                }
            }
        }
    }

    private static Reply readReply(DataInputStream in, int depth) throws IOException {
        if (depth > 32) {
            throw new IOException("reply nested more than 32 deep");
        }
        int type = in.readByte();
        switch (type) {
            case '+':
                return new Reply.Simple(in.readUTF());
            case '-':
                return new Reply.Err(in.readUTF());
            case ':':
                return Reply.integer(in.readLong());
            case '$': {
                int length = in.readInt();
                if (length < 0) {
                    return Reply.NIL;
                }
                byte[] value = new byte[length];
                in.readFully(value);
                return new Reply.Bulk(value);
            }
            case ',':
                return new Reply.Real(in.readUTF());
            case '=': {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IOException("verbatim reply of " + length + " bytes, " + in.available() + " left");
                }
                byte[] text = new byte[length];
                in.readFully(text);
                return new Reply.Verbatim(new String(text, StandardCharsets.UTF_8));
            }
            case '*':
            case '%':
            case '~':
            case 'P':
            case '>':
            case 'R': {
                int count = in.readInt();
                if (count < 0) {
                    return Reply.NIL_ARRAY;
                }
                List<Reply> items = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    items.add(readReply(in, depth + 1));
                }
                return new Reply.Multi(items, switch (type) {
                    case '%' -> Reply.Shape.MAP;
                    case '~' -> Reply.Shape.SET;
                    case 'P' -> Reply.Shape.PAIRS;
                    case '>' -> Reply.Shape.PUSH;
                    case 'R' -> Reply.Shape.REPLIES;
                    default -> Reply.Shape.ARRAY;
                });
            }
            default:
                throw new IOException("unknown reply type " + type);
        }
    }

    static Frame query(long requestId, int databaseId) {
        return new Frame(QUERY, Frame.write(out -> {
            out.writeLong(requestId);
            out.writeInt(databaseId);
        }));
    }

    static int queriedDatabase(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        in.readLong();
        return in.readInt();
    }

    static Frame answer(long requestId, List<ShardStats> shards, List<ProxyBinding> bindings) {
        return new Frame(ANSWER, Frame.write(out -> {
            out.writeLong(requestId);
            out.writeInt(shards.size());
            for (ShardStats s : shards) {
                out.writeInt(s.shardId());
                out.writeInt(s.databaseId());
                out.writeInt(s.nodeId());
                out.writeUTF(s.role());
                out.writeUTF(s.slots());
                out.writeLong(s.keys());
                out.writeLong(s.expires());
                out.writeLong(s.memoryBytes());
                out.writeUTF(s.replicationId());
                out.writeLong(s.offset());
                out.writeLong(s.backlogBytes());
                out.writeLong(s.backlogFirstOffset());
                out.writeLong(s.fullSyncs());
                out.writeLong(s.partialSyncs());
            }
            out.writeInt(bindings.size());
            for (ProxyBinding b : bindings) {
                out.writeUTF(b.endpointId());
                out.writeInt(b.databaseId());
                out.writeInt(b.nodeId());
                out.writeUTF(b.address());
                out.writeInt(b.port());
                out.writeUTF(b.policy());
                out.writeInt(b.connections());
                out.writeLong(b.commands());
                out.writeDouble(b.opsPerSecond());
                out.writeUTF(b.announced());
            }
        }));
    }

    record Answer(List<ShardStats> shards, List<ProxyBinding> bindings) {
    }

    static Answer readAnswer(Frame frame) throws IOException {
        DataInputStream in = input(frame);
        in.readLong();
        List<ShardStats> shards = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            shards.add(new ShardStats(in.readInt(), in.readInt(), in.readInt(), in.readUTF(), in.readUTF(), true,
                    in.readLong(), in.readLong(), in.readLong(), in.readUTF(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong()));
        }
        List<ProxyBinding> bindings = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            bindings.add(new ProxyBinding(in.readUTF(), in.readInt(), in.readInt(), in.readUTF(), in.readInt(), in.readUTF(),
                    in.readInt(), in.readLong(), in.readDouble(), in.readUTF()));
        }
        return new Answer(shards, bindings);
    }

    private static DataInputStream input(Frame frame) {
        return frame.input();
    }
}
