package io.clustersync.proxy.internal.resp;

import io.clustersync.core.api.Reply;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a {@link Reply} in RESP2 or RESP3 (nulls as {@code _}, maps as {@code %}). */
public final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NIL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NIL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private RespWriter() {
    }

    public static void write(Reply reply, int protocol, ByteBuf out) {
        if (reply instanceof Reply.Bulk bulk) {
            byte[] value = bulk.value();
            if (value == null) {
                out.writeBytes(protocol >= 3 ? NULL3 : NIL2);
                return;
            }
            out.writeByte('$');
            writeNumber(out, value.length);
            out.writeBytes(CRLF).writeBytes(value).writeBytes(CRLF);
        } else if (reply == Reply.OK) {
            out.writeBytes(OK);
        } else if (reply instanceof Reply.Simple simple) {
            out.writeByte('+');
            out.writeCharSequence(oneLine(simple.text()), StandardCharsets.UTF_8);
            out.writeBytes(CRLF);
        } else if (reply instanceof Reply.Err error) {
            out.writeByte('-');
            out.writeCharSequence(oneLine(error.message()), StandardCharsets.UTF_8);
            out.writeBytes(CRLF);
        } else if (reply instanceof Reply.Int integer) {
            out.writeByte(':');
            writeNumber(out, integer.value());
            out.writeBytes(CRLF);
        } else if (reply instanceof Reply.Multi multi) {
            if (multi.items() == null) {
                out.writeBytes(protocol >= 3 ? NULL3 : NIL_ARRAY2);
                return;
            }
            boolean map = multi.map() && protocol >= 3;
            out.writeByte(map ? '%' : '*');
            writeNumber(out, map ? multi.items().size() / 2 : multi.items().size());
            out.writeBytes(CRLF);
            for (Reply item : multi.items()) {
                write(item, protocol, out);
            }
        }
    }

    /** An array of bulk strings, {@code head} then {@code tail} (which may be null): the same in RESP2 and RESP3. */
    public static void bulkArray(List<byte[]> head, byte[][] tail, ByteBuf out) {
        out.writeByte('*');
        writeNumber(out, head.size() + (tail == null ? 0 : tail.length));
        out.writeBytes(CRLF);
        for (byte[] word : head) {
            bulk(word, out);
        }
        if (tail != null) {
            for (byte[] word : tail) {
                bulk(word, out);
            }
        }
    }

    private static void bulk(byte[] value, ByteBuf out) {
        out.writeByte('$');
        writeNumber(out, value.length);
        out.writeBytes(CRLF).writeBytes(value).writeBytes(CRLF);
    }

    private static String oneLine(String text) {
        return text.indexOf('\r') < 0 && text.indexOf('\n') < 0 ? text : text.replace('\r', ' ').replace('\n', ' ');
    }

    private static void writeNumber(ByteBuf out, long value) {
        if (value < 0 || value >= 1_000_000_000L) {
            out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
            return;
        }
        long divisor = 1;
        while (divisor * 10 <= value) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte('0' + (int) (value / divisor % 10));
        }
    }
}
