package io.clustersync.syncer.stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A master shard of the source as {@code CSYNC SHARDS} lists it: its hash slots, the node that masters it and the
 * proxy (host:port) on that node, or null when that node has no proxy of the source endpoint or does not answer;
 * and the source endpoint's proxy policy ("" from a source that does not say).
 */
public record SourceShard(String name, int firstSlot, int lastSlot, String node, String proxy, String policy) {

    /**
     * Whether the source endpoint's policy puts a proxy on every node that masters a shard, so that a shard without
     * one has a node that does not answer now (rather than a policy that will never serve it).
     */
    public boolean policyCoversEveryMaster() {
        return "all-master-shards".equals(policy) || "all-nodes".equals(policy);
    }

    /** The id of the source node that masters it ({@code node:N}), or 0 if the source named it otherwise. */
    public int nodeId() {
        try {
            return node.startsWith("node:") ? Integer.parseInt(node.substring(5)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Reads the rows of a {@code CSYNC SHARDS} answer; a row of another shape is a protocol error. */
    static List<SourceShard> of(List<?> rows) throws IOException {
        List<SourceShard> shards = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (!(row instanceof List<?> cells) || cells.size() < 5 || !(cells.get(1) instanceof Long first)
                    || !(cells.get(2) instanceof Long last)) {
                throw new IOException("the source answered CSYNC SHARDS with a malformed row: " + row);
            }
            shards.add(new SourceShard(SourceConnection.text(cells.get(0)), first.intValue(), last.intValue(),
                    SourceConnection.text(cells.get(3)), cells.get(4) == null ? null : SourceConnection.text(cells.get(4)),
                    cells.size() > 5 ? SourceConnection.text(cells.get(5)) : ""));
        }
        return shards;
    }
}
