package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.ShardStats;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The INFO reply: sections server, clients, stats, replication and keyspace, from the whole database. */
final class InfoReport {

    private static final List<String> SECTIONS = List.of("server", "clients", "stats", "replication", "keyspace");

    private InfoReport() {
    }

    static Reply build(DataPlane dataPlane, EndpointView endpoint, byte[][] args) {
        Set<String> wanted = new TreeSet<>();
        for (int i = 1; i < args.length; i++) {
            String section = new String(args[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (section.equals("all") || section.equals("default") || section.equals("everything")) {
                wanted.addAll(SECTIONS);
            } else {
                wanted.add(section);
            }
        }
        if (wanted.isEmpty()) {
            wanted.addAll(SECTIONS);
        }
        List<ShardStats> shards = wanted.contains("replication") || wanted.contains("keyspace")
                ? dataPlane.shardStats(endpoint.router().database()) : List.of();
        StringBuilder out = new StringBuilder();
        for (String section : SECTIONS) {
            if (!wanted.contains(section)) {
                continue;
            }
            if (out.length() > 0) {
                out.append("\r\n");
            }
            switch (section) {
                case "server" -> out.append("# Server\r\n")
                        .append("redis_version:").append(ConnectionCommands.VERSION).append("\r\n")
                        .append("redis_mode:standalone\r\n")
                        .append("server_name:clustersync-proxy\r\n")
                        .append("os:").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append("\r\n")
                        .append("arch_bits:64\r\n")
                        .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
                        .append("tcp_port:").append(endpoint.port()).append("\r\n")
                        .append("uptime_in_seconds:").append((System.currentTimeMillis() - endpoint.startedAtMs()) / 1000).append("\r\n")
                        .append("database:").append(endpoint.router().database().ref()).append(' ')
                        .append(endpoint.router().database().name()).append("\r\n");
                case "clients" -> out.append("# Clients\r\n")
                        .append("connected_clients:").append(endpoint.connections()).append("\r\n");
                case "stats" -> out.append("# Stats\r\n")
                        .append("total_connections_received:").append(endpoint.connectionsReceived()).append("\r\n")
                        .append("total_commands_processed:").append(endpoint.commands()).append("\r\n")
                        .append("instantaneous_ops_per_sec:").append(Math.round(endpoint.opsPerSecond())).append("\r\n");
                case "replication" -> {
                    out.append("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n");
                    for (ShardStats s : shards) {
                        out.append(s.ref()).append(":node=").append(s.nodeId()).append(",slots=").append(s.slots())
                                .append(",reachable=").append(s.reachable() ? "yes" : "no")
                                .append(",replid=").append(s.replicationId()).append(",offset=").append(s.offset())
                                .append(",backlog_bytes=").append(s.backlogBytes())
                                .append(",full_syncs=").append(s.fullSyncs()).append(",partial_syncs=").append(s.partialSyncs())
                                .append("\r\n");
                    }
                }
                case "keyspace" -> {
                    out.append("# Keyspace\r\n");
                    long keys = shards.stream().mapToLong(ShardStats::keys).sum();
                    long expires = shards.stream().mapToLong(ShardStats::expires).sum();
                    if (keys > 0) {
                        out.append("db0:keys=").append(keys).append(",expires=").append(expires).append(",avg_ttl=0\r\n");
                    }
                }
                default -> {
                }
            }
        }
        return new Reply.Verbatim(out.toString());
    }
}
