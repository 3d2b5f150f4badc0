package io.clustersync.syncer.internal;

import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.ReplicationTask;
import io.clustersync.core.api.SyncerRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A distributed replication of one source: asks the source (through the proxy of its URI) which proxy serves
 * which shard, then runs one {@link StreamRun} per proxy with that proxy's shards. The state it reports combines
 * the parts: stopped if one stopped, synced once all are.
 */
final class DistributedRun implements SyncerRun, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedRun.class);

    private final ReplicationTask task;
    private final Thread thread;
    private final List<StreamRun> parts = new ArrayList<>();
    private final Map<String, String[]> partStates = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    /** How many parts the plan has, read by the parts as they report (never under the parts' lock). */
    private volatile int partCount;

    DistributedRun(ReplicationTask task) {
        this.task = task;
        this.thread = new Thread(this, "clustersync-syncer-distributed-db" + task.destination().id() + "-src" + task.sourceIndex());
        this.thread.setDaemon(true);
    }

    void start() {
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
        List<StreamRun> stopping;
        synchronized (parts) {
            stopping = new ArrayList<>(parts);
            parts.clear();
        }
        // outside the lock: a part reporting its state (combine) takes it, and stopping waits for the part
        stopping.forEach(StreamRun::stop);
    }

    @Override
    public void run() {
        ReplicaSource source = task.source();
        long pauseMs = 200;
        while (!stopped) {
            try {
                Map<String, Set<String>> plan = plan(source);
                synchronized (parts) {
                    if (stopped) {
                        return;
                    }
                    partCount = plan.size();
                    for (Map.Entry<String, Set<String>> proxy : plan.entrySet()) {
                        String address = proxy.getKey();
                        int colon = address.lastIndexOf(':');
                        StreamRun part = new StreamRun(new PartTask(task, address, this::combine), "distributed",
                                address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), proxy.getValue());
                        parts.add(part);
                        part.start();
                    }
                }
                LOG.info("replication of {} from {}: distributed over {} source proxies: {}", task.destination().ref(),
                        source.display(), plan.size(), plan);
                return;
            } catch (StreamRun.Refused refused) {
                task.status("stopped", refused.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
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

    /** Which proxy (address:port) carries which shards: the proxy on the node that masters each shard. */
    private Map<String, Set<String>> plan(ReplicaSource source) throws IOException {
        try (SourceConnection conn = new SourceConnection(source.host(), source.port(), 5000)) {
            conn.readTimeout(10_000);
            Map<String, Set<String>> plan = new LinkedHashMap<>();
            for (Object row : SourceHandshake.shards(conn, source)) {
                List<?> cells = (List<?>) row;
                String shard = SourceConnection.text(cells.get(0));
                if (cells.get(4) == null) {
                    throw new StreamRun.Refused("syncer_mode distributed needs a proxy of the source on every node that"
                            + " masters a shard, but " + SourceConnection.text(cells.get(3)) + " (which masters " + shard
                            + ") has none: bind the source endpoint to all-master-shards or all-nodes, or tune syncer_mode"
                            + " centralized");
                }
                plan.computeIfAbsent(SourceConnection.text(cells.get(4)), k -> new LinkedHashSet<>()).add(shard);
            }
            return plan;
        }
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
        task.status(synced ? "synced" : "syncing", partStates.size() + " of " + parts + " source proxies: " + String.join("; ",
                partStates.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0]).toList()) + " (" + detail + ")");
    }
}
