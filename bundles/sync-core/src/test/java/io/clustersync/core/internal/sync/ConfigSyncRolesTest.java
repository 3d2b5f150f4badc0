package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeSyncStatus;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.model.ConfigSyncLink;
import io.clustersync.core.internal.model.ModelCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The primary and secondary roles of configuration sync talking over a loopback bus: changes reach a secondary
 * in order whatever was lost, a change it cannot apply is reported and skipped, forwarded changes come back
 * with the primary's answer, and Synchronize All holds the stream.
 */
class ConfigSyncRolesTest {


    private final LoopbackBus bus = new LoopbackBus();
    private final FakeSyncedModel primaryModel = new FakeSyncedModel();
    private final FakeSyncedModel secondaryModel = new FakeSyncedModel();
    private final SyncErrors primaryErrors = new SyncErrors();
    private final SyncErrors secondaryErrors = new SyncErrors();
    private PrimaryRole primary;
    private SecondaryRole secondary;

    @BeforeEach
    void wire() {
        BusMessaging primaryBus = bus.node(1);
        primary = new PrimaryRole(SyncTestNodes.node(1), primaryModel.model(), primaryBus, SyncTestNodes.online(2), Runnable::run,
                primaryErrors);
        primaryBus.handle(SyncFrames.ACK, primary::onAck);
        primaryBus.handle(SyncFrames.POSITION, primary::onPosition);
        primaryBus.handle(SyncFrames.FORWARD, primary::onForward);
        BusMessaging secondaryBus = bus.node(2);
        secondary = new SecondaryRole(SyncTestNodes.node(2), secondaryModel.model(), secondaryBus, Runnable::run, secondaryErrors,
                null, Runnable::run, "0.1.0");
        secondaryBus.handle(SyncFrames.CHANGE, secondary::onChange);
        secondaryBus.handle(SyncFrames.RESULT, secondary::onResult);
    }

    private void commit(String change) {
        long seq = primaryModel.order(change);
        primary.committed(seq, change.getBytes());
    }

    private NodeSyncStatus statusOf(int id) {
        return primary.nodes().stream().filter(n -> n.nodeId() == id).findFirst().orElseThrow();
    }

    @Test
    void aSecondaryCatchesUpFromItsPositionThenGetsEveryNewChange() {
        commit("create db:1");
        commit("bind db:1");
        bus.pump();
        assertEquals(List.of(), secondaryModel.appliedText(), "nothing is pushed to a node whose position is unknown");
        secondary.sendPosition();
        bus.pump();
        assertEquals(List.of("create db:1", "bind db:1"), secondaryModel.appliedText());
        commit("tune db:1");
        bus.pump();
        assertEquals(List.of("create db:1", "bind db:1", "tune db:1"), secondaryModel.appliedText());
        assertEquals(new NodeSyncStatus(2, NodeSyncStatus.State.SYNCED, 3, ""), statusOf(2));
        assertEquals(NodeSyncStatus.State.OFFLINE, statusOf(3).state());
    }

    @Test
    void aLostChangeIsAskedForAgainAndArrivesInOrder() {
        secondary.sendPosition();
        bus.pump();
        boolean[] lost = {false};
        bus.dropping(frame -> {
            if (frame.type() == SyncFrames.CHANGE && SyncFrames.change(frame).seq() == 2 && !lost[0]) {
                lost[0] = true;
                return true;
            }
            return false;
        });
        commit("one");
        commit("two");
        commit("three");
        bus.pump();
        assertTrue(lost[0]);
        assertEquals(List.of("one", "two", "three"), secondaryModel.appliedText(),
                "change 3 after a gap made the secondary report its position; the primary resent from the log");
        commit("four");
        bus.pump();
        assertEquals(4, secondaryModel.appliedSeq);
        assertEquals(NodeSyncStatus.State.SYNCED, statusOf(2).state());
    }

    @Test
    void aChangeASecondaryCannotApplyIsReportedAndTheNextOnesStillArrive() {
        secondary.sendPosition();
        bus.pump();
        commit("!broken");
        commit("fine");
        bus.pump();
        assertEquals(List.of("fine"), secondaryModel.appliedText());
        NodeSyncStatus status = statusOf(2);
        assertEquals(NodeSyncStatus.State.BEHIND, status.state(), "a failed change keeps the node behind until a full sync");
        assertEquals("cannot apply !broken", status.lastError());
        assertTrue(primaryErrors.list().stream().anyMatch(e -> e.contains("change 1 on node:2: cannot apply !broken")),
                primaryErrors.list().toString());
    }

    @Test
    void aForwardedChangeRunsOnThePrimaryAndItsRefusalComesBackAsARefusal() throws Exception {
        primaryModel.executor = command -> {
            if (command instanceof ModelCommand.DropDatabase drop && drop.database().equals("db:9")) {
                throw new ModelException("unknown database 'db:9'");
            }
            return new ConfigSyncLink.Forwarded(primaryModel.order("forwarded " + command), "db:1");
        };
        ConfigSyncLink.Forwarded done = forwardPumping(new ModelCommand.CreateDatabase("orders", 3, 12000, null));
        assertEquals(new ConfigSyncLink.Forwarded(1, "db:1"), done);
        ModelException refused = assertThrows(ModelException.class, () -> forwardPumping(new ModelCommand.DropDatabase("db:9")));
        assertEquals("unknown database 'db:9'", refused.getMessage());
        bus.cut(1);
        ModelException unreachable = assertThrows(ModelException.class, () -> secondary.forward(new ModelCommand.DropDatabase("db:1")));
        assertTrue(unreachable.getMessage().contains("cannot reach the primary node:1"), unreachable.getMessage());
    }

    /** Forwards on another thread (it waits for the answer) while this one carries the frames. */
    private ConfigSyncLink.Forwarded forwardPumping(ModelCommand command) throws Exception {
        CompletableFuture<ConfigSyncLink.Forwarded> answer = CompletableFuture.supplyAsync(() -> secondary.forward(command));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!answer.isDone() && System.currentTimeMillis() < deadline) {
            bus.pump();
            Thread.sleep(5);
        }
        try {
            return answer.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void synchronizeAllHoldsTheStreamAndTheSwitchedNodesGoOnFromItsPosition() {
        secondary.sendPosition();
        bus.pump();
        primary.pause();
        commit("during the job");
        bus.pump();
        assertEquals(List.of(), secondaryModel.appliedText());
        secondaryModel.appliedSeq = 1;
        primary.resumeAfterFullSync(List.of(2), 1);
        commit("after the job");
        bus.pump();
        assertEquals(List.of("after the job"), secondaryModel.appliedText());
        assertEquals(NodeSyncStatus.State.SYNCED, statusOf(2).state());
    }

    @Test
    void aNodeReportingTheSamePositionAgainAtOnceIsNotSentTheSameChangesTwice() {
        commit("a");
        commit("b");
        bus.cut(2);
        bus.heal(2);
        Frame position = SyncFrames.position(0, 0, false, "0.1.0");
        primary.onPosition(2, position);
        primary.onPosition(2, position);
        bus.pump();
        assertEquals(2, bus.deliveredTo(2, SyncFrames.CHANGE).size(), "the second report within the pause resends nothing");
    }
}
