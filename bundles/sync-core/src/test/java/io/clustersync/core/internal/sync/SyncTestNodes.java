package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.PeerStatus;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/** A three-node cluster (node 1 the primary) for the configuration sync tests, and the bus status they see. */
final class SyncTestNodes {

    static final List<ClusterNode> MEMBERS = List.of(new ClusterNode(1, "127.0.0.1", 9441),
            new ClusterNode(2, "127.0.0.2", 9441), new ClusterNode(3, "127.0.0.3", 9441));

    private SyncTestNodes() {
    }

    static NodeIdentity node(int id) {
        return new NodeIdentity(id, "test", "127.0.0." + id, 9441, 9999, MEMBERS, 1);
    }

    /** The cluster bus's view where these nodes are online (and no other). */
    static ClusterBus online(int... ids) {
        List<PeerStatus> peers = new ArrayList<>();
        for (int id : ids) {
            peers.add(new PeerStatus(id, "127.0.0." + id, true, 0, ""));
        }
        return (ClusterBus) Proxy.newProxyInstance(ClusterBus.class.getClassLoader(), new Class<?>[] {ClusterBus.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("peers")) {
                        return peers;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
