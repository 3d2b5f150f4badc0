package io.clustersync.core.internal.bus;

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
     * Registers the handler of a frame type (one per type); replaces any earlier one. Frames of the type that came
     * while it had no handler (up to 256, in the last 30 s) are handed to it at once, in order.
     */
    void handle(byte type, Handler handler);

    /** Removes the handler of a frame type. */
    void unhandle(byte type);

    /** True while frames to the peer can be sent. */
    boolean isLinkUp(int nodeId);
}
