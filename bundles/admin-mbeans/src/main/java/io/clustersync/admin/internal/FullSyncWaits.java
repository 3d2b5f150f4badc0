package io.clustersync.admin.internal;

import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.NodeSyncStatus;

import java.util.List;

/** The nodes whose configuration waits for Synchronize All (their data services wait with it), as this node knows them. */
final class FullSyncWaits {

    private FullSyncWaits() {
    }

    static List<Integer> of(ConfigSync sync) {
        if (sync == null) {
            return List.of();
        }
        return sync.nodes().stream().filter(n -> n.state() == NodeSyncStatus.State.NEEDS_FULL_SYNC)
                .map(NodeSyncStatus::nodeId).toList();
    }
}
