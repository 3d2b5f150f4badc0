package io.clustersync.core.internal.bus;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Requests this node sent over the cluster bus and whose answers it awaits, matched by key: the one helper for
 * request and answer over the bus. Any number travel at once; a request whose node is not reachable, whose
 * node's link went down, or that waited past its deadline is failed with the reason, either exceptionally (an
 * {@link Unanswered}) or with the value the caller's {@code failure} makes of the reason.
 *
 * @param <K> what identifies a request in its answer (a number, a job and a node)
 * @param <T> what an answer becomes
 */
public class BusRequests<K, T> {

    /** Why a request got no answer: not reachable, link down, too late, or the node is stopping. */
    public static final class Unanswered extends IllegalStateException {
        public Unanswered(String reason) {
            super(reason);
        }
    }

    private record Pending<T>(int nodeId, long deadlineNanos, CompletableFuture<T> future, Function<String, T> failure) {

        void fail(String reason) {
            if (failure == null) {
                future.completeExceptionally(new Unanswered(reason));
            } else {
                future.complete(failure.apply(reason));
            }
        }
    }

    private final BusMessaging bus;
    private final long timeoutMs;
    private final Map<K, Pending<T>> pending = new ConcurrentHashMap<>();

    public BusRequests(BusMessaging bus, long timeoutMs) {
        this.bus = bus;
        this.timeoutMs = timeoutMs;
    }

    /** Sends {@code frame} to the node as request {@code key}; the future fails exceptionally when unanswered. */
    public CompletableFuture<T> send(int nodeId, K key, Frame frame) {
        return send(nodeId, key, frame, timeoutMs, null, null);
    }

    /**
     * Sends {@code frame} to the node as request {@code key}, waiting up to {@code waitMs} (forever when negative).
     * An unanswered request completes with {@code failure.apply(reason)} (exceptionally when {@code failure} is
     * null); {@code onCancel} hears of a request the caller cancelled before its answer came.
     */
    public CompletableFuture<T> send(int nodeId, K key, Frame frame, long waitMs, Function<String, T> failure,
                                     Consumer<K> onCancel) {
        CompletableFuture<T> future = expect(nodeId, key, waitMs, failure, onCancel);
        if (!bus.send(nodeId, frame)) {
            fail(key, "node:" + nodeId + " is not reachable over the cluster bus");
        }
        return future;
    }

    /**
     * Waits for the answer to request {@code key} that the caller sends itself (in several frames, say); the
     * future fails exceptionally when unanswered.
     */
    public CompletableFuture<T> expect(int nodeId, K key, long waitMs) {
        return expect(nodeId, key, waitMs, null, null);
    }

    private CompletableFuture<T> expect(int nodeId, K key, long waitMs, Function<String, T> failure, Consumer<K> onCancel) {
        CompletableFuture<T> future = new CompletableFuture<>();
        long deadline = waitMs < 0 ? Long.MAX_VALUE : System.nanoTime() + waitMs * 1_000_000;
        Pending<T> request = new Pending<>(nodeId, deadline, future, failure);
        Pending<T> earlier = pending.put(key, request);
        if (earlier != null) {
            earlier.fail("a newer request " + key + " to node:" + nodeId + " replaced it");
        }
        future.whenComplete((answer, error) -> {
            if (pending.remove(key, request) && future.isCancelled() && onCancel != null) {
                onCancel.accept(key);
            }
        });
        return future;
    }

    /** Completes request {@code key} (an unknown key, or one already failed, is ignored); true if it waited. */
    public boolean answered(K key, T answer) {
        Pending<T> request = pending.remove(key);
        if (request == null) {
            return false;
        }
        request.future.complete(answer);
        return true;
    }

    /** Fails request {@code key} with a reason the node sent or the caller found; true if it waited. */
    public boolean fail(K key, String reason) {
        Pending<T> request = pending.remove(key);
        if (request == null) {
            return false;
        }
        request.fail(reason);
        return true;
    }

    /** Forgets request {@code key} without completing it (its caller stopped waiting). */
    public void forget(K key) {
        pending.remove(key);
    }

    /** Forgets every request whose key matches (a job that ended). */
    public void forgetAll(Predicate<K> keys) {
        pending.keySet().removeIf(keys);
    }

    /** Fails requests that waited past their deadline or whose node's link is down. */
    public void expire() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<K, Pending<T>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending<T> request = it.next().getValue();
            boolean late = now - request.deadlineNanos > 0;
            boolean down = !bus.isLinkUp(request.nodeId);
            if (late || down) {
                it.remove();
                request.fail(down ? "the link to node:" + request.nodeId + " went down before it answered"
                        : "node:" + request.nodeId + " did not answer in time");
            }
        }
    }

    /** Fails every waiting request (the component is stopping). */
    public void failAll(String reason) {
        for (K key : pending.keySet()) {
            fail(key, reason);
        }
    }

    /** How long a request waits unless its sender says otherwise. */
    protected long timeoutMs() {
        return timeoutMs;
    }

    /** How many requests wait for an answer. */
    public int waiting() {
        return pending.size();
    }
}
