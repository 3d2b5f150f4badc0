package io.clustersync.syncer.stream;

import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.spi.SyncerRun;
import org.osgi.annotation.versioning.ConsumerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A replication of one source split over several connections: asks the source (through the proxy of its URI)
 * for its shards, lets a {@link Planner} share them out into parts (each a proxy address and the shards it
 * carries), then runs one {@link StreamRun} per part. The state it reports combines the parts: stopped if one
 * stopped, synced once all are.
 */
public final class SplitRun implements SyncerRun, Runnable {

    /**
     * One connection of a split run: which source proxy it opens, which source shards it carries, and the source
     * node they are mastered on (0 when they are not all on one node: such a part is not shared out).
     */
    public record Part(String name, String host, int port, Set<String> shards, int sourceNode) {
    }

    /** Shares a source's shards out into parts. */
    @ConsumerType
    public interface Planner {
        /**
         * @throws StreamRun.Refused when the source cannot be split this way (no retry cures it)
         * @throws IOException       when it cannot be split now (a source node does not answer): asked again later
         */
        List<Part> plan(ReplicaSource source, List<SourceShard> shards) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SplitRun.class);

    private final ReplicationTask task;
    private final String mode;
    private final Planner planner;
    private final Thread thread;
    private final List<StreamRun> parts = new ArrayList<>();
    private final Map<String, String[]> partStates = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    /** How many parts the plan has, read by the parts as they report (never under the parts' lock). */
    private volatile int partCount;

    public SplitRun(ReplicationTask task, String mode, Planner planner) {
        this.task = task;
        this.mode = mode;
        this.planner = planner;
        this.thread = new Thread(this, "clustersync-syncer-" + mode + "-db" + task.destination().id() + "-src" + task.sourceIndex());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }
    @Override
    public void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopParts();
    }

    /** Stops the running parts (outside the lock: a part reporting its state takes it, and stopping waits for it). */
    private void stopParts() {
        List<StreamRun> stopping;
        synchronized (parts) {
            stopping = new ArrayList<>(parts);
            parts.clear();
        }
        stopping.forEach(StreamRun::stop);
        partStates.clear();
    }

    /**
     * Plans and starts the parts, then watches them: while one cannot reach its proxy, the source is asked again
     * (through any proxy known) which proxy serves its shards, and a plan that changed (a proxy announced at another
     * address, shards served elsewhere) replaces the parts; they resume from the checkpoints.
     */
    @Override
    public void run() {
        ReplicaSource source = task.source();
        long pauseMs = 200;
        List<Part> current = null;
        while (!stopped) {
            try {
                if (current == null) {
                    current = startParts(source, myShare(plan(source, List.of())));
                    continue;
                }
                Thread.sleep(REPLAN_EVERY_MS);
                if (!anyPartReconnecting()) {
                    continue;
                }
                List<Part> fresh = myShare(plan(source, current));
                if (!fresh.equals(current)) {
                    LOG.info("replication of {} from {}: the source's proxies changed while a part could not reach its"
                            + " own; {} now: {}", task.destination().ref(), source.display(), mode, describe(fresh));
                    stopParts();
                    current = startParts(source, fresh);
                }
            } catch (InterruptedException interrupted) {
                return;
            } catch (StreamRun.Refused refused) {
                if (current == null) {
                    task.status("stopped", refused.getMessage());
                    return;
                }
                LOG.warn("replication of {} from {}: asked again for the source's proxies: {}; the parts keep theirs",
                        task.destination().ref(), source.display(), refused.getMessage());
            } catch (IOException | RuntimeException e) {
                if (current != null) {
                    LOG.debug("asking the source's proxies again: {}", e.getMessage());
                    continue;
                }
                task.status("syncing", "asking " + source.display() + " for its proxies again in " + pauseMs + " ms: "
                        + e.getMessage());
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                pauseMs = Math.min(pauseMs * 2, 5000);
            }
        }
    }

    static final long REPLAN_EVERY_MS = 2000;

    private boolean anyPartReconnecting() {
        return partStates.values().stream().anyMatch(state -> state[1].startsWith("reconnecting"));
    }

    /** The parts of the plan this node's share carries. */
    private List<Part> myShare(List<Part> planned) {
        ReplicationTask.Share share = task.share();
        return planned.stream().filter(p -> share.count() == 1 || p.sourceNode() == 0 || share.carries(p.sourceNode())).toList();
    }

    private List<Part> startParts(ReplicaSource source, List<Part> plan) {
        ReplicationTask.Share share = task.share();
        synchronized (parts) {
            if (stopped) {
                return plan;
            }
            partCount = plan.size();
            for (Part carried : plan) {
                StreamRun part = new StreamRun(new PartTask(task, carried.name(), this::combine), mode,
                        carried.host(), carried.port(), carried.shards());
                parts.add(part);
                part.start();
            }
        }
        if (plan.isEmpty()) {
            task.status("synced", "no source node falls to this node's share (" + (share.position() + 1) + " of "
                    + share.count() + ")");
        }
        LOG.info("replication of {} from {}: {} over {} connection(s){}: {}", task.destination().ref(), source.display(), mode,
                plan.size(), share.count() == 1 ? "" : " (share " + (share.position() + 1) + " of " + share.count()
                        + " of the destination's nodes)", describe(plan));
        return plan;
    }

    private static List<String> describe(List<Part> plan) {
        return plan.stream().map(p -> p.name() + " " + p.shards()).toList();
    }

    /** The source's plan, asked of the proxy of its URI, else of the proxies the current parts use. */
    private List<Part> plan(ReplicaSource source, List<Part> current) throws IOException {
        IOException failed = null;
        LinkedHashSet<String> proxies = new LinkedHashSet<>();
        proxies.add(source.host() + ":" + source.port());
        current.forEach(p -> proxies.add(p.host() + ":" + p.port()));
        for (String proxy : proxies) {
            int colon = proxy.lastIndexOf(':');
            try {
                return plan(source, proxy.substring(0, colon), Integer.parseInt(proxy.substring(colon + 1)));
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        throw failed;
    }

    private List<Part> plan(ReplicaSource source, String host, int port) throws IOException {
        try (SourceConnection conn = new SourceConnection(source, host, port, 5000)) {
            conn.readTimeout(10_000);
            return planner.plan(source, SourceHandshake.shards(conn, source));
        }
    }

    /** The {@code distributed} plan: one part per source proxy, carrying the shards mastered on that proxy's node. */
    public static List<Part> byMasterProxy(ReplicaSource source, List<SourceShard> shards) throws IOException {
        Map<String, Set<String>> byProxy = new LinkedHashMap<>();
        Map<String, Integer> nodeOf = new HashMap<>();
        for (SourceShard shard : shards) {
            if (shard.proxy() == null && shard.policyCoversEveryMaster()) {
                throw new IOException(shard.node() + ", which masters " + shard.name() + " of the source, does not answer"
                        + " its cluster now");
            }
            if (shard.proxy() == null) {
                throw new StreamRun.Refused("syncer_mode distributed needs a proxy of the source on every node that"
                        + " masters a shard, but " + shard.node() + " (which masters " + shard.name()
                        + ") has none: bind the source endpoint to all-master-shards or all-nodes, or tune syncer_mode"
                        + " centralized");
            }
            byProxy.computeIfAbsent(shard.proxy(), k -> new LinkedHashSet<>()).add(shard.name());
            nodeOf.merge(shard.proxy(), shard.nodeId(), (a, b) -> a.equals(b) ? a : 0);
        }
        List<Part> plan = new ArrayList<>();
        byProxy.forEach((address, carried) -> {
            int colon = address.lastIndexOf(':');
            plan.add(new Part(address, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), carried,
                    nodeOf.get(address)));
        });
        return plan;
    }

    /** Combines the parts' states into the source's. */
    private void combine(String proxy, String state, String detail) {
        partStates.put(proxy, new String[] {state, detail});
        for (Map.Entry<String, String[]> part : partStates.entrySet()) {
            if (part.getValue()[0].equals("stopped")) {
                task.status("stopped", "through " + part.getKey() + ": " + part.getValue()[1]);
                return;
            }
        }
        int parts = partCount;
        boolean synced = partStates.size() == parts && partStates.values().stream().allMatch(s -> s[0].equals("synced"));
        task.status(synced ? "synced" : "syncing", partStates.size() + " of " + parts + " connections: " + String.join("; ",
                partStates.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0]).toList()) + " (" + detail + ")");
    }
}
