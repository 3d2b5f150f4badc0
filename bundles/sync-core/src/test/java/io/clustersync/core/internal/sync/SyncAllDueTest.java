package io.clustersync.core.internal.sync;

import io.clustersync.core.api.SyncEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Why a Synchronize All is due: each reason told once, kept until a job runs, not raised again by the same condition. */
class SyncAllDueTest {

    private final SyncErrors events = new SyncErrors();
    private final List<SyncEvent> told = new ArrayList<>();
    private final SyncAllDue due = new SyncAllDue("0.1.0", events);

    SyncAllDueTest() {
        events.addListener(told::add);
    }

    @Test
    void theStartOfThePrimaryMakesItDueUntilAJobRuns() {
        due.primaryStarted(SyncTestNodes.node(1));
        assertEquals(1, due.reasons().size());
        assertTrue(due.reasons().get(0).startsWith("node:1 (the primary) started at "), due.reasons().get(0));
        assertEquals(List.of(SyncEvent.SYNC_ALL_DUE), told.stream().map(SyncEvent::type).toList());
        due.ran();
        assertEquals(List.of(), due.reasons());
    }

    @Test
    void aSecondaryAheadOfThePrimaryOrOfAnotherVersionMakesItDueOnce() {
        due.observe(2, new SyncFrames.Position(12, 0, false, "0.1.0"), 12);
        assertEquals(List.of(), due.reasons());
        due.observe(2, new SyncFrames.Position(15, 0, false, "0.1.0"), 12);
        due.observe(3, new SyncFrames.Position(15, 0, false, "0.2.0"), 12);
        due.observe(3, new SyncFrames.Position(15, 0, false, "0.2.0"), 12);
        assertEquals(List.of("node:2 has applied change 15 but the primary is at change 12: the primary's configuration is older"
                + " than its secondaries' (restored from a backup?)",
                "node:3 runs clustersync 0.2.0, the primary 0.1.0: a node of another version joined"), due.reasons());
        assertEquals(2, told.size(), "each reason is told once");
        due.ran();
        // the same node on the same other version after the job: settled, not due again; a new version is
        due.observe(3, new SyncFrames.Position(20, 0, false, "0.2.0"), 20);
        assertEquals(List.of(), due.reasons());
        due.observe(3, new SyncFrames.Position(20, 0, false, "0.3.0"), 20);
        assertEquals(1, due.reasons().size());
    }

    @Test
    void aClusterOfOneNodeIsNeverDue() {
        due.primaryStarted(new io.clustersync.core.api.NodeIdentity(1, "solo", "127.0.0.1", 9441, 9999,
                List.of(new io.clustersync.core.api.ClusterNode(1, "127.0.0.1", 9441)), 1));
        assertEquals(List.of(), due.reasons());
    }
}
