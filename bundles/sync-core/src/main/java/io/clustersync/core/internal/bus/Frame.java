package io.clustersync.core.internal.bus;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One message of the cluster bus: a type byte and a payload, carried in a length-prefixed frame. Types 1-15
 * belong to the bus itself; the codes of other components are all declared in {@link FrameTypes} and their
 * handlers registered with {@link BusMessaging}.
 */
public record Frame(byte type, byte[] payload) {

    static final byte HELLO = 1;
    static final byte WELCOME = 2;
    static final byte REFUSE = 3;
    static final byte HEARTBEAT = 4;
    /** The first type other components may use. */
    public static final byte FIRST_APPLICATION_TYPE = 16;

    static final byte[] EMPTY = new byte[0];

    static Frame heartbeat() {
        return new Frame(HEARTBEAT, EMPTY);
    }

    static Frame refuse(String reason) {
        return new Frame(REFUSE, utf8(reason));
    }

    static Frame welcome(int nodeId) {
        return new Frame(WELCOME, write(out -> out.writeInt(nodeId)));
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    public static byte[] write(Writer writer) {
        return write(64, writer);
    }

    /** The payload {@code writer} writes; {@code sizeHint} is its expected size (exact, it is not copied at the end). */
    public static byte[] write(int sizeHint, Writer writer) {
        FrameBytes.Out bytes = new FrameBytes.Out(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads the payload from its start. */
    public DataInputStream input() {
        return new DataInputStream(new FrameBytes.In(payload));
    }
}
