package io.clustersync.core.internal.bus;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;

import java.util.List;

/**
 * Turns a length-delimited frame into a {@link Frame} and back: a 4-byte length, one type byte, then the
 * payload. Buffers already holding whole frames (an {@link Outbox}'s) pass through as they are.
 */
final class FrameCodec extends MessageToMessageCodec<ByteBuf, Frame> {

    /** The bytes a frame takes on the wire. */
    static int wireSize(Frame frame) {
        return 5 + frame.payload().length;
    }

    /** Appends a frame to a buffer as it goes on the wire. */
    static void write(ByteBuf buf, Frame frame) {
        buf.writeInt(1 + frame.payload().length);
        buf.writeByte(frame.type());
        buf.writeBytes(frame.payload());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf buf = ctx.alloc().buffer(wireSize(frame));
        write(buf, frame);
        out.add(buf);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            throw new IllegalArgumentException("empty bus frame from " + ctx.channel().remoteAddress());
        }
        byte type = in.readByte();
        byte[] payload = new byte[in.readableBytes()];
        in.readBytes(payload);
        out.add(new Frame(type, payload));
    }
}
