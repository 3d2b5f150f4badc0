package io.clustersync.core.internal.shards;

import party.iroiro.luajava.Lua;

import java.util.function.IntUnaryOperator;

/**
 * The {@code bit} library of Redis's scripts (LuaBitOp 1.0): operations on numbers taken as 32-bit integers, with
 * LuaBitOp's conversion (the number rounded, its low 32 bits) and results as signed 32-bit numbers.
 */
final class LuaBit {

    /** 2^52 + 2^51: added to a double, its low 32 bits of mantissa are the number rounded, modulo 2^32. */
    private static final double BIAS = 6755399441055744.0;

    private interface Binary {
        int apply(int a, int b);
    }

    private LuaBit() {
    }

    /** Makes the table {@code bit} with its functions (on top of the stack). */
    static void open(Lua l) {
        l.newTable();
        unary(l, "tobit", x -> x);
        unary(l, "bnot", x -> ~x);
        unary(l, "bswap", Integer::reverseBytes);
        fold(l, "band", (a, b) -> a & b);
        fold(l, "bor", (a, b) -> a | b);
        fold(l, "bxor", (a, b) -> a ^ b);
        shift(l, "lshift", (a, n) -> a << n);
        shift(l, "rshift", (a, n) -> a >>> n);
        shift(l, "arshift", (a, n) -> a >> n);
        shift(l, "rol", Integer::rotateLeft);
        shift(l, "ror", Integer::rotateRight);
        l.push(lua -> LuaArgs.guard(lua, LuaBit::tohex));
        l.setField(-2, "tohex");
    }

    /** LuaBitOp's {@code barg}: the argument as a 32-bit integer. */
    static int bits(Lua l, int arg, String function) {
        return (int) Double.doubleToRawLongBits(LuaArgs.number(l, arg, function) + BIAS);
    }

    private static void unary(Lua l, String name, IntUnaryOperator op) {
        l.push(lua -> LuaArgs.guard(lua, x -> {
            LuaArgs.pushNumber(x, op.applyAsInt(bits(x, 1, name)));
            return 1;
        }));
        l.setField(-2, name);
    }

    private static void fold(Lua l, String name, Binary op) {
        l.push(lua -> LuaArgs.guard(lua, x -> {
            int result = bits(x, 1, name);
            for (int i = x.getTop(); i > 1; i--) {
                result = op.apply(result, bits(x, i, name));
            }
            LuaArgs.pushNumber(x, result);
            return 1;
        }));
        l.setField(-2, name);
    }

    private static void shift(Lua l, String name, Binary op) {
        l.push(lua -> LuaArgs.guard(lua, x -> {
            int value = bits(x, 1, name);
            int n = bits(x, 2, name) & 31;
            LuaArgs.pushNumber(x, op.apply(value, n));
            return 1;
        }));
        l.setField(-2, name);
    }

    private static int tohex(Lua l) {
        int value = bits(l, 1, "tohex");
        int digits = l.isNone(2) ? 8 : bits(l, 2, "tohex");
        String alphabet = "0123456789abcdef";
        if (digits < 0) {
            digits = -digits;
            alphabet = "0123456789ABCDEF";
        }
        if (digits > 8) {
            digits = 8;
        }
        char[] out = new char[digits];
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = alphabet.charAt(value & 15);
            value >>>= 4;
        }
        l.push(new String(out));
        return 1;
    }
}
