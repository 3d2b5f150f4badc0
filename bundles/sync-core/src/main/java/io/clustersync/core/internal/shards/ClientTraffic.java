package io.clustersync.core.internal.shards;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a client's command from the replication's own, for a node whose configuration waits for Synchronize All:
 * its shards take the syncers' and peers' {@code CSYNC} writes and checkpoints (their runs decide whether to
 * send them) but answer other nodes' proxies with {@code LOADING} until the full synchronization reaches it.
 */
final class ClientTraffic {

    /** The commands of replication (syncers, Active-Active peers, Replica Of stop), never a client's. */
    private static final Set<String> REPLICATION = Set.of("CSYNC.APPLY", "CSYNC.BATCH", "CSYNC.LOAD", "CSYNC.EFFECTS",
            "CSYNC.CHECKPOINT", "CSYNC.CHECKPOINTS", "CSYNC.FLUSHSLOTS", "CSYNC.FORGET");

    private ClientTraffic() {
    }

    static boolean isClientCommand(byte[] name) {
        if (name.length < 6 || (name[0] | 0x20) != 'c') {
            return true;
        }
        return !REPLICATION.contains(new String(name, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT));
    }

    /** The reply a held shard gives a client's command, naming the node and what to do. */
    static String held(int shardId, int nodeId) {
        return "LOADING shard:" + shardId + " on node:" + nodeId + " waits for Synchronize All: node:" + nodeId
                + " (re)started and serves no client until a full synchronization reaches it (run synchronize-all on the primary)";
    }
}
