package io.clustersync.admin.internal;

import io.clustersync.admin.api.EndpointRow;
import io.clustersync.admin.api.ShardRow;
import io.clustersync.core.api.ActiveActive;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.api.SourceStatus;

import java.util.List;
import java.util.Locale;

/**
 * The {@code info db} report of one database: its settings, endpoint bindings and shard placement.
 */
final class DatabaseInfo {

    private DatabaseInfo() {
    }

    static String describe(SourceStatus s) {
        SourceStatus.Figures f = s.figures();
        String state = s.state().equals("synced") ? "synced (lag " + f.lagMs() + " ms)" : s.state();
        return "source " + s.sourceIndex() + " " + s.source() + ": " + state + " (" + s.detail() + ") by "
                + s.mode() + " syncer" + (s.implementation().isEmpty() ? "" : " " + s.implementation()) + " on node:" + s.nodeId()
                + "; offsets source " + f.sourceOffset() + " / destination " + f.destinationOffset() + ", " + f.opsPerSecond()
                + " ops/s, " + f.ingressBytes() + " bytes in, " + f.fullSyncs() + " full / " + f.partialSyncs()
                + " partial resyncs, " + f.connections() + " connection(s)"
                + (f.lastError().isEmpty() ? "" : "; last_error: " + f.lastError());
    }

    static String render(Database db, List<EndpointRow> endpointRows, List<ShardRow> shardRows, List<String> replication) {
        StringBuilder out = new StringBuilder();
        out.append(db.ref()).append(" '").append(db.name()).append("':\n");
        out.append("  shards: ").append(db.shardCount()).append('\n');
        out.append("  syncer_mode: ").append(db.syncerMode().label()).append('\n');
        out.append("  read_only: ").append(db.readOnly() ? "yes" : "no").append('\n');
        out.append("  tls: ").append(db.tls().label()).append(db.tls().on() ? " (clients trust etc/cluster-ca.pem)" : "").append('\n');
        out.append("  password: ").append(db.passwordProtected() ? "set" : "none").append('\n');
        if (db.isActiveActive()) {
            out.append("  active_active: ").append(db.activeActive().id()).append(" instance ")
                    .append(db.activeActive().instance()).append(" of ").append(db.activeActive().instances().size()).append('\n');
            for (ActiveActive.Instance i : db.activeActive().instances()) {
                out.append("    instance ").append(i.id()).append(' ').append(i.cluster()).append(" admin ").append(i.admin())
                        .append(" endpoint ").append(i.endpoint()).append(i.id() == db.activeActive().instance() ? " (here)" : "")
                        .append('\n');
            }
        }
        out.append(db.isActiveActive() ? "  peers: " : "  replica_of: ").append(db.replicaState()).append('\n');
        for (ReplicaSource source : db.replicaSources()) {
            out.append("    source: ").append(source.display()).append('\n');
        }
        for (String status : replication) {
            out.append("    replication: ").append(status).append('\n');
        }
        for (Endpoint endpoint : db.endpoints()) {
            out.append("  endpoint: ").append(endpoint.id()).append(" port ").append(endpoint.port())
                    .append(" policy ").append(endpoint.policy().label()).append('\n');
            for (EndpointRow row : endpointRows) {
                if (row.id().equals(endpoint.id())) {
                    out.append("    proxy: ").append(row.node()).append(' ').append(row.address()).append(' ')
                            .append(row.status()).append(", ").append(row.connections()).append(" connections, ")
                            .append(Math.round(row.opsPerSecond())).append(" ops/s\n");
                }
            }
        }
        for (ShardRow shard : shardRows) {
            out.append("  ").append(shard.id()).append(": ").append(shard.node()).append(' ').append(shard.role())
                    .append(" slots ").append(shard.slots()).append(", ").append(shard.keys()).append(" keys, ")
                    .append(bytes(shard.memoryBytes())).append(", offset ").append(shard.offset()).append(", streams served ")
                    .append(shard.fullSyncs()).append(" full / ").append(shard.partialSyncs()).append(" partial, ")
                    .append(shard.status()).append('\n');
        }
        return out.toString();
    }

    /** A byte count as an operator reads it: {@code 512B}, {@code 1.5KB}, {@code 12.3MB}. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + "B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }
}
