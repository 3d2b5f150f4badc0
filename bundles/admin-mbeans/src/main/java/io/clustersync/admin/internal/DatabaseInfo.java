package io.clustersync.admin.internal;

import io.clustersync.admin.api.EndpointRow;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.Shard;

import java.util.List;

/**
 * The {@code info db} report of one database: its settings, endpoint bindings and shard placement.
 */
final class DatabaseInfo {

    private DatabaseInfo() {
    }

    static String render(Database db, List<EndpointRow> endpointRows) {
        StringBuilder out = new StringBuilder();
        out.append(db.ref()).append(" '").append(db.name()).append("':\n");
        out.append("  shards: ").append(db.shardCount()).append('\n');
        out.append("  syncer_mode: ").append(db.syncerMode().label()).append('\n');
        out.append("  password: ").append(db.passwordProtected() ? "set" : "none").append('\n');
        for (Endpoint endpoint : db.endpoints()) {
            out.append("  endpoint: ").append(endpoint.id()).append(" port ").append(endpoint.port())
                    .append(" policy ").append(endpoint.policy().label()).append('\n');
            for (EndpointRow row : endpointRows) {
                if (row.getId().equals(endpoint.id())) {
                    out.append("    proxy: ").append(row.getNode()).append(' ').append(row.getAddress()).append('\n');
                }
            }
        }
        for (Shard shard : db.shards()) {
            out.append("  ").append(shard.ref()).append(": node:").append(shard.nodeId()).append(' ')
                    .append(shard.role()).append(" slots ").append(shard.slots()).append('\n');
        }
        return out.toString();
    }
}
