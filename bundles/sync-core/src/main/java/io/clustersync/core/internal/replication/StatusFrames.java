package io.clustersync.core.internal.replication;

import io.clustersync.core.api.SourceStatus;
import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.bus.FrameTypes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bus frames by which any node asks the node running a database's replication for its statuses:
 * {@code QUERY <request id> <database id>} and {@code ANSWER <request id> <statuses>}.
 */
final class StatusFrames {

    static final byte QUERY = FrameTypes.STATUS_QUERY;
    static final byte ANSWER = FrameTypes.STATUS_ANSWER;
    static final int MAX_STATUSES = 64;

    record Query(long requestId, int databaseId) { }

    record Answer(long requestId, List<SourceStatus> statuses) { }

    private StatusFrames() {
    }

    static Frame query(long requestId, int databaseId) {
        return new Frame(QUERY, Frame.write(out -> {
            out.writeLong(requestId);
            out.writeInt(databaseId);
        }));
    }

    static Query query(Frame frame) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame.payload()))) {
            return new Query(in.readLong(), in.readInt());
        }
    }

    static Frame answer(long requestId, List<SourceStatus> statuses) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(requestId);
            out.writeInt(statuses.size());
            for (SourceStatus s : statuses) {
                out.writeInt(s.databaseId());
                out.writeInt(s.sourceIndex());
                out.writeUTF(s.source());
                out.writeInt(s.nodeId());
                out.writeUTF(s.mode());
                out.writeUTF(s.implementation());
                out.writeUTF(s.state());
                out.writeUTF(clip(s.detail()));
                SourceStatus.Figures f = s.figures();
                for (long value : new long[] {f.lagMs(), f.sourceOffset(), f.destinationOffset(), f.ingressBytes(),
                        f.opsPerSecond(), f.fullSyncs(), f.partialSyncs()}) {
                    out.writeLong(value);
                }
                out.writeUTF(clip(f.lastError()));
                out.writeInt(f.connections());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Frame(ANSWER, bytes.toByteArray());
    }

    static Answer answer(Frame frame) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame.payload()))) {
            long id = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > MAX_STATUSES) {
                throw new IOException("bad status count " + n);
            }
            List<SourceStatus> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int db = in.readInt();
                int index = in.readInt();
                String source = in.readUTF();
                int node = in.readInt();
                String mode = in.readUTF();
                String implementation = in.readUTF();
                String state = in.readUTF();
                String detail = in.readUTF();
                long[] v = new long[7];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readLong();
                }
                String lastError = in.readUTF();
                int connections = in.readInt();
                out.add(new SourceStatus(db, index, source, node, mode, implementation, state, detail,
                        new SourceStatus.Figures(v[0], v[1], v[2], v[3], v[4], v[5], v[6], lastError, connections)));
            }
            return new Answer(id, out);
        }
    }

    /** writeUTF takes at most 64 KB; a detail is never that long, but an error message from afar might be. */
    private static String clip(String text) {
        return text.length() > 8000 ? text.substring(0, 8000) + "..." : text;
    }
}
