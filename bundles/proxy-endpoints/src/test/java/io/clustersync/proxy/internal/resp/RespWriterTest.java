package io.clustersync.proxy.internal.resp;

import io.clustersync.core.api.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RespWriterTest {

    private static String text(ByteBuf out) {
        try {
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    @Test
    void writesNumbersOfEveryLengthAndSignInPlace() {
        long[] values = {0, 7, 9, 10, 99, 100, 999_999_999L, 1_000_000_000L, 1_763_900_000_123L, Long.MAX_VALUE,
                -1, -10, -987_654_321_012L, Long.MIN_VALUE};
        for (long value : values) {
            ByteBuf out = Unpooled.buffer(1); // grows while the number is written
            out.writeByte('>');
            RespWriter.writeNumber(out, value);
            out.writeByte('<');
            assertEquals(">" + value + "<", text(out), "number " + value);
            assertEquals(Long.toString(value).length(), RespWriter.digits(value), "digits of " + value);
        }
    }

    @Test
    void writesANumberAsABulkStringOfItsDigits() {
        ByteBuf out = Unpooled.buffer();
        RespWriter.arrayHeader(3, out);
        RespWriter.bulk("write".getBytes(StandardCharsets.US_ASCII), out);
        RespWriter.bulk(1_234_567_890_123L, out);
        RespWriter.bulk(-5, out);
        assertEquals("*3\r\n$5\r\nwrite\r\n$13\r\n1234567890123\r\n$2\r\n-5\r\n", text(out));
        ByteBuf extremes = Unpooled.buffer();
        RespWriter.bulk(0, extremes);
        RespWriter.bulk(Long.MIN_VALUE, extremes);
        assertEquals("$1\r\n0\r\n$20\r\n" + Long.MIN_VALUE + "\r\n", text(extremes));
    }

    @Test
    void writesIntegerRepliesAndArrays() {
        ByteBuf out = Unpooled.buffer();
        RespWriter.write(Reply.array(List.of(Reply.integer(42), Reply.integer(-3), Reply.integer(10_000_000_000L))), 2, out);
        assertEquals("*3\r\n:42\r\n:-3\r\n:10000000000\r\n", text(out));
    }
}
