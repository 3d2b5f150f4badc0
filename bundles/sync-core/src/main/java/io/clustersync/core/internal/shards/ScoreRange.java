package io.clustersync.core.internal.shards;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ranges of ZRANGEBYSCORE and ZRANGEBYLEX, read as Redis reads them: a score bound is a number ({@code strtod}
 * without Redis's usual strictness: spaces in front, an empty text as 0, {@code -inf}/{@code +inf}), exclusive
 * after {@code (}; a lex bound is {@code [member}, {@code (member}, {@code -} or {@code +}.
 */
final class ScoreRange {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity)|");

    private ScoreRange() {
    }

    /** A score range; {@code min}/{@code max} excluded when {@code minExclusive}/{@code maxExclusive}. */
    record Scores(double min, boolean minExclusive, double max, boolean maxExclusive) {

        boolean aboveMin(double score) {
            return minExclusive ? score > min : score >= min;
        }

        boolean belowMax(double score) {
            return maxExclusive ? score < max : score <= max;
        }

        boolean contains(double score) {
            return aboveMin(score) && belowMax(score);
        }

        boolean empty() {
            return min > max || (min == max && (minExclusive || maxExclusive));
        }
    }

    /** A lex range; null bytes with {@code infinite} for {@code -} and {@code +}. */
    record Lex(byte[] min, boolean minExclusive, boolean minInfinite, byte[] max, boolean maxExclusive, boolean maxInfinite) {

        boolean aboveMin(Key member) {
            if (minInfinite) {
                return min == null;
            }
            int c = Arrays.compareUnsigned(member.bytes, min);
            return minExclusive ? c > 0 : c >= 0;
        }

        boolean belowMax(Key member) {
            if (maxInfinite) {
                return max == null;
            }
            int c = Arrays.compareUnsigned(member.bytes, max);
            return maxExclusive ? c < 0 : c <= 0;
        }

        boolean contains(Key member) {
            return aboveMin(member) && belowMax(member);
        }

        /** A range that admits nothing whatever the members: min above max, or equal with either end excluded. */
        boolean empty() {
            int c = compare(minInfinite ? (min == null ? -1 : 1) : 0, min, maxInfinite ? (max == null ? 1 : -1) : 0, max);
            return c > 0 || (c == 0 && (minExclusive || maxExclusive));
        }

        /** Compares two bounds, each -1 ('-'), 1 ('+') or 0 (its bytes). */
        private static int compare(int aInfinity, byte[] a, int bInfinity, byte[] b) {
            if (aInfinity != 0 || bInfinity != 0) {
                return Integer.compare(aInfinity, bInfinity);
            }
            return Arrays.compareUnsigned(a, b);
        }
    }

    /** The score range, or null when Redis answers "min or max is not a float". */
    static Scores scores(byte[] min, byte[] max) {
        double[] low = bound(min);
        double[] high = bound(max);
        if (low == null || high == null) {
            return null;
        }
        return new Scores(low[0], low[1] != 0, high[0], high[1] != 0);
    }

    private static double[] bound(byte[] arg) {
        boolean exclusive = arg.length > 0 && arg[0] == '(';
        String text = new String(arg, exclusive ? 1 : 0, arg.length - (exclusive ? 1 : 0), StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < text.length() && " \t\n\u000b\f\r".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        text = text.substring(start);
        BigDecimal hex = Floats.hex(text);
        if (hex != null) {
            return new double[] {hex.doubleValue(), exclusive ? 1 : 0};
        }
        if (!NUMBER.matcher(text).matches()) {
            return null;
        }
        double value;
        if (text.isEmpty()) {
            value = 0;
        } else if (text.toLowerCase(Locale.ROOT).contains("inf")) {
            value = text.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else {
            value = Double.parseDouble(text);
        }
        return new double[] {value, exclusive ? 1 : 0};
    }

    /** The lex range, or null when Redis answers "min or max not valid string range item". */
    static Lex lex(byte[] min, byte[] max) {
        Object[] low = lexBound(min);
        Object[] high = lexBound(max);
        if (low == null || high == null) {
            return null;
        }
        // '-' is below everything, '+' above: as a min, '+' admits nothing; as a max, '-' admits nothing
        byte[] lowBytes = (byte[]) low[0];
        byte[] highBytes = (byte[]) high[0];
        boolean lowInfinite = (Boolean) low[2];
        boolean highInfinite = (Boolean) high[2];
        return new Lex(lowInfinite ? ((Boolean) low[3] ? null : new byte[0]) : lowBytes, (Boolean) low[1], lowInfinite,
                highInfinite ? ((Boolean) high[3] ? new byte[0] : null) : highBytes, (Boolean) high[1], highInfinite);
    }

    /** [bytes, exclusive, infinite, minus] or null. */
    private static Object[] lexBound(byte[] arg) {
        if (arg.length == 1 && arg[0] == '+') {
            return new Object[] {null, false, true, false};
        }
        if (arg.length == 1 && arg[0] == '-') {
            return new Object[] {null, false, true, true};
        }
        if (arg.length >= 1 && (arg[0] == '(' || arg[0] == '[')) {
            return new Object[] {Arrays.copyOfRange(arg, 1, arg.length), arg[0] == '(', false, false};
        }
        return null;
    }
}
