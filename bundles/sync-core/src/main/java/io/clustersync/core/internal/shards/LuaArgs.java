package io.clustersync.core.internal.shards;

import party.iroiro.luajava.Lua;

import java.util.Locale;

/**
 * Arguments of the Java functions scripts call, checked as Lua's C API checks them ({@code luaL_checknumber},
 * {@code luaL_checklstring}, {@code luaL_optinteger}) and refused with its words: "bad argument #2 to 'pack' (number
 * expected, got nil)".
 */
final class LuaArgs {

    /** A refusal, raised in the script by the function's caller (see {@link #guard}). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** A Java function whose refusals become Lua errors. */
    interface Body {
        int run(Lua l);
    }

    private LuaArgs() {
    }

    /** Runs {@code body}; a {@link Refused} becomes the Lua error a C library would raise. */
    static int guard(Lua l, Body body) {
        try {
            return body.run(l);
        } catch (Refused refused) {
            return LuaScripts.raise(l, refused.getMessage());
        }
    }

    static Refused argError(int arg, String function, String message) {
        return new Refused("bad argument #" + arg + " to '" + function + "' (" + message + ")");
    }

    static double number(Lua l, int arg, String function) {
        if (!l.isNumber(arg)) {
            throw argError(arg, function, "number expected, got " + typeName(l, arg));
        }
        return l.toNumber(arg);
    }

    static byte[] bytes(Lua l, int arg, String function) {
        Lua.LuaType type = l.type(arg);
        if (type != Lua.LuaType.STRING && type != Lua.LuaType.NUMBER) {
            throw argError(arg, function, "string expected, got " + typeName(l, arg));
        }
        return LuaScripts.bytes(l, arg);
    }

    /** {@code luaL_optinteger}: the default when the argument is missing or nil, else the number as C converts it. */
    static long optInteger(Lua l, int arg, String function, long otherwise) {
        return l.isNoneOrNil(arg) ? otherwise : integer(number(l, arg, function));
    }

    /** {@code luaL_checkinteger}: the number as C converts it. */
    static long integer(Lua l, int arg, String function) {
        return integer(number(l, arg, function));
    }

    /**
     * A double as x86-64's conversion to a 64-bit integer gives it (Lua's {@code lua_tointeger}): truncated, and
     * the "integer indefinite" -2^63 for NaN and anything out of range.
     */
    static long integer(double value) {
        return Double.isNaN(value) || value >= 0x1p63 || value < -0x1p63 ? Long.MIN_VALUE : (long) value;
    }

    static String typeName(Lua l, int arg) {
        Lua.LuaType type = l.type(arg);
        return type == null || type == Lua.LuaType.NONE ? "no value" : type.name().toLowerCase(Locale.ROOT);
    }

    /** Pushes a Lua number (a double, as every number of Lua 5.1 is). */
    static void pushNumber(Lua l, double value) {
        l.push((Number) value);
    }
}
