package io.clustersync.core.internal.bus;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;

import java.util.List;

/** Turns a length-delimited frame into a {@link Frame} and back: one type byte, then the payload. */
final class FrameCodec extends MessageToMessageCodec<ByteBuf, Frame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf buf = ctx.alloc().buffer(1 + frame.payload().length);
        buf.writeByte(frame.type());
        buf.writeBytes(frame.payload());
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
