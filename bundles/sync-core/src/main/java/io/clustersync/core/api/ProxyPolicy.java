package io.clustersync.core.api;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where an endpoint's proxies run. {@link #SINGLE}: on one node, the one holding the database's first master
 * shard; {@link #ALL_MASTER_SHARDS}: on every node holding a master shard; {@link #ALL_NODES}: on every node.
 */
public enum ProxyPolicy {
    SINGLE("single"),
    ALL_MASTER_SHARDS("all-master-shards"),
    ALL_NODES("all-nodes");

    private final String label;

    ProxyPolicy(String label) {
        this.label = label;
    }

    /** The operator's name of the policy, e.g. {@code all-master-shards}. */
    public String label() {
        return label;
    }

    /** Parses an operator's policy name; an unknown one is refused with the list of valid names. */
    public static ProxyPolicy parse(String text) {
        String wanted = text == null ? "" : text.trim();
        for (ProxyPolicy policy : values()) {
            if (policy.label.equalsIgnoreCase(wanted)) {
                return policy;
            }
        }
        throw new ModelException("unknown proxy policy '" + wanted + "'; valid policies are: " + labels());
    }

    public static String labels() {
        return Arrays.stream(values()).map(ProxyPolicy::label).collect(Collectors.joining(", "));
    }

    /** The nodes, in ascending id order, on which this policy places a proxy for the database. */
    public List<Integer> placeOn(Database database, List<ClusterNode> nodes) {
        return switch (this) {
            case SINGLE -> database.shards().stream().map(Shard::nodeId).limit(1).toList();
            case ALL_MASTER_SHARDS -> database.shards().stream().map(Shard::nodeId).distinct().sorted().toList();
            case ALL_NODES -> nodes.stream().map(ClusterNode::id).sorted().toList();
        };
    }

    /** True when the policy places a proxy on every node that masters a shard. */
    public boolean coversEveryMasterShard() {
        return this != SINGLE;
    }

    @Override
    public String toString() {
        return label;
    }
}
