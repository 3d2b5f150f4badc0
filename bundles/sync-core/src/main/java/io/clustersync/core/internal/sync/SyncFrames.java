package io.clustersync.core.internal.sync;

import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.bus.FrameTypes;
import io.clustersync.core.internal.fullsync.SyncedTable;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static final byte CHANGE = FrameTypes.SYNC_CHANGE;
    static final byte ACK = FrameTypes.SYNC_ACK;
    static final byte POSITION = FrameTypes.SYNC_POSITION;
    static final byte FORWARD = FrameTypes.SYNC_FORWARD;
    static final byte RESULT = FrameTypes.SYNC_RESULT;
    static final byte FULL_REQUEST = FrameTypes.SYNC_FULL_REQUEST;
    static final byte FULL_MANIFEST = FrameTypes.SYNC_FULL_MANIFEST;
    static final byte FULL_PLAN = FrameTypes.SYNC_FULL_PLAN;
    static final byte FULL_DONE = FrameTypes.SYNC_FULL_DONE;
    static final byte FACTS_REQUEST = FrameTypes.SYNC_FACTS_REQUEST;
    static final byte FACTS = FrameTypes.SYNC_FACTS;
    static final byte PROMOTE = FrameTypes.SYNC_PROMOTE;
    static final byte FULL_SUMMARY_REQUEST = FrameTypes.SYNC_FULL_SUMMARY_REQUEST;
    static final byte FULL_SUMMARY = FrameTypes.SYNC_FULL_SUMMARY;
    static final byte FULL_SNAPSHOT = FrameTypes.SYNC_FULL_SNAPSHOT;

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

    /**
     * A secondary's position: the last change applied, the changes it could not apply, its need of a full sync,
     * and the clustersync version it runs.
     */
    record Position(long seq, long failed, boolean needsFullSync, String version) { }

    static Frame position(long seq, long failed, boolean needsFullSync, String version) {
        return new Frame(POSITION, Frame.write(out -> {
            out.writeLong(seq);
            out.writeLong(failed);
            out.writeBoolean(needsFullSync);
            out.writeUTF(version);
        }));
    }

    static Position position(Frame frame) {
        return read(frame, in -> new Position(in.readLong(), in.readLong(), in.readBoolean(), in.readUTF()));
    }

    /** Synchronize All, primary to secondary: the job and the tables it carries. */
    /**
     * Synchronize All (or verify) asks for a node's digests; {@code aggregates} are the primary's digest per
     * table and of its files, so that what is the same is answered in a word (empty for verify).
     */
    record FullRequest(String jobId, List<SyncedTable> tables,
                       List<String> filePatterns, List<String> fileExclusions,
                       Map<String, String> aggregates) { }

    static Frame fullRequest(FullRequest r) {
        return fullRequest(FULL_REQUEST, r);
    }

    /**
     * Synchronize All first asks only for a node's aggregate digest per table and of its files (the frame of
     * {@link #fullRequest(FullRequest)}, without the primary's aggregates): what is the same needs nothing more.
     */
    static Frame summaryRequest(FullRequest r) {
        return fullRequest(FULL_SUMMARY_REQUEST, r);
    }

    private static Frame fullRequest(byte type, FullRequest r) {
        return new Frame(type, Frame.write(out -> {
            out.writeUTF(r.jobId());
            out.writeInt(r.tables().size());
            for (var t : r.tables()) {
                out.writeUTF(t.name());
                out.writeUTF(t.rowFilter());
            }
            writeStrings(out, r.filePatterns());
            writeStrings(out, r.fileExclusions());
            writeMap(out, r.aggregates());
        }));
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000) {
            throw new IOException("bad count " + n);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    static FullRequest fullRequest(Frame frame) {
        return read(frame, in -> {
            String job = in.readUTF();
            int n = in.readInt();
            List<SyncedTable> tables = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tables.add(new SyncedTable(in.readUTF(), in.readUTF()));
            }
            List<String> patterns = readStrings(in);
            List<String> exclusions = readStrings(in);
            return new FullRequest(job, tables, patterns, exclusions, readMap(in));
        });
    }

    /** A secondary's aggregate digest per table and of its files ({@code #FILES}), for one job. */
    record Summary(String jobId, Map<String, String> aggregates) { }

    static Frame summary(Summary s) {
        return new Frame(FULL_SUMMARY, Frame.write(out -> {
            out.writeUTF(s.jobId());
            writeMap(out, s.aggregates());
        }));
    }

    static Summary summary(Frame frame) {
        return read(frame, in -> new Summary(in.readUTF(), readMap(in)));
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (var e : map.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000) {
            throw new IOException("bad count " + n);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }

    /** A job id with a blob: a secondary's manifest, or the primary's plan. */
    record JobData(String jobId, byte[] data) { }

    static Frame jobData(byte type, JobData d) {
        return new Frame(type, Frame.write(out -> {
            out.writeUTF(d.jobId());
            out.writeInt(d.data().length);
            out.write(d.data());
        }));
    }

    static JobData jobData(Frame frame) {
        return read(frame, in -> {
            String job = in.readUTF();
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            return new JobData(job, data);
        });
    }

    /** One part of a Synchronize All plan: part {@code index} (from 0) of {@code count}, in order. */
    record PlanPart(String jobId, int index, int count, byte[] data) { }

    static Frame planPart(PlanPart p) {
        // sized for a job id in ASCII, as the primary names its jobs: an 8 MB part is written without growing
        int size = 2 + p.jobId().length() + 3 * Integer.BYTES + p.data().length;
        return new Frame(FULL_PLAN, Frame.write(size, out -> {
            out.writeUTF(p.jobId());
            out.writeInt(p.index());
            out.writeInt(p.count());
            out.writeInt(p.data().length);
            out.write(p.data());
        }));
    }

    static PlanPart planPart(Frame frame) {
        return read(frame, in -> {
            String job = in.readUTF();
            int index = in.readInt();
            int count = in.readInt();
            int length = in.readInt();
            if (count < 1 || index < 0 || index >= count || length < 0) {
                throw new IOException("bad plan part " + index + " of " + count + " (" + length + " bytes)");
            }
            byte[] data = new byte[length];
            in.readFully(data);
            return new PlanPart(job, index, count, data);
        });
    }

    /**
     * One part of a Synchronize All snapshot: part {@code index} (from 0) of the compressed stream, in order;
     * {@code last}: the stream ends with this part (which may be empty).
     */
    record SnapshotPart(String jobId, int index, boolean last, byte[] data) { }

    static Frame snapshotPart(SnapshotPart p) {
        int size = 2 + p.jobId().length() + 2 * Integer.BYTES + 1 + p.data().length;
        return new Frame(FULL_SNAPSHOT, Frame.write(size, out -> {
            out.writeUTF(p.jobId());
            out.writeInt(p.index());
            out.writeBoolean(p.last());
            out.writeInt(p.data().length);
            out.write(p.data());
        }));
    }

    static SnapshotPart snapshotPart(Frame frame) {
        return read(frame, in -> {
            String job = in.readUTF();
            int index = in.readInt();
            boolean last = in.readBoolean();
            int length = in.readInt();
            if (index < 0 || length < 0 || length > MAX_SNAPSHOT_PART) {
                throw new IOException("bad snapshot part " + index + " (" + length + " bytes)");
            }
            byte[] data = new byte[length];
            in.readFully(data);
            return new SnapshotPart(job, index, last, data);
        });
    }

    /** The largest part of a snapshot a node takes. */
    static final int MAX_SNAPSHOT_PART = 16 * 1024 * 1024;

    /** A secondary's answer to a plan: switched over or not, and why. */
    record FullDone(String jobId, boolean ok, String detail) { }

    static Frame fullDone(FullDone d) {
        return new Frame(FULL_DONE, Frame.write(out -> {
            out.writeUTF(d.jobId());
            out.writeBoolean(d.ok());
            out.writeUTF(truncate(d.detail()));
        }));
    }

    static FullDone fullDone(Frame frame) {
        return read(frame, in -> new FullDone(in.readUTF(), in.readBoolean(), in.readUTF()));
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
