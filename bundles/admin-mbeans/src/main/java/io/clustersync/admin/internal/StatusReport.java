package io.clustersync.admin.internal;

import io.clustersync.admin.api.DatabaseRow;
import io.clustersync.admin.api.EndpointRow;
import io.clustersync.admin.api.NodeRow;
import io.clustersync.admin.api.ShardRow;

import java.util.List;
import java.util.Locale;

/**
 * The {@code rladmin status}-style report: sections CLUSTER NODES, DATABASES, ENDPOINTS and SHARDS. The
 * node that answered is marked with {@code *}.
 */
final class StatusReport {

    static final List<String> SECTIONS = List.of("nodes", "databases", "endpoints", "shards");

    private final ModelRows rows;
    private final List<Integer> waitingForFullSync;

    StatusReport(ModelRows rows, List<Integer> waitingForFullSync) {
        this.rows = rows;
        this.waitingForFullSync = waitingForFullSync;
    }

    String render(String section) {
        String wanted = section == null ? "" : section.trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "", "all" -> String.join("\n", nodes(), databases(), endpoints(), shards());
            case "nodes" -> nodes();
            case "databases" -> databases();
            case "endpoints" -> endpoints();
            case "shards" -> shards();
            default -> throw new IllegalArgumentException("unknown status section '" + section
                    + "'; sections are: " + String.join(", ", SECTIONS));
        };
    }

    private String nodes() {
        TextTable table = new TextTable("NODE:ID", "ROLE", "ADDRESS", "SHARDS", "STATUS");
        for (NodeRow n : rows.nodes()) {
            table.row((n.local() ? "*" : "") + n.id(), n.role(), n.address(), n.shards(), n.status());
        }
        StringBuilder waiting = new StringBuilder();
        for (int id : waitingForFullSync) {
            waiting.append("node:").append(id).append(" needs a full synchronization: its proxies, syncers and shards'"
                    + " client traffic wait until Synchronize All reaches it (run synchronize-all on the primary)\n");
        }
        return "CLUSTER NODES:\n" + table.render() + waiting;
    }

    private String databases() {
        TextTable table = new TextTable("DB:ID", "NAME", "SHARDS", "SYNCER_MODE", "ENDPOINT", "PORT", "POLICY", "REPLICATION");
        for (DatabaseRow d : rows.databaseRows()) {
            table.row(d.id(), d.name(), d.shards(), d.syncerMode(), d.endpoint(), d.port(), d.policy(), d.replication());
        }
        return "DATABASES:\n" + table.render();
    }

    private String endpoints() {
        TextTable table = new TextTable("DB:ID", "NAME", "ID", "NODE", "ROLE", "SSL", "ADDRESS", "STATUS", "CONNS", "OPS/S");
        for (EndpointRow e : rows.endpoints()) {
            table.row(e.db(), e.name(), e.id(), e.node(), e.role(), e.ssl() ? "Yes" : "No", e.address(),
                    e.status(), e.connections(), Math.round(e.opsPerSecond()));
        }
        return "ENDPOINTS:\n" + table.render();
    }

    private String shards() {
        TextTable table = new TextTable("DB:ID", "NAME", "ID", "NODE", "ROLE", "SLOTS", "KEYS", "USED_MEMORY", "OFFSET", "STATUS");
        for (ShardRow s : rows.shards()) {
            table.row(s.db(), s.name(), s.id(), s.node(), s.role(), s.slots(), s.keys(),
                    DatabaseInfo.bytes(s.memoryBytes()), s.offset(), s.status());
        }
        return "SHARDS:\n" + table.render();
    }
}
