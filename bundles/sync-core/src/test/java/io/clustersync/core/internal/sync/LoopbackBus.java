package io.clustersync.core.internal.sync;

import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cluster bus of a few nodes in one test: each node's frames are queued and delivered when the test pumps
 * them, in order, to the handlers the receiving node registered. A link can be cut, and frames dropped. Nodes
 * may send from other threads; delivery runs on the thread that pumps.
 */
final class LoopbackBus {

    private record Sent(int from, int to, Frame frame) { }

    private final Deque<Sent> queue = new ArrayDeque<>();
    private final Map<Integer, Map<Byte, BusMessaging.Handler>> handlers = new HashMap<>();
    private final Set<Integer> down = new HashSet<>();
    private final List<Sent> delivered = new ArrayList<>();
    private Predicate<Frame> drop = frame -> false;

    /** The bus as node {@code id} sees it. */
    BusMessaging node(int id) {
        handlers.computeIfAbsent(id, k -> new HashMap<>());
        return new BusMessaging() {
            @Override
            public boolean send(int nodeId, Frame frame) {
                synchronized (LoopbackBus.this) {
                    if (!isLinkUp(nodeId)) {
                        return false;
                    }
                    queue.addLast(new Sent(id, nodeId, frame));
                    return true;
                }
            }

            @Override
            public boolean send(int nodeId, Supplier<Frame> frame) {
                return send(nodeId, frame.get());
            }

            @Override
            public void handle(byte type, Handler handler) {
                handlers.get(id).put(type, handler);
            }

            @Override
            public void unhandle(byte type) {
                handlers.get(id).remove(type);
            }

            @Override
            public boolean isLinkUp(int nodeId) {
                return !down.contains(nodeId) && !down.contains(id) && handlers.containsKey(nodeId);
            }
        };
    }

    synchronized void cut(int nodeId) {
        down.add(nodeId);
    }

    synchronized void heal(int nodeId) {
        down.remove(nodeId);
    }

    /** Frames matching {@code which} are lost from now on. */
    void dropping(Predicate<Frame> which) {
        drop = which;
    }

    /** Delivers queued frames (and those their handlers send) until none is left; returns how many arrived. */
    synchronized int pump() {
        int count = 0;
        for (int i = 0; i < 100_000 && !queue.isEmpty(); i++) {
            Sent sent = queue.removeFirst();
            if (drop.test(sent.frame) || down.contains(sent.to)) {
                continue;
            }
            BusMessaging.Handler handler = handlers.get(sent.to).get(sent.frame.type());
            if (handler != null) {
                delivered.add(sent);
                handler.handle(sent.from, sent.frame);
                count++;
            }
        }
        return count;
    }

    /** The frames of this type delivered to {@code to} so far. */
    List<Frame> deliveredTo(int to, byte type) {
        return delivered.stream().filter(s -> s.to == to && s.frame.type() == type).map(Sent::frame).toList();
    }
}
