package io.clustersync.core.internal.bus;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The frames handed to one bus connection and not yet written, from any thread. They leave in the order they
 * were handed over: one task on the connection's event loop writes all that are queued when it runs (a burst
 * of frames costs one task, one buffer and one flush, not one of each per frame), then flushes. Every frame
 * goes through the queue, even one handed over on the connection's own event loop, whose direct write would
 * overtake frames other threads queued before it (a replication stream relayed over the bus would arrive out
 * of order).
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** Frames up to this size are packed together; a larger one gets a buffer of its own. */
    static final int PACK_BYTES = 64 * 1024;

    private final Channel channel;
    /** {@link Frame}s, and suppliers of frames made as they leave. */
    private final Queue<Object> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Outbox(Channel channel) {
        this.channel = channel;
    }

    /** Queues a frame; false if the connection's event loop no longer takes tasks (the node is stopping). */
    boolean offer(Frame frame) {
        return enqueue(frame);
    }

    /** Queues a frame made when its turn to leave comes; a null frame is nothing to send. */
    boolean offer(Supplier<Frame> frame) {
        return enqueue(frame);
    }

    private boolean enqueue(Object item) {
        queue.offer(item);
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                return false;
            }
        }
        return true;
    }

    /** On the event loop: writes every queued frame, packed into as few buffers as their sizes allow. */
    private void drain() {
        // cleared first: a frame queued after the last poll below schedules another drain
        scheduled.set(false);
        if (!channel.isActive()) {
            queue.clear();
            return;
        }
        ByteBuf pack = null;
        for (Object item = queue.poll(); item != null; item = queue.poll()) {
            Frame frame = item instanceof Frame f ? f : made(item);
            if (frame == null) {
                continue;
            }
            int size = FrameCodec.wireSize(frame);
            if (pack != null && pack.writableBytes() < size) {
                channel.write(pack, channel.voidPromise());
                pack = null;
            }
            if (pack == null) {
                pack = channel.alloc().buffer(Math.max(size, PACK_BYTES));
            }
            FrameCodec.write(pack, frame);
        }
        if (pack != null) {
            channel.write(pack, channel.voidPromise());
        }
        channel.flush();
    }

    @SuppressWarnings("unchecked")
    private Frame made(Object supplier) {
        try {
            return ((Supplier<Frame>) supplier).get();
        } catch (RuntimeException e) {
            LOG.warn("a frame for {} could not be made, nothing sent: {}", channel.remoteAddress(), e.toString());
            return null;
        }
    }
}
