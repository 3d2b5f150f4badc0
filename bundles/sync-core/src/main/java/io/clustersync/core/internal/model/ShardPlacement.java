package io.clustersync.core.internal.model;

import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places a new database's master shards across the nodes: each shard goes to the node holding the fewest
 * shards so far, counting every database, the lower node id winning a tie.
 */
final class ShardPlacement {

    private ShardPlacement() {
    }

    static List<Integer> place(int shards, List<ClusterNode> nodes, List<Database> existing) {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("the cluster model has no nodes to place shards on");
        }
        Map<Integer, Integer> load = new TreeMap<>();
        nodes.forEach(n -> load.put(n.id(), 0));
        for (Database db : existing) {
            for (Shard shard : db.shards()) {
                load.computeIfPresent(shard.nodeId(), (id, count) -> count + 1);
            }
        }
        List<Integer> placement = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            int chosen = load.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            placement.add(chosen);
            load.merge(chosen, 1, Integer::sum);
        }
        return placement;
    }
}
