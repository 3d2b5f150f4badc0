package io.clustersync.core.internal.bus;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * {@link BusRequests} identified by a number this node hands out, which the request frame carries and its
 * answer names.
 *
 * @param <T> what an answer becomes
 */
public final class NumberedRequests<T> extends BusRequests<Long, T> {

    private final AtomicLong ids = new AtomicLong();

    public NumberedRequests(BusMessaging bus, long timeoutMs) {
        super(bus, timeoutMs);
    }

    /** Sends the frame made for a fresh id; the future fails exceptionally when unanswered. */
    public CompletableFuture<T> send(int nodeId, LongFunction<Frame> frame) {
        long id = ids.incrementAndGet();
        return send(nodeId, id, frame.apply(id));
    }

    /** Sends the frame made for a fresh id; an unanswered request completes with {@code failure.apply(reason)}. */
    public CompletableFuture<T> send(int nodeId, LongFunction<Frame> frame, Function<String, T> failure) {
        return send(nodeId, frame, failure, timeoutMs(), null);
    }

    /** As {@link #send(int, LongFunction, Function)}, waiting up to {@code waitMs} (forever when negative). */
    public CompletableFuture<T> send(int nodeId, LongFunction<Frame> frame, Function<String, T> failure, long waitMs,
                                     LongConsumer onCancel) {
        long id = ids.incrementAndGet();
        return send(nodeId, id, frame.apply(id), waitMs, failure, onCancel == null ? null : onCancel::accept);
    }
}
