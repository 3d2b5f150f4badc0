package io.clustersync.core.internal.bus;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The first frame on a bus connection: who is calling. The receiver refuses another protocol version, another
 * cluster name, a node id it does not know, or a node id calling from another address than its own.
 */
record Hello(int protocolVersion, String clusterName, int nodeId) {

    static final int PROTOCOL_VERSION = 1;

    Frame toFrame() {
        return new Frame(Frame.HELLO, Frame.write(out -> {
            out.writeInt(protocolVersion);
            out.writeUTF(clusterName);
            out.writeInt(nodeId);
        }));
    }

    static Hello from(Frame frame) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame.payload()))) {
            return new Hello(in.readInt(), in.readUTF(), in.readInt());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed HELLO frame: " + e.getMessage(), e);
        }
    }
}
