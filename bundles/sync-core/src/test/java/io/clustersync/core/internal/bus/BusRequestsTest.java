package io.clustersync.core.internal.bus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusRequestsTest {

    /** A bus whose links are up for the nodes in {@code up}; it keeps what was sent. */
    private static final class Links implements BusMessaging {
        final Set<Integer> up = new HashSet<>();
        final List<Frame> sent = new ArrayList<>();

        @Override
        public boolean send(int nodeId, Frame frame) {
            if (!up.contains(nodeId)) {
                return false;
            }
            sent.add(frame);
            return true;
        }

        @Override
        public boolean send(int nodeId, Supplier<Frame> frame) {
            return send(nodeId, frame.get());
        }

        @Override
        public void handle(byte type, Handler handler) {
        }

        @Override
        public void unhandle(byte type) {
        }

        @Override
        public boolean isLinkUp(int nodeId) {
            return up.contains(nodeId);
        }
    }

    private static Frame frame(long id) {
        return new Frame((byte) 1, new byte[] {(byte) id});
    }

    @Test
    void answersMeetTheirRequestsByNumberInAnyOrder() throws Exception {
        Links bus = new Links();
        bus.up.add(2);
        NumberedRequests<String> requests = new NumberedRequests<>(bus, 1000);
        CompletableFuture<String> first = requests.send(2, BusRequestsTest::frame);
        CompletableFuture<String> second = requests.send(2, BusRequestsTest::frame);
        assertEquals(2, bus.sent.size());
        assertTrue(requests.answered(2L, "two"));
        assertTrue(requests.answered(1L, "one"));
        assertFalse(requests.answered(1L, "again"), "an answer counts once");
        assertEquals("one", first.get());
        assertEquals("two", second.get());
        assertEquals(0, requests.waiting());
    }

    @Test
    void anUnreachableNodeFailsTheRequestWithItsReasonOrTheCallersValue() {
        Links bus = new Links();
        NumberedRequests<String> requests = new NumberedRequests<>(bus, 1000);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> requests.send(3, BusRequestsTest::frame).get());
        assertInstanceOf(BusRequests.Unanswered.class, failed.getCause());
        assertTrue(failed.getCause().getMessage().contains("node:3 is not reachable"), failed.getCause().getMessage());
        assertEquals("ERR node:3 is not reachable over the cluster bus",
                requests.send(3, BusRequestsTest::frame, reason -> "ERR " + reason).join());
        assertEquals(0, requests.waiting());
    }

    @Test
    void expiryFailsLateRequestsAndThoseWhoseLinkWentDown() {
        Links bus = new Links();
        bus.up.add(2);
        bus.up.add(3);
        NumberedRequests<String> requests = new NumberedRequests<>(bus, 1000);
        CompletableFuture<String> late = requests.send(2, BusRequestsTest::frame, reason -> reason, 0, null);
        CompletableFuture<String> cut = requests.send(3, BusRequestsTest::frame, reason -> reason, -1, null);
        CompletableFuture<String> patient = requests.send(2, BusRequestsTest::frame, reason -> reason, -1, null);
        bus.up.remove(3);
        requests.expire();
        assertEquals("node:2 did not answer in time", late.join());
        assertEquals("the link to node:3 went down before it answered", cut.join());
        assertFalse(patient.isDone());
        requests.failAll("the node is stopping");
        assertEquals("the node is stopping", patient.join());
    }

    @Test
    void aCancelledRequestIsForgottenAndItsSenderTold() {
        Links bus = new Links();
        bus.up.add(2);
        List<Long> cancelled = new ArrayList<>();
        NumberedRequests<String> requests = new NumberedRequests<>(bus, 1000);
        CompletableFuture<String> blocking = requests.send(2, BusRequestsTest::frame, reason -> reason, -1, cancelled::add);
        blocking.cancel(false);
        assertEquals(List.of(1L), cancelled);
        assertEquals(0, requests.waiting());
        assertFalse(requests.answered(1L, "too late"));
    }

    @Test
    void keyedRequestsWaitForAnswersSentInSeveralFramesAndCanBeFailedByTheAnswerer() {
        Links bus = new Links();
        bus.up.add(2);
        BusRequests<String, Integer> requests = new BusRequests<>(bus, 1000);
        CompletableFuture<Integer> done = requests.expect(2, "job-1:2", 1000);
        CompletableFuture<Integer> other = requests.send(2, "job-2:2", frame(9));
        assertTrue(requests.fail("job-2:2", "the switch-over failed"));
        assertEquals("the switch-over failed", assertThrows(ExecutionException.class, other::get).getCause().getMessage());
        requests.forgetAll(key -> key.startsWith("job-1:"));
        assertFalse(requests.answered("job-1:2", 1));
        assertFalse(done.isDone());
    }
}
