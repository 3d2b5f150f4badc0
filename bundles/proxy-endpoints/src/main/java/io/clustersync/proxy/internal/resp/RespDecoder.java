package io.clustersync.proxy.internal.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Reads client commands, as Redis does: a multibulk request ({@code *<n>\r\n} then {@code n} times
 * {@code $<len>\r\n<bytes>\r\n}) or an inline command line. Each command comes out as a {@code byte[][]}. The
 * decoder keeps its place between reads, so a large bulk arriving in pieces is not parsed again from the start.
 * Input past a {@link ProtocolLimits} bound, or malformed, throws {@link ProtocolException}.
 */
public final class RespDecoder extends ByteToMessageDecoder {

    private final ProtocolLimits limits;
    private byte[][] args;
    private int argIndex;
    private int bulkLength = -1;
    private long requestBytes;

    public RespDecoder(ProtocolLimits limits) {
        this.limits = limits;
    }

    /** True while part of a request has arrived and the rest has not. */
    public boolean midRequest() {
        return args != null || internalBuffer().isReadable();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            byte[][] command = args == null ? startRequest(in) : continueMultibulk(in);
            if (command == null) {
                return;
            }
            if (command.length > 0) {
                out.add(command);
            }
        }
    }

    private byte[][] startRequest(ByteBuf in) {
        byte first = in.getByte(in.readerIndex());
        if (first == '*') {
            int eol = lineEnd(in, in.readerIndex() + 1, "too big mbulk count string");
            if (eol < 0) {
                return null;
            }
            long count = number(in, in.readerIndex() + 1, eol, "invalid multibulk length");
            if (count > limits.maxArgs()) {
                throw new ProtocolException("invalid multibulk length");
            }
            requestBytes = eol + 2 - in.readerIndex();
            in.readerIndex(eol + 2);
            if (count <= 0) {
                return new byte[0][];
            }
            args = new byte[(int) count][];
            argIndex = 0;
            bulkLength = -1;
            return continueMultibulk(in);
        }
        if (first != '\r' && first != '\n' && first != '\t' && (first < 0x20 || first > 0x7E)) {
            throw new ProtocolException(String.format("unexpected byte 0x%02x at the start of a request", first & 0xFF));
        }
        return inline(in);
    }

    private byte[][] continueMultibulk(ByteBuf in) {
        while (argIndex < args.length) {
            if (bulkLength < 0) {
                if (!in.isReadable()) {
                    return null;
                }
                byte type = in.getByte(in.readerIndex());
                if (type != '$') {
                    throw new ProtocolException("expected '$', got '" + printable(type) + "'");
                }
                int eol = lineEnd(in, in.readerIndex() + 1, "too big bulk count string");
                if (eol < 0) {
                    return null;
                }
                long length = number(in, in.readerIndex() + 1, eol, "invalid bulk length");
                if (length < 0 || length > limits.maxBulkBytes()) {
                    throw new ProtocolException("invalid bulk length");
                }
                addRequestBytes(eol + 2 - in.readerIndex() + length + 2);
                in.readerIndex(eol + 2);
                bulkLength = (int) length;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[bulkLength];
            in.readBytes(arg);
            if (in.readByte() != '\r' || in.readByte() != '\n') {
                throw new ProtocolException("bulk of " + bulkLength + " bytes not followed by CRLF");
            }
            args[argIndex++] = arg;
            bulkLength = -1;
        }
        byte[][] done = args;
        args = null;
        return done;
    }

    private void addRequestBytes(long bytes) {
        requestBytes += bytes;
        if (requestBytes > limits.maxRequestBytes()) {
            throw new ProtocolException("request larger than " + limits.maxRequestBytes() + " bytes");
        }
    }

    private byte[][] inline(ByteBuf in) {
        int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > limits.maxInlineBytes()) {
                throw new ProtocolException("too big inline request");
            }
            return null;
        }
        if (newline - in.readerIndex() > limits.maxInlineBytes()) {
            throw new ProtocolException("too big inline request");
        }
        int end = newline > in.readerIndex() && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
        byte[] line = new byte[end - in.readerIndex()];
        in.getBytes(in.readerIndex(), line);
        in.readerIndex(newline + 1);
        List<byte[]> words = InlineSplitter.split(line);
        if (words.size() > limits.maxArgs()) {
            throw new ProtocolException("invalid multibulk length");
        }
        return words.toArray(new byte[0][]);
    }

    /** The index of the '\r' of the CRLF ending a length line, -1 if it has not arrived; too long a line throws. */
    private int lineEnd(ByteBuf in, int from, String tooLong) {
        int limit = Math.min(in.writerIndex(), from + limits.maxInlineBytes());
        int cr = in.indexOf(from, limit, (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            if (in.writerIndex() - from > limits.maxInlineBytes()) {
                throw new ProtocolException(tooLong);
            }
            return -1;
        }
        if (in.getByte(cr + 1) != '\n') {
            throw new ProtocolException(tooLong.contains("mbulk") ? "invalid multibulk length" : "invalid bulk length");
        }
        return cr;
    }

    private static long number(ByteBuf in, int from, int to, String error) {
        if (to == from || to - from > 19) {
            throw new ProtocolException(error);
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            throw new ProtocolException(error);
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = in.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new ProtocolException(error);
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b <= 0x7E ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
    }
}
