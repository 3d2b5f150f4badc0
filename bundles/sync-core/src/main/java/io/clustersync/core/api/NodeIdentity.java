package io.clustersync.core.api;

import java.util.List;

/**
 * Who this node is, read from the configuration PID {@code io.clustersync.node}: its own id, address and
 * ports, the cluster it belongs to, the static list of every node of that cluster (itself included) and the
 * node that is primary.
 */
public record NodeIdentity(int nodeId, String clusterName, String address, int busPort, int jmxPort,
                           List<ClusterNode> members, int primaryNodeId) {

    public NodeIdentity {
        members = List.copyOf(members);
    }

    public String ref() {
        return "node:" + nodeId;
    }

    public boolean isPrimary() {
        return nodeId == primaryNodeId;
    }
}
