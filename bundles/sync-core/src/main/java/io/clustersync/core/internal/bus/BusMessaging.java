package io.clustersync.core.internal.bus;

import java.util.function.Supplier;

/**
 * Sending and receiving application frames over the cluster bus, for sync-core's own components. Frames to
 * a peer travel on this node's outbound link to it, in order; frames from a peer arrive on its inbound link
 * and go to the handler registered for their type, on the bus's I/O thread (handlers must not block).
 */
public interface BusMessaging {

    /** A handler of one frame type. */
    interface Handler {
        void handle(int fromNodeId, Frame frame);
    }

    /** Sends to a peer if its link is up; returns false (and sends nothing) if it is not. */
    boolean send(int nodeId, Frame frame);

    /**
     * Like {@link #send(int, Frame)}, but the frame is made when its turn to leave comes, on the link's I/O
     * thread, from whatever the sender gathered until then (a stream's events that came meanwhile travel in
     * one frame); a null frame sends nothing. The supplier must be quick and must not block.
     */
    boolean send(int nodeId, Supplier<Frame> frame);

    /**
     * Registers the handler of a frame type (one per type); replaces any earlier one. Frames of the type that came
     * while it had no handler (up to 256, in the last 30 s) are handed to it at once, in order.
     */
    void handle(byte type, Handler handler);

    /** Removes the handler of a frame type. */
    void unhandle(byte type);

    /** True while frames to the peer can be sent. */
    boolean isLinkUp(int nodeId);
}
