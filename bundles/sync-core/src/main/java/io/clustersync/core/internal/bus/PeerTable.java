package io.clustersync.core.internal.bus;

import io.clustersync.core.api.BusRefusal;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.PeerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Who is online: a peer is online while its heartbeats arrive, and offline once none came for
 * {@link #OFFLINE_AFTER_MS}. Also keeps the last error of each outbound link and the recent refusals.
 */
final class PeerTable {

    static final long OFFLINE_AFTER_MS = 3000;
    static final int MAX_REFUSALS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(PeerTable.class);

    private static final class Entry {
        final ClusterNode node;
        long lastSeenMs;
        boolean online;
        String lastError = "";

        Entry(ClusterNode node) {
            this.node = node;
        }
    }

    private final Map<Integer, Entry> entries = new TreeMap<>();
    private final Deque<BusRefusal> refusals = new ArrayDeque<>();
    /** A refusal repeated by a retrying peer is logged once a minute, not on every retry. */
    static final long REPEAT_LOG_AFTER_MS = 60_000;
    private final Map<String, Long> lastLogged = new HashMap<>();
    private final LongSupplier clock;
    private volatile IntConsumer onlineListener = id -> { };

    PeerTable(List<ClusterNode> peers, LongSupplier clock) {
        peers.forEach(p -> entries.put(p.id(), new Entry(p)));
        this.clock = clock;
    }

    /** Told the id of a peer each time it comes online. */
    void onOnline(IntConsumer listener) {
        this.onlineListener = listener;
    }

    synchronized ClusterNode node(int nodeId) {
        Entry e = entries.get(nodeId);
        return e == null ? null : e.node;
    }

    void heard(int nodeId) {
        boolean cameOnline;
        synchronized (this) {
            Entry e = entries.get(nodeId);
            if (e == null) {
                return;
            }
            e.lastSeenMs = clock.getAsLong();
            cameOnline = !e.online;
            if (cameOnline) {
                e.online = true;
                LOG.info("{} at {} is online", e.node.ref(), e.node.address());
            }
        }
        if (cameOnline) {
            onlineListener.accept(nodeId);
        }
    }

    /** Marks peers offline whose heartbeats stopped; called periodically. */
    synchronized void expire() {
        long now = clock.getAsLong();
        for (Entry e : entries.values()) {
            if (e.online && now - e.lastSeenMs > OFFLINE_AFTER_MS) {
                e.online = false;
                LOG.info("{} at {} is offline: no heartbeat for {} ms", e.node.ref(), e.node.address(), now - e.lastSeenMs);
            }
        }
    }

    synchronized void linkError(int nodeId, String error) {
        Entry e = entries.get(nodeId);
        if (e != null && !error.equals(e.lastError)) {
            e.lastError = error;
            LOG.warn("bus link to {} at {}:{}: {}", e.node.ref(), e.node.address(), e.node.busPort(), error);
        }
    }

    synchronized void linkUp(int nodeId) {
        Entry e = entries.get(nodeId);
        if (e != null) {
            e.lastError = "";
        }
    }

    synchronized void refused(String remote, String reason) {
        String host = remote.contains(":") ? remote.substring(0, remote.lastIndexOf(':')) : remote;
        Long logged = lastLogged.get(host + " " + reason);
        long now = clock.getAsLong();
        if (logged == null || now - logged > REPEAT_LOG_AFTER_MS) {
            LOG.warn("cluster bus refused {}: {}", remote, reason);
            lastLogged.put(host + " " + reason, now);
        } else {
            LOG.debug("cluster bus refused {} again: {}", remote, reason);
        }
        refusals.addLast(new BusRefusal(clock.getAsLong(), remote, reason));
        while (refusals.size() > MAX_REFUSALS) {
            refusals.removeFirst();
        }
    }

    synchronized List<PeerStatus> peers() {
        List<PeerStatus> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            out.add(new PeerStatus(e.node.id(), e.node.address() + ":" + e.node.busPort(), e.online, e.lastSeenMs, e.lastError));
        }
        return out;
    }

    synchronized List<BusRefusal> refusals() {
        return List.copyOf(refusals);
    }
}
