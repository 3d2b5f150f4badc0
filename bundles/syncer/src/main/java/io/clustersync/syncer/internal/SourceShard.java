package io.clustersync.syncer.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A master shard of the source as {@code CSYNC SHARDS} lists it: its hash slots, the node that masters it and the
 * proxy (host:port) on that node, or null when that node has no proxy of the source endpoint.
 */
public record SourceShard(String name, int firstSlot, int lastSlot, String node, String proxy) {

    /** Reads the rows of a {@code CSYNC SHARDS} answer; a row of another shape is a protocol error. */
    static List<SourceShard> of(List<?> rows) throws IOException {
        List<SourceShard> shards = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (!(row instanceof List<?> cells) || cells.size() < 5 || !(cells.get(1) instanceof Long first)
                    || !(cells.get(2) instanceof Long last)) {
                throw new IOException("the source answered CSYNC SHARDS with a malformed row: " + row);
            }
            shards.add(new SourceShard(SourceConnection.text(cells.get(0)), first.intValue(), last.intValue(),
                    SourceConnection.text(cells.get(3)), cells.get(4) == null ? null : SourceConnection.text(cells.get(4))));
        }
        return shards;
    }
}
