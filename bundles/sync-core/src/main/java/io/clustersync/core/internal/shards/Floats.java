package io.clustersync.core.internal.shards;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Floating-point numbers as Redis reads and writes them: {@code strtod}'s syntax (no spaces, no NaN, no
 * overflow), scores written as C's {@code %.17g}, and INCRBYFLOAT's 80-bit {@code long double} arithmetic written
 * as {@code %.17Lf} without trailing zeros, so that the digits a client sees are Redis's own.
 */
final class Floats {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEX = Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?(?:[pP]([+-]?\\d+))?");
    private static final Pattern INFINITE = Pattern.compile("[+-]?(inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final int LONG_DOUBLE_MANTISSA_BITS = 64;
    private static final BigDecimal LONG_DOUBLE_MAX = new BigDecimal("1.18973149535723176502e4932");

    private Floats() {
    }

    /** A double as {@code strtod} reads it, or NaN when Redis would refuse the text. */
    static double parse(byte[] text) {
        if (text.length == 0 || text.length > 5000) {
            return Double.NaN;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        if (INFINITE.matcher(s).matches()) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        BigDecimal hex = hex(s);
        if (hex != null) {
            double value = hex.doubleValue();
            return Double.isInfinite(value) || (value == 0 && hex.signum() != 0) ? Double.NaN : value;
        }
        if (!DECIMAL.matcher(s).matches()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(s);
        if (Double.isInfinite(value)) {
            return Double.NaN;
        }
        if (value == 0 && !zeroDigits(s)) {
            return Double.NaN; // underflow: strtod's ERANGE
        }
        return value;
    }

    /**
     * The exact value of a C hexadecimal floating-point text ({@code 0x1.8p3}), which {@code strtod} and
     * {@code strtold} take; null for any other text. Exponents beyond any double's are left to the caller's range check.
     */
    static BigDecimal hex(String text) {
        Matcher m = HEX.matcher(text);
        if (!m.matches() || (m.group(2).isEmpty() && (m.group(3) == null || m.group(3).isEmpty()))) {
            return null;
        }
        String fraction = m.group(3) == null ? "" : m.group(3);
        BigInteger mantissa = new BigInteger("0" + m.group(2) + fraction, 16);
        long exponent;
        try {
            exponent = (m.group(4) == null ? 0 : Long.parseLong(m.group(4))) - 4L * fraction.length();
        } catch (NumberFormatException e) {
            return null;
        }
        if (Math.abs(exponent) > 20_000) {
            return mantissa.signum() == 0 ? BigDecimal.ZERO : null;
        }
        BigDecimal value = times2(new BigDecimal(mantissa), (int) exponent);
        return "-".equals(m.group(1)) ? value.negate() : value;
    }

    /** True when the mantissa of a decimal text has no digit but 0 (the value is 0 whatever its exponent). */
    private static boolean zeroDigits(String decimal) {
        for (int i = 0; i < decimal.length(); i++) {
            char c = decimal.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    /** The written exponent of a decimal text, saturated far beyond any long double's. */
    private static long exponentOf(String decimal) {
        int e = Math.max(decimal.indexOf('e'), decimal.indexOf('E'));
        if (e < 0) {
            return 0;
        }
        String digits = decimal.substring(e + 1);
        boolean negative = digits.startsWith("-");
        digits = digits.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
        if (digits.length() > 9) {
            return negative ? -1_000_000_000L : 1_000_000_000L;
        }
        long value = Long.parseLong(digits);
        return negative ? -value : value;
    }

    /**
     * A number as SORT reads a weight with bare {@code strtod}: spaces in front and an empty text (0) are taken;
     * NaN when the text does not end with the number, or overflows or underflows.
     */
    static double parseLenient(byte[] text) {
        int start = 0;
        while (start < text.length && " \t\n\u000b\f\r".indexOf(text[start]) >= 0) {
            start++;
        }
        if (start == text.length) {
            return 0;
        }
        return parse(Arrays.copyOfRange(text, start, text.length));
    }

    /** C's {@code %.17g}: what Redis 7.0 writes for a score. */
    static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String digits = strip(mantissa.toPlainString());
            return digits + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return strip(rounded.toPlainString());
    }

    private static String strip(String plain) {
        if (plain.indexOf('.') < 0) {
            return plain;
        }
        int end = plain.length();
        while (plain.charAt(end - 1) == '0') {
            end--;
        }
        if (plain.charAt(end - 1) == '.') {
            end--;
        }
        return plain.substring(0, end);
    }

    /**
     * A number as {@code strtold} reads it on x86-64 (rounded to a 64-bit mantissa), or null when Redis's
     * {@code string2ld} refuses it. Infinities are returned as null too: every caller refuses them next.
     */
    static BigDecimal parseLongDouble(byte[] text) {
        if (text.length == 0 || text.length >= 5 * 1024) {
            return null;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        BigDecimal exact = hex(s);
        if (exact == null) {
            if (!DECIMAL.matcher(s).matches()) {
                return null;
            }
            if (zeroDigits(s)) {
                return BigDecimal.ZERO;
            }
            if (Math.abs(exponentOf(s)) > 10_000) {
                return null; // beyond any long double: strtold's ERANGE, which Redis refuses
            }
            exact = new BigDecimal(s);
        }
        if (exact.abs().compareTo(LONG_DOUBLE_MAX) > 0) {
            return null;
        }
        return toLongDouble(exact);
    }

    /** Rounds an exact value to the nearest number with a 64-bit binary mantissa, ties to even. */
    static BigDecimal toLongDouble(BigDecimal exact) {
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal magnitude = exact.abs();
        int e = (int) Math.floor(log2(magnitude)) - (LONG_DOUBLE_MANTISSA_BITS - 1);
        for (int tries = 0; tries < 8; tries++) {
            int bits = times2(magnitude, -e).setScale(0, RoundingMode.FLOOR).toBigInteger().bitLength();
            if (bits == LONG_DOUBLE_MANTISSA_BITS) {
                break;
            }
            e += bits - LONG_DOUBLE_MANTISSA_BITS;
        }
        BigInteger mantissa = times2(magnitude, -e).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigDecimal value = times2(new BigDecimal(mantissa), e);
        return exact.signum() < 0 ? value.negate() : value;
    }

    /** value * 2^power, exactly. */
    private static BigDecimal times2(BigDecimal value, int power) {
        return power >= 0 ? value.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(power)))
                : value.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-power)));
    }

    private static double log2(BigDecimal value) {
        int shift = value.precision() - value.scale();
        double mantissa = value.movePointLeft(shift).doubleValue();
        return (Math.log(mantissa) + shift * Math.log(10)) / Math.log(2);
    }

    /** True for the texts of an infinity that strtod and strtold take. */
    static boolean isInfinity(byte[] text) {
        return text.length <= 9 && INFINITE.matcher(new String(text, StandardCharsets.ISO_8859_1)).matches();
    }

    /** a + b in long double, or null when the sum is not finite in a long double (Redis: NaN or Infinity). */
    static BigDecimal addLongDouble(BigDecimal a, BigDecimal b) {
        BigDecimal sum = toLongDouble(a.add(b));
        return sum.abs().compareTo(LONG_DOUBLE_MAX) > 0 ? null : sum;
    }

    /** {@code %.17Lf} without trailing zeros (Redis's LD_STR_HUMAN). */
    static String formatLongDouble(BigDecimal value) {
        String text = strip(value.setScale(17, RoundingMode.HALF_EVEN).toPlainString());
        return text.equals("-0") ? "0" : text;
    }
}
