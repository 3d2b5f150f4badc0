package io.clustersync.core.internal.sync;

import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.SyncEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * On the primary: why a Synchronize All is due, until one has run. The primary (or the whole cluster) restarted;
 * a secondary has applied changes the primary never ordered (the primary was restored from an older copy); a
 * secondary runs another clustersync version (an upgrade under way). Each reason is told once, as a
 * {@link SyncEvent#SYNC_ALL_DUE} notification, and stays in {@code sync status} and the ConfigSync MXBean until a
 * Synchronize All finishes; a reason settled so is not raised again by the same condition.
 */
final class SyncAllDue {

    private static final Logger LOG = LoggerFactory.getLogger(SyncAllDue.class);

    private final String version;
    private final SyncErrors events;
    private final Map<String, String> reasons = new LinkedHashMap<>();
    private final Set<String> settled = new HashSet<>();

    SyncAllDue(String version, SyncErrors events) {
        this.version = version;
        this.events = events;
    }

    /** The primary started: its secondaries may lack changes it has, or hold some it lacks. */
    void primaryStarted(NodeIdentity me) {
        if (me.members().size() > 1) {
            due("started", me.ref() + " (the primary) started at " + Instant.now() + ": after a restart of the primary or"
                    + " of the whole cluster, every secondary must be brought to its configuration");
        }
    }

    /** A secondary's reported position, beside the last change the primary ordered. */
    void observe(int node, SyncFrames.Position position, long primarySeq) {
        if (position.seq() > primarySeq) {
            due("restored", "node:" + node + " has applied change " + position.seq() + " but the primary is at change "
                    + primarySeq + ": the primary's configuration is older than its secondaries' (restored from a backup?)");
        }
        if (!position.version().isEmpty() && !position.version().equals(version)) {
            due("version:" + node + ":" + position.version(), "node:" + node + " runs clustersync " + position.version()
                    + ", the primary " + version + ": a node of another version joined");
        }
    }

    /** A Synchronize All finished on every secondary: what was due is settled. */
    synchronized void ran() {
        if (!reasons.isEmpty()) {
            LOG.info("Synchronize All ran: no longer due ({} reason(s) settled)", reasons.size());
        }
        settled.addAll(reasons.keySet());
        reasons.clear();
    }

    /** Why a Synchronize All is due, oldest first; empty when none is. */
    synchronized List<String> reasons() {
        return new ArrayList<>(reasons.values());
    }

    private void due(String key, String why) {
        synchronized (this) {
            if (settled.contains(key) || reasons.containsKey(key)) {
                return;
            }
            reasons.put(key, why);
        }
        LOG.warn("Synchronize All is due: {} (run synchronize-all on the primary)", why);
        events.event(SyncEvent.SYNC_ALL_DUE, "Synchronize All is due: " + why);
    }
}
