package io.clustersync.core.internal.shards;

import java.nio.charset.StandardCharsets;

/** Reading numbers and options from a command's arguments, with Redis's error wording. */
final class Arguments {

    private Arguments() {
    }

    /** A refused argument; its message is the error reply. */
    static final class Refused extends RuntimeException {
        Refused(String reply) {
            super(reply, null, false, false);
        }
    }

    static long integer(byte[] arg) {
        return integer(arg, "ERR value is not an integer or out of range");
    }

    static long integer(byte[] arg, String error) {
        if (arg.length == 0 || arg.length > 20) {
            throw new Refused(error);
        }
        long value = 0;
        int i = 0;
        boolean negative = arg[0] == '-';
        if (negative) {
            i = 1;
            if (arg.length == 1 || arg[1] == '0') {
                throw new Refused(error); // "-" and "-0..." are not numbers to Redis's string2ll
            }
        }
        if (arg[i] == '0' && arg.length > i + 1) {
            throw new Refused(error);
        }
        for (; i < arg.length; i++) {
            int digit = arg[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new Refused(error);
            }
            long next = value * 10 - digit;
            if (next > value || value < Long.MIN_VALUE / 10) {
                throw new Refused(error);
            }
            value = next;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw new Refused(error);
            }
            value = -value;
        }
        return value;
    }

    /** current + by, refused as Redis does when it overflows. */
    static long add(long current, long by) {
        try {
            return Math.addExact(current, by);
        } catch (ArithmeticException e) {
            throw new Refused("ERR increment or decrement would overflow");
        }
    }

    static boolean is(byte[] arg, String word) {
        if (arg.length != word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
