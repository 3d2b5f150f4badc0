package io.clustersync.proxy.internal.resp;

import io.clustersync.core.api.Reply;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** Writes a {@link Reply} in RESP2 or RESP3 (nulls as {@code _}, maps as {@code %}, sets as {@code ~}, doubles as {@code ,}). */
public final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NIL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NIL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAIR = "*2\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TXT = "txt:".getBytes(StandardCharsets.US_ASCII);

    private RespWriter() {
    }

    public static void write(Reply reply, int protocol, ByteBuf out) {
        if (reply instanceof Reply.Bulk bulk) {
            byte[] value = bulk.value();
            if (value == null) {
                out.writeBytes(protocol >= 3 ? NULL3 : NIL2);
                return;
            }
            bulk(value, out);
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
            if (multi.shape() == Reply.Shape.REPLIES) {
                for (Reply each : multi.items()) {
                    write(each, protocol, out);
                }
                return;
            }
            Reply.Shape shape = protocol >= 3 ? multi.shape() : Reply.Shape.ARRAY;
            int size = multi.items().size();
            int count = shape == Reply.Shape.MAP || shape == Reply.Shape.PAIRS ? size / 2 : size;
            if (shape == Reply.Shape.ARRAY || shape == Reply.Shape.PAIRS) {
                arrayHeader(count, out);
            } else {
                out.writeByte(shape == Reply.Shape.MAP ? '%' : shape == Reply.Shape.SET ? '~' : '>');
                writeNumber(out, count);
                out.writeBytes(CRLF);
            }
            out.ensureWritable(sizeHint(multi));
            for (int i = 0; i < size; i++) {
                if (shape == Reply.Shape.PAIRS && i % 2 == 0) {
                    out.writeBytes(PAIR);
                }
                write(multi.items().get(i), protocol, out);
            }
        } else if (reply instanceof Reply.Real real) {
            if (protocol >= 3) {
                out.writeByte(',');
                out.writeCharSequence(real.text(), StandardCharsets.US_ASCII);
                out.writeBytes(CRLF);
            } else {
                bulk(real.text().getBytes(StandardCharsets.US_ASCII), out);
            }
        } else if (reply instanceof Reply.Verbatim verbatim) {
            byte[] text = verbatim.text().getBytes(StandardCharsets.UTF_8);
            if (protocol >= 3) {
                out.writeByte('=');
                writeNumber(out, text.length + 4);
                out.writeBytes(CRLF).writeBytes(TXT).writeBytes(text).writeBytes(CRLF);
            } else {
                bulk(text, out);
            }
        }
    }

    /** The header of an array of {@code count} items. */
    public static void arrayHeader(int count, ByteBuf out) {
        if (count >= 0 && count < HEADERS) {
            out.writeBytes(ARRAY_HEADERS[count]);
            return;
        }
        out.writeByte('*');
        writeNumber(out, count);
        out.writeBytes(CRLF);
    }

    /** A bulk string. */
    public static void bulk(byte[] value, ByteBuf out) {
        if (value.length < HEADERS) {
            out.writeBytes(BULK_HEADERS[value.length]);
        } else {
            out.writeByte('$');
            writeNumber(out, value.length);
            out.writeBytes(CRLF);
        }
        out.writeBytes(value).writeBytes(CRLF);
    }

    /** Roughly the bytes the items of a reply of bulk strings take (room made once for all of them). */
    private static int sizeHint(Reply.Multi multi) {
        long bytes = 0;
        for (Reply item : multi.items()) {
            bytes += item instanceof Reply.Bulk bulk && bulk.value() != null ? bulk.value().length + 8 : 16;
        }
        return (int) Math.min(bytes, 1 << 20);
    }

    /** Redis keeps the headers of short bulk strings and arrays made ({@code OBJ_SHARED_BULKHDR_LEN}); so do we. */
    private static final int HEADERS = 1024;
    private static final byte[][] BULK_HEADERS = headers('$');
    private static final byte[][] ARRAY_HEADERS = headers('*');

    private static byte[][] headers(char type) {
        byte[][] out = new byte[HEADERS][];
        for (int i = 0; i < HEADERS; i++) {
            out[i] = (type + Integer.toString(i) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** A number as a bulk string of its decimal digits. */
    public static void bulk(long value, ByteBuf out) {
        if (value == Long.MIN_VALUE) {
            bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII), out);
            return;
        }
        int length = digits(value);
        out.writeByte('$');
        writeNumber(out, length);
        out.writeBytes(CRLF);
        writeDigits(out, value, length);
        out.writeBytes(CRLF);
    }

    /** How many characters {@code value} takes in decimal, its sign included. */
    static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int n = value < 0 ? 2 : 1;
        for (long rest = Math.abs(value); rest >= 10; rest /= 10) {
            n++;
        }
        return n;
    }

    private static String oneLine(String text) {
        return text.indexOf('\r') < 0 && text.indexOf('\n') < 0 ? text : text.replace('\r', ' ').replace('\n', ' ');
    }

    /** {@code value} in decimal, written in place (no string made on the way). */
    static void writeNumber(ByteBuf out, long value) {
        if (value == Long.MIN_VALUE) {
            out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
            return;
        }
        writeDigits(out, value, digits(value));
    }

    /** {@code value} (not {@link Long#MIN_VALUE}) in decimal, {@code length} characters as {@link #digits} counts them. */
    private static void writeDigits(ByteBuf out, long value, int length) {
        out.ensureWritable(length);
        int start = out.writerIndex();
        if (value < 0) {
            out.setByte(start, '-');
            value = -value;
        }
        for (int at = start + length - 1; ; at--) {
            out.setByte(at, '0' + (int) (value % 10));
            value /= 10;
            if (value == 0) {
                break;
            }
        }
        out.writerIndex(start + length);
    }
}
