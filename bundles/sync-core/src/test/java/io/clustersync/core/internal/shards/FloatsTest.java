package io.clustersync.core.internal.shards;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbers as Redis reads and writes them: C's %.17g for scores, INCRBYFLOAT's long double, strtod's syntax, CRC-64. */
class FloatsTest {

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void scoresAreWrittenAsPercent17g() {
        assertEquals("1.1000000000000001", Floats.format(1.1));
        assertEquals("0.10000000000000001", Floats.format(0.1));
        assertEquals("1e+20", Floats.format(1e20));
        assertEquals("10000000000000000", Floats.format(1e16));
        assertEquals("1e+17", Floats.format(1e17));
        assertEquals("123.5", Floats.format(123.5));
        assertEquals("1.0000000000000001e-05", Floats.format(1e-5));
        assertEquals("0.0001", Floats.format(1e-4));
        assertEquals("-0", Floats.format(-0.0));
        assertEquals("inf", Floats.format(Double.POSITIVE_INFINITY));
        assertEquals("-2.5", Floats.format(-2.5));
    }

    @Test
    void incrbyfloatAddsInLongDoubleAndWritesSeventeenDecimals() {
        assertEquals("10.6", add("10.50", "0.1"));
        assertEquals("5200", add("5.0e3", "2.0e2"));
        assertEquals("3.3", add("1.1", "2.2"));
        assertEquals("0", add("-0", "0"));
        assertEquals("16", add("0x10", "0"));
    }

    private static String add(String a, String b) {
        BigDecimal sum = Floats.addLongDouble(Floats.parseLongDouble(b(a)), Floats.parseLongDouble(b(b)));
        return Floats.formatLongDouble(sum);
    }

    @Test
    void strtodSyntax() {
        assertEquals(5.0, Floats.parse(b("5.")));
        assertEquals(0.5, Floats.parse(b(".5")));
        assertEquals(5.0, Floats.parse(b("+5")));
        assertEquals(16.0, Floats.parse(b("0x10")));
        assertEquals(Double.NEGATIVE_INFINITY, Floats.parse(b("-inf")));
        assertTrue(Double.isNaN(Floats.parse(b(" 1"))), "no leading space");
        assertTrue(Double.isNaN(Floats.parse(b("nan"))));
        assertTrue(Double.isNaN(Floats.parse(b("1e400"))), "overflow");
        assertTrue(Double.isNaN(Floats.parse(b("1e-400"))), "underflow");
        assertTrue(Double.isNaN(Floats.parse(b(""))));
        assertNull(Floats.parseLongDouble(b("1e29223372036854775808")));
        assertEquals(0.0, Floats.parseLenient(b("")));
        assertEquals(1.0, Floats.parseLenient(b(" 1")));
    }

    @Test
    void crc64IsRedisOwn() {
        byte[] data = b("123456789");
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of(data, 0, data.length));
    }
}
