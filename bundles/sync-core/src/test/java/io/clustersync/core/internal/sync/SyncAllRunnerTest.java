package io.clustersync.core.internal.sync;

import io.clustersync.core.api.ClusterBus;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeIdentity;
import io.clustersync.core.api.RequirementResult;
import io.clustersync.core.api.SyncJobStatus;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.files.HomeFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synchronize All as the primary runs it, against two secondaries whose answers the test scripts: it is refused
 * unless every secondary is online and the requirements pass, holds the change stream while it runs, reaches
 * every secondary, and a secondary that fails its switch-over fails the job without holding back the others.
 */
class SyncAllRunnerTest {


    @TempDir
    Path home;

    private final LoopbackBus bus = new LoopbackBus();
    private final FakeSyncedModel model = new FakeSyncedModel();
    private final SyncErrors errors = new SyncErrors();
    private final ExecutorService tasks = Executors.newCachedThreadPool();
    private final List<RequirementResult> requirements = new ArrayList<>();
    /** What each scripted secondary answers to its switch-over: null for success, else the failure. */
    private final Map<Integer, String> failures = new HashMap<>();
    private PrimaryRole primary;

    private SyncAllRunner runner(ClusterBus status) {
        NodeIdentity me = SyncTestNodes.node(1);
        BusMessaging primaryBus = bus.node(1);
        primary = new PrimaryRole(me, model.model(), primaryBus, status, Runnable::run, errors);
        SyncAllRunner runner = new SyncAllRunner(me, model.model(), primaryBus, status, primary, errors, List::of,
                () -> requirements, id -> "JMX 127.0.0." + id + ":9999", SyncRules::none, new HomeFiles(home), tasks);
        primaryBus.handle(SyncFrames.FULL_SUMMARY, runner::onSummary);
        primaryBus.handle(SyncFrames.FULL_MANIFEST, runner::onManifest);
        primaryBus.handle(SyncFrames.FULL_DONE, runner::onDone);
        primaryBus.handle(SyncFrames.POSITION, primary::onPosition);
        for (int id : new int[] {2, 3}) {
            script(id);
        }
        return runner;
    }

    /** A secondary that holds exactly the primary's configuration, and answers its plan as {@link #failures} says. */
    private void script(int id) {
        BusMessaging secondary = bus.node(id);
        secondary.handle(SyncFrames.CHANGE, (from, frame) -> { });
        secondary.handle(SyncFrames.FULL_SUMMARY_REQUEST, (from, frame) -> {
            SyncFrames.FullRequest request = SyncFrames.fullRequest(frame);
            Map<String, String> mine = model.snapshot().withFiles(Map.of()).aggregates();
            secondary.send(from, SyncFrames.summary(new SyncFrames.Summary(request.jobId(), mine)));
        });
        secondary.handle(SyncFrames.FULL_PLAN, (from, frame) -> {
            SyncFrames.PlanPart part = SyncFrames.planPart(frame);
            if (part.index() == part.count() - 1) {
                String failure = failures.get(id);
                secondary.send(from, SyncFrames.fullDone(new SyncFrames.FullDone(part.jobId(), failure == null,
                        failure == null ? "" : failure)));
            }
        });
    }

    @AfterEach
    void stop() {
        tasks.shutdownNow();
    }

    private SyncJobStatus runToEnd(SyncAllRunner runner) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            bus.pump();
            SyncJobStatus status = runner.status();
            if (status != null && status.state() != SyncJobStatus.State.RUNNING) {
                return status;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the job did not end within 20 s: " + runner.status());
    }

    @Test
    void aJobIsRefusedUnlessEverySecondaryIsOnlineAndTheRequirementsPass() {
        SyncAllRunner runner = runner(SyncTestNodes.online(2));
        ModelException offline = assertThrows(ModelException.class, runner::start);
        assertEquals("Synchronize All refused: it always goes to every secondary, and node:3 is offline", offline.getMessage());
        SyncAllRunner both = runner(SyncTestNodes.online(2, 3));
        requirements.add(new RequirementResult("clocks", false, "node:3 is 9 s ahead"));
        ModelException unmet = assertThrows(ModelException.class, both::start);
        assertEquals("Synchronize All refused: requirements not met: clocks: node:3 is 9 s ahead", unmet.getMessage());
    }

    @Test
    void aJobReachesEverySecondaryAndHoldsTheChangeStreamWhileItRuns() throws InterruptedException {
        SyncAllRunner runner = runner(SyncTestNodes.online(2, 3));
        model.order("before");
        String id = runner.start();
        SyncJobStatus done = runToEnd(runner);
        assertEquals(id, done.id());
        assertEquals(SyncJobStatus.State.DONE, done.state(), String.valueOf(done));
        assertEquals(List.of(2, 3), done.nodes().stream().map(SyncJobStatus.NodeResult::nodeId).toList());
        assertTrue(done.nodes().stream().allMatch(n -> n.state() == SyncJobStatus.State.DONE), String.valueOf(done.nodes()));
        assertEquals(1, done.sequence(), "the job carried the configuration at change 1");
        assertEquals(100, done.progressPercent());
        long seq = model.order("after");
        primary.committed(seq, "after".getBytes());
        bus.pump();
        assertEquals(2, bus.deliveredTo(2, SyncFrames.CHANGE).size() + bus.deliveredTo(3, SyncFrames.CHANGE).size(),
                "the switched secondaries get the change that follows the job's position at once");
    }

    @Test
    void aSecondaryThatFailsItsSwitchOverFailsTheJobAndKeepsItsConfiguration() throws InterruptedException {
        SyncAllRunner runner = runner(SyncTestNodes.online(2, 3));
        failures.put(3, "disk full on node:3");
        runner.start();
        SyncJobStatus failed = runToEnd(runner);
        assertEquals(SyncJobStatus.State.FAILED, failed.state());
        SyncJobStatus.NodeResult two = failed.nodes().get(0);
        SyncJobStatus.NodeResult three = failed.nodes().get(1);
        assertEquals(SyncJobStatus.State.DONE, two.state());
        assertEquals(SyncJobStatus.State.FAILED, three.state());
        assertEquals("disk full on node:3; its previous configuration is kept", three.detail());
        ModelException busy = assertThrows(ModelException.class, () -> {
            runner.start();
            runner.start();
        });
        assertTrue(busy.getMessage().contains("is still running"), busy.getMessage());
        runToEnd(runner);
    }
}
