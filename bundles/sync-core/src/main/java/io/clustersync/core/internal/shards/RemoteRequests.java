package io.clustersync.core.internal.shards;

import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Requests this node sent over the cluster bus and whose answers it awaits, matched by id. Any number travel at
 * once (pipelined); one whose node's link went down, or that waited too long, is completed by {@code failure}.
 *
 * @param <T> what an answer becomes
 */
final class RemoteRequests<T> {

    private record Pending<T>(int nodeId, long deadlineNanos, CompletableFuture<T> future) {
    }

    private final BusMessaging bus;
    private final long timeoutNanos;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending<T>> pending = new ConcurrentHashMap<>();

    RemoteRequests(BusMessaging bus, long timeoutMs) {
        this.bus = bus;
        this.timeoutNanos = timeoutMs * 1_000_000;
    }

    /**
     * Sends the frame made for a fresh request id to the node; the future completes with the answer, or with
     * {@code failure.apply(reason)} when the node is not reachable or does not answer in time.
     */
    CompletableFuture<T> send(int nodeId, LongFunction<Frame> frame, Function<String, T> failure) {
        return send(nodeId, frame, failure, timeoutNanos / 1_000_000, null);
    }

    /**
     * As {@link #send(int, LongFunction, Function)}, waiting up to {@code timeoutMs} (forever when negative), and
     * calling {@code onCancel} with the request's id when the caller cancels the future before it is answered.
     */
    CompletableFuture<T> send(int nodeId, LongFunction<Frame> frame, Function<String, T> failure, long timeoutMs,
                              LongConsumer onCancel) {
        long id = ids.incrementAndGet();
        CompletableFuture<T> future = new CompletableFuture<>();
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMs * 1_000_000;
        pending.put(id, new Pending<>(nodeId, deadline, future));
        if (onCancel != null) {
            future.whenComplete((answer, error) -> {
                if (future.isCancelled() && pending.remove(id) != null) {
                    onCancel.accept(id);
                }
            });
        }
        if (!bus.send(nodeId, frame.apply(id))) {
            pending.remove(id);
            future.complete(failure.apply("node:" + nodeId + " is not reachable over the cluster bus"));
        }
        return future;
    }

    /** Completes the request with this id (an unknown id, one already timed out, is ignored). */
    void answered(long id, T answer) {
        Pending<T> request = pending.remove(id);
        if (request != null) {
            request.future.complete(answer);
        }
    }

    /** Fails requests that waited too long or whose node's link is down. */
    void expire(Function<String, T> failure) {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Long, Pending<T>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending<T> request = it.next().getValue();
            boolean late = now - request.deadlineNanos > 0;
            boolean down = !bus.isLinkUp(request.nodeId);
            if (late || down) {
                it.remove();
                request.future.complete(failure.apply(down
                        ? "the link to node:" + request.nodeId + " went down before it answered"
                        : "node:" + request.nodeId + " did not answer in time"));
            }
        }
    }

    void failAll(Function<String, T> failure) {
        pending.values().forEach(p -> p.future.complete(failure.apply("the node is stopping")));
        pending.clear();
    }
}
