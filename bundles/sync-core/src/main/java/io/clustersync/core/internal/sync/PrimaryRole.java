package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.NodeSyncStatus;
import io.clustersync.core.api.PeerStatus;
import io.clustersync.core.internal.modelsync.SyncedModel;
import io.clustersync.core.internal.model.ModelCommand;
import io.clustersync.core.internal.model.ConfigSyncLink;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The primary's side of dynamic synchronization: pushes each committed change to every secondary whose link
 * is up, records what each one applied, re-sends from the change log to a secondary that reports a lower
 * position, and runs the changes secondaries forward.
 */
final class PrimaryRole {

    static final int RESEND_BATCH = 500;
    static final long RESEND_PAUSE_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(PrimaryRole.class);

    private final NodeIdentity me;
    private final SyncedModel replica;
    private final BusMessaging bus;
    private final ClusterBus busStatus;
    private final Executor worker;
    private final SyncErrors errors;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private final Map<Integer, String> lastError = new ConcurrentHashMap<>();
    private final Map<Integer, Long> failed = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> needsFull = new ConcurrentHashMap<>();
    private final Map<Integer, long[]> lastResend = new ConcurrentHashMap<>();
    /** The highest change sent to each node in order; a new change is pushed only to nodes that have the one before. */
    private final Map<Integer, Long> sent = new HashMap<>();
    private volatile boolean paused;

    PrimaryRole(NodeIdentity me, SyncedModel replica, BusMessaging bus, ClusterBus busStatus, Executor worker, SyncErrors errors) {
        this.me = me;
        this.replica = replica;
        this.bus = bus;
        this.busStatus = busStatus;
        this.worker = worker;
        this.errors = errors;
    }

    /** Stops pushing changes (they are still ordered and logged) while Synchronize All runs. */
    synchronized void pause() {
        paused = true;
    }

    /** Pushing resumes; the nodes that switched over stand at {@code seq} and get what followed it. */
    synchronized void resumeAfterFullSync(List<Integer> switched, long seq) {
        for (int id : switched) {
            applied.put(id, seq);
            sent.put(id, seq);
            failed.put(id, 0L);
            needsFull.put(id, false);
            lastError.remove(id);
        }
        paused = false;
    }

    synchronized void committed(long seq, byte[] payload) {
        if (paused) {
            return;
        }
        Frame frame = SyncFrames.change(seq, payload);
        for (var member : me.members()) {
            if (member.id() != me.nodeId() && sent.getOrDefault(member.id(), -1L) == seq - 1
                    && bus.send(member.id(), frame)) {
                sent.put(member.id(), seq);
            }
        }
    }

    void onAck(int from, Frame frame) {
        SyncFrames.Ack ack = SyncFrames.ack(frame);
        applied.merge(from, ack.seq(), Math::max);
        if (ack.applied() && !ack.reason().isEmpty()) {
            // applied, with something the operator must hear (an account's home not made or not owned there)
            String note = "change " + ack.seq() + " applied on node:" + from + ", but " + ack.reason();
            LOG.warn("{}", note);
            errors.add(note);
        } else if (!ack.applied()) {
            failed.merge(from, 1L, Long::sum);
            String reason = "change " + ack.seq() + " on node:" + from + ": " + ack.reason();
            lastError.put(from, ack.reason());
            LOG.warn("{}", reason);
            errors.add(reason);
        }
    }

    /** A secondary's position: remember it, and send what it lacks (paced, so a slow node is not flooded). */
    void onPosition(int from, Frame frame) {
        SyncFrames.Position reported = SyncFrames.position(frame);
        long position = reported.seq();
        applied.put(from, position);
        failed.put(from, reported.failed());
        needsFull.put(from, reported.needsFullSync());
        worker.execute(() -> resend(from, position));
    }

    private synchronized void resend(int from, long position) {
        if (paused) {
            return;
        }
        long last = replica.appliedSeq();
        if (position >= last) {
            sent.put(from, last);
            return;
        }
        if (!bus.isLinkUp(from)) {
            return;
        }
        long now = System.currentTimeMillis();
        long[] previous = lastResend.get(from);
        if (previous != null && previous[0] == position && now - previous[1] < RESEND_PAUSE_MS) {
            return;
        }
        List<byte[]> missing = replica.logAfter(position, RESEND_BATCH);
        long seq = position;
        for (byte[] payload : missing) {
            if (!bus.send(from, SyncFrames.change(seq + 1, payload))) {
                break;
            }
            seq++;
        }
        if (seq > position) {
            lastResend.put(from, new long[] {position, now});
            sent.put(from, seq);
            LOG.info("node:{} is at change {} of {}: sent {} change(s) from the log", from, position, last, seq - position);
        }
    }

    void onForward(int from, Frame frame) {
        SyncFrames.Forward forward = SyncFrames.forward(frame);
        worker.execute(() -> {
            SyncFrames.Result result;
            try {
                ModelCommand mutation = ModelCommand.decode(forward.mutation());
                ConfigSyncLink.Forwarded done = replica.execute(mutation);
                LOG.info("ordered change {} forwarded by node:{}: {}", done.seq(), from, mutation);
                result = new SyncFrames.Result(forward.requestId(), true, "", done.seq(), done.result());
            } catch (ModelException | IllegalArgumentException | IllegalStateException e) {
                result = new SyncFrames.Result(forward.requestId(), false, String.valueOf(e.getMessage()), 0, "");
            }
            if (!bus.send(from, SyncFrames.result(result))) {
                LOG.warn("cannot answer node:{} (request {}): its link is down", from, forward.requestId());
            }
        });
    }

    List<NodeSyncStatus> nodes() {
        long last = replica.appliedSeq();
        Map<Integer, Boolean> online = new HashMap<>();
        for (PeerStatus peer : busStatus.peers()) {
            online.put(peer.nodeId(), peer.online());
        }
        List<NodeSyncStatus> out = new ArrayList<>();
        for (var member : me.members()) {
            if (member.id() == me.nodeId()) {
                out.add(new NodeSyncStatus(member.id(), NodeSyncStatus.State.SYNCED, last, ""));
                continue;
            }
            long at = applied.getOrDefault(member.id(), 0L);
            NodeSyncStatus.State state = !online.getOrDefault(member.id(), false) ? NodeSyncStatus.State.OFFLINE
                    : needsFull.getOrDefault(member.id(), false) ? NodeSyncStatus.State.NEEDS_FULL_SYNC
                    : at >= last && failed.getOrDefault(member.id(), 0L) == 0 ? NodeSyncStatus.State.SYNCED : NodeSyncStatus.State.BEHIND;
            out.add(new NodeSyncStatus(member.id(), state, at, lastError.getOrDefault(member.id(), "")));
        }
        return out;
    }
}
