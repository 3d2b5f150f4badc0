package io.clustersync.core.internal.node;

import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.NodeIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the raw {@code io.clustersync.node} configuration into a {@link NodeIdentity}, refusing anything
 * malformed with the property name and the offending value.
 */
final class NodeIdentityReader {

    private NodeIdentityReader() {
    }

    static NodeIdentity read(NodeConfiguration config) {
        String where = "configuration " + NodeConfiguration.PID;
        if (config.node_id() < 1) {
            throw new IllegalArgumentException(where + ": node.id must be 1 or more, got " + config.node_id());
        }
        if (blank(config.cluster_name())) {
            throw new IllegalArgumentException(where + ": cluster.name is missing");
        }
        if (blank(config.address())) {
            throw new IllegalArgumentException(where + ": address is missing");
        }
        checkPort(where, "bus.port", config.bus_port());
        checkPort(where, "jmx.port", config.jmx_port());
        Map<Integer, ClusterNode> members = new TreeMap<>();
        members.put(config.node_id(), new ClusterNode(config.node_id(), config.address().trim(), config.bus_port()));
        for (ClusterNode peer : parsePeers(where, config.peers(), config.bus_port())) {
            ClusterNode known = members.putIfAbsent(peer.id(), peer);
            if (known != null && !known.address().equals(peer.address())) {
                throw new IllegalArgumentException(where + ": peers names " + peer.ref() + " at " + peer.address()
                        + " but it is at " + known.address());
            }
        }
        if (!members.containsKey(config.primary())) {
            throw new IllegalArgumentException(where + ": primary node:" + config.primary()
                    + " is not among the peers " + members.keySet());
        }
        return new NodeIdentity(config.node_id(), config.cluster_name().trim(), config.address().trim(),
                config.bus_port(), config.jmx_port(), new ArrayList<>(members.values()), config.primary());
    }

    /** Parses {@code N@address[:port]} entries separated by commas or blanks. */
    static List<ClusterNode> parsePeers(String where, String text, int defaultBusPort) {
        List<ClusterNode> peers = new ArrayList<>();
        if (blank(text)) {
            return peers;
        }
        for (String entry : text.trim().split("[,\\s]+")) {
            int at = entry.indexOf('@');
            if (at < 1) {
                throw new IllegalArgumentException(where + ": peers entry '" + entry
                        + "' is not of the form N@address[:busport]");
            }
            try {
                int id = Integer.parseInt(entry.substring(0, at));
                String hostPort = entry.substring(at + 1);
                int colon = hostPort.lastIndexOf(':');
                String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                int port = colon < 0 ? defaultBusPort : Integer.parseInt(hostPort.substring(colon + 1));
                checkPort(where, "peers entry '" + entry + "'", port);
                peers.add(new ClusterNode(id, host, port));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": peers entry '" + entry
                        + "' is not of the form N@address[:busport] (" + e.getMessage() + ")", e);
            }
        }
        return peers;
    }

    private static void checkPort(String where, String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + ": " + name + " must be a port from 1 to 65535, got " + port);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
