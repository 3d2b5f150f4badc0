package io.clustersync.core.internal.bus;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The handlers of application frames, by type. A frame whose type has no handler yet is held for a while and
 * handed over when one registers: a node's bus is up before every component that handles frames has started
 * (or while one restarts after a configuration change), and a frame that came in that gap, such as a
 * {@code promote} announcement, would otherwise be lost. Bounded: {@link #HOLD_PER_TYPE} frames per type,
 * {@link #HOLD_BYTES} in all, each for {@link #HOLD_NANOS}.
 */
final class FrameDispatch {

    /** How many frames of one type are held at most; more are refused. */
    static final int HOLD_PER_TYPE = 256;
    /** How many payload bytes are held at most, over all types. */
    static final long HOLD_BYTES = 64L * 1024 * 1024;
    /** How long a held frame stays worth handing over. */
    static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(30);

    private record Held(int from, Frame frame, long at) { }

    private final Map<Byte, BusMessaging.Handler> handlers = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private final Map<Byte, ArrayDeque<Held>> held = new HashMap<>();
    /** Payload bytes held, over all types; guarded by this. */
    private long heldBytes;
    private final LongSupplier clock;

    FrameDispatch(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    FrameDispatch() {
        this(System::nanoTime);
    }

    /** Hands the frame to its type's handler, or holds it until one registers; false if it can be neither. */
    boolean dispatch(int from, Frame frame) {
        BusMessaging.Handler handler = handlers.get(frame.type());
        if (handler == null) {
            synchronized (this) {
                handler = handlers.get(frame.type());
                if (handler == null) {
                    return hold(from, frame);
                }
            }
        }
        handler.handle(from, frame);
        return true;
    }

    /** Registers (or replaces) a type's handler, and hands it the frames of that type held so far, in order. */
    void register(byte type, BusMessaging.Handler handler) {
        List<Held> waiting;
        synchronized (this) {
            handlers.put(type, handler);
            ArrayDeque<Held> queue = held.remove(type);
            waiting = queue == null ? List.of() : List.copyOf(queue);
            waiting.forEach(frame -> heldBytes -= frame.frame().payload().length);
        }
        long now = clock.getAsLong();
        for (Held frame : waiting) {
            if (now - frame.at() < HOLD_NANOS) {
                handler.handle(frame.from(), frame.frame());
            }
        }
    }

    void unregister(byte type) {
        handlers.remove(type);
    }

    private boolean hold(int from, Frame frame) {
        long now = clock.getAsLong();
        ArrayDeque<Held> queue = held.computeIfAbsent(frame.type(), t -> new ArrayDeque<>());
        while (!queue.isEmpty() && now - queue.peekFirst().at() >= HOLD_NANOS) {
            heldBytes -= queue.pollFirst().frame().payload().length;
        }
        if (queue.size() >= HOLD_PER_TYPE || heldBytes + frame.payload().length > HOLD_BYTES) {
            return false;
        }
        queue.addLast(new Held(from, frame, now));
        heldBytes += frame.payload().length;
        return true;
    }
}
