package io.clustersync.core.internal.bus;

import io.netty.channel.Channel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;

/** The handlers every bus connection starts with: TLS, then 4-byte length-prefixed frames ({@link FrameCodec} writes the length), then {@link Frame}s. */
final class BusPipeline {

    /** The largest frame a peer may send. */
    static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private BusPipeline() {
    }

    /**
     * Refuses, before it leaves, a frame larger than a peer takes (the peer would drop the link on it): the sender
     * learns what was too large instead of seeing the peer go away.
     */
    static void checkSize(Frame frame) {
        long bytes = Integer.BYTES + 1L + frame.payload().length;
        if (bytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("a bus frame of type " + frame.type() + " would be " + bytes
                    + " bytes; the bus carries at most " + MAX_FRAME_BYTES + " bytes per frame");
        }
    }

    static void configure(Channel channel, SslHandler tls) {
        channel.pipeline()
                .addLast("tls", tls)
                // Not redundant with the Outbox's one flush per burst: this defers that flush behind the tasks already
                // queued, so a drain queued while another ran adds its frames before the flush and both leave in one TLS
                // wrap and one write (without it the Replica Of benchmark spent 25-60% more CPU per SET).
                .addLast("flushes", new FlushConsolidationHandler(256, true))
                .addLast("frames", new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 4))
                .addLast("codec", new FrameCodec());
    }
}
