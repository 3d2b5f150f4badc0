package io.clustersync.core.internal.bus;

import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.api.PeerStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerTableTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final PeerTable table = new PeerTable(
            List.of(new ClusterNode(2, "127.0.0.2", 9441), new ClusterNode(3, "127.0.0.3", 9441)), now::get);

    @Test
    void aPeerIsOnlineWhileHeardAndOfflineAfterSilence() {
        assertFalse(table.peers().get(0).online(), "never heard: offline");
        table.heard(2);
        now.addAndGet(PeerTable.OFFLINE_AFTER_MS);
        table.expire();
        PeerStatus two = table.peers().get(0);
        assertTrue(two.online());
        assertEquals("127.0.0.2:9441", two.address());
        now.addAndGet(1);
        table.expire();
        assertFalse(table.peers().get(0).online());
        assertFalse(table.peers().get(1).online());
    }

    @Test
    void unknownNodesAreIgnoredAndRefusalsAreBounded() {
        table.heard(9);
        assertEquals(2, table.peers().size());
        for (int i = 0; i < PeerTable.MAX_REFUSALS + 10; i++) {
            table.refused("127.0.0.9:" + (40000 + i), "another certificate");
        }
        assertEquals(PeerTable.MAX_REFUSALS, table.refusals().size());
        assertEquals("127.0.0.9:40010", table.refusals().get(0).remote());
    }

    @Test
    void linkErrorsAreKeptUntilTheLinkIsUp() {
        table.linkError(3, "cannot connect: Connection refused");
        assertEquals("cannot connect: Connection refused", table.peers().get(1).lastError());
        table.linkUp(3);
        assertEquals("", table.peers().get(1).lastError());
    }
}
