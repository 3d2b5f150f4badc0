package io.clustersync.core.internal.node;

import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeIdentityReaderTest {

    @Test
    void readsPeersAndAddsItself() {
        NodeIdentity id = NodeIdentityReader.read(TestNodes.config(2, "east", "127.0.0.2", "1@127.0.0.1 3@127.0.0.3:9500", 1));
        assertEquals(List.of(new ClusterNode(1, "127.0.0.1", 9441), new ClusterNode(2, "127.0.0.2", 9441),
                new ClusterNode(3, "127.0.0.3", 9500)), id.members());
        assertEquals("node:2", id.ref());
        assertEquals(false, id.isPrimary());
    }

    @Test
    void malformedPeerIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeIdentityReader.read(TestNodes.config(1, "east", "127.0.0.1", "1@127.0.0.1, two@127.0.0.2", 1)));
        assertTrue(e.getMessage().contains("io.clustersync.node") && e.getMessage().contains("'two@127.0.0.2'"), e.getMessage());
    }

    @Test
    void missingClusterNameAndForeignPrimaryAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NodeIdentityReader.read(TestNodes.config(1, " ", "127.0.0.1", "", 1))).getMessage().contains("cluster.name"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> NodeIdentityReader.read(TestNodes.config(1, "c", "127.0.0.1", "2@127.0.0.2", 7))).getMessage()
                .contains("primary node:7"));
    }

    @Test
    void conflictingAddressForSelfIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeIdentityReader.read(TestNodes.config(1, "c", "127.0.0.1", "1@127.0.0.9", 1)));
        assertTrue(e.getMessage().contains("node:1 at 127.0.0.9"), e.getMessage());
    }
}
