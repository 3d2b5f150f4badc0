package io.clustersync.core.internal.shards;

import party.iroiro.luajava.Lua;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The {@code cmsgpack} library of Redis's scripts (lua-cmsgpack 0.4.0, as Redis 7.0 bundles it): {@code pack} of
 * Lua values into MessagePack (a number that is a 64-bit integer as an integer, other numbers as a float 32 when
 * exact, else a float 64; a table whose keys are 1..n as an array, any other as a map; 16 levels of tables at most,
 * deeper ones as nil) and {@code unpack}, {@code unpack_one}, {@code unpack_limit} back.
 */
final class LuaMsgpack {

    private static final int MAX_NESTING = 16;

    /** Where decoding stopped short: the input ended, or a byte is not a type this library reads. */
    private static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }

    private LuaMsgpack() {
    }

    /** Makes the table {@code cmsgpack} with its functions (on top of the stack). */
    static void open(Lua l) {
        l.newTable();
        l.push(lua -> LuaArgs.guard(lua, LuaMsgpack::pack));
        l.setField(-2, "pack");
        l.push(lua -> LuaArgs.guard(lua, x -> unpackFull(x, 0, 0)));
        l.setField(-2, "unpack");
        l.push(lua -> LuaArgs.guard(lua, x -> {
            long offset = LuaArgs.optInteger(x, 2, "unpack_one", 0);
            x.setTop(1);
            return unpackFull(x, 1, offset);
        }));
        l.setField(-2, "unpack_one");
        l.push(lua -> LuaArgs.guard(lua, x -> {
            long limit = LuaArgs.integer(x, 2, "unpack_limit");
            long offset = LuaArgs.optInteger(x, 3, "unpack_limit", 0);
            x.setTop(1);
            return unpackFull(x, limit, offset);
        }));
        l.setField(-2, "unpack_limit");
    }

    // ---- pack

    private static int pack(Lua l) {
        int count = l.getTop();
        if (count == 0) {
            throw LuaArgs.argError(0, "pack", "MessagePack pack needs input.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= count; i++) {
            encode(l, i, out, 0);
        }
        LuaScripts.pushBytes(l, out.toByteArray());
        return 1;
    }

    private static void encode(Lua l, int index, ByteArrayOutputStream out, int level) {
        int at = index < 0 ? l.getTop() + index + 1 : index;
        Lua.LuaType type = l.type(at);
        if (type == Lua.LuaType.TABLE && level == MAX_NESTING) {
            type = Lua.LuaType.NIL;
        }
        switch (type) {
            case BOOLEAN -> out.write(l.toBoolean(at) ? 0xc3 : 0xc2);
            case NUMBER -> number(l.toNumber(at), out);
            case STRING -> string(LuaScripts.bytes(l, at), out);
            case TABLE -> table(l, at, out, level);
            default -> out.write(0xc0);
        }
    }

    private static void number(double n, ByteArrayOutputStream out) {
        if (!Double.isInfinite(n) && !Double.isNaN(n) && (double) (long) n == n && n >= -0x1p63 && n < 0x1p63) {
            integer((long) n, out);
        } else if ((double) (float) n == n) {
            out.write(0xca);
            bigEndian(Float.floatToRawIntBits((float) n), 4, out);
        } else {
            out.write(0xcb);
            bigEndian(Double.doubleToRawLongBits(n), 8, out);
        }
    }

    private static void integer(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                bigEndian(n, 1, out);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                bigEndian(n, 2, out);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                bigEndian(n, 4, out);
            } else {
                out.write(0xcf);
                bigEndian(n, 8, out);
            }
        } else if (n >= -32) {
            out.write((int) n & 0xff);
        } else if (n >= -128) {
            out.write(0xd0);
            bigEndian(n, 1, out);
        } else if (n >= -32768) {
            out.write(0xd1);
            bigEndian(n, 2, out);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xd2);
            bigEndian(n, 4, out);
        } else {
            out.write(0xd3);
            bigEndian(n, 8, out);
        }
    }

    private static void string(byte[] bytes, ByteArrayOutputStream out) {
        int length = bytes.length;
        if (length < 32) {
            out.write(0xa0 | length);
        } else if (length <= 0xff) {
            out.write(0xd9);
            bigEndian(length, 1, out);
        } else if (length <= 0xffff) {
            out.write(0xda);
            bigEndian(length, 2, out);
        } else {
            out.write(0xdb);
            bigEndian(length, 4, out);
        }
        out.write(bytes, 0, length);
    }

    private static void table(Lua l, int at, ByteArrayOutputStream out, int level) {
        if (isArray(l, at)) {
            int length = l.rawLength(at);
            header(length, 0x90, 0xdc, 0xdd, out);
            for (int i = 1; i <= length; i++) {
                l.rawGetI(at, i);
                encode(l, -1, out, level + 1);
                l.pop(1);
            }
            return;
        }
        int count = 0;
        l.pushNil();
        while (l.next(at) != 0) {
            count++;
            l.pop(1);
        }
        header(count, 0x80, 0xde, 0xdf, out);
        l.pushNil();
        while (l.next(at) != 0) {
            encode(l, -2, out, level + 1);
            encode(l, -1, out, level + 1);
            l.pop(1);
        }
    }

    /** {@code table_is_an_array}: every key a positive integer, and as many keys as the largest one. */
    private static boolean isArray(Lua l, int at) {
        long count = 0;
        double max = 0;
        int top = l.getTop();
        l.pushNil();
        while (l.next(at) != 0) {
            l.pop(1);
            double n;
            if (l.type(-1) != Lua.LuaType.NUMBER || (n = l.toNumber(-1)) <= 0 || n != (double) (int) n) {
                l.setTop(top);
                return false;
            }
            max = Math.max(max, n);
            count++;
        }
        l.setTop(top);
        return max == count;
    }

    private static void header(int n, int fix, int sixteen, int thirtyTwo, ByteArrayOutputStream out) {
        if (n <= 15) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(sixteen);
            bigEndian(n, 2, out);
        } else {
            out.write(thirtyTwo);
            bigEndian(n, 4, out);
        }
    }

    private static void bigEndian(long value, int bytes, ByteArrayOutputStream out) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    // ---- unpack

    /** {@code mp_unpack_full}: up to {@code limit} values from {@code offset} (all of them for 0 and 0), then the next offset. */
    private static int unpackFull(Lua l, long limit, long offset) {
        byte[] input = LuaArgs.bytes(l, 1, "unpack");
        boolean all = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            // lua-cmsgpack prints the offset with %d: its low 32 bits
            throw new LuaArgs.Refused("Invalid request to unpack with offset of " + (int) offset + " and limit of " + input.length + ".");
        } else if (offset > input.length) {
            throw new LuaArgs.Refused("Start offset " + (int) offset + " greater than input length " + input.length + ".");
        }
        if (all) {
            limit = Integer.MAX_VALUE;
        }
        int[] at = {(int) offset};
        int count = 0;
        try {
            for (; at[0] < input.length && count < limit; count++) {
                decode(l, input, at);
            }
        } catch (Stop stop) {
            throw new LuaArgs.Refused(stop.getMessage());
        }
        if (!all) {
            l.push(at[0] == input.length ? -1 : at[0]);
            l.insert(2);
            count++;
        }
        return count;
    }

    private static void need(byte[] input, int[] at, int n) {
        if (input.length - at[0] < n) {
            throw new Stop("Missing bytes in input.");
        }
    }

    private static long read(byte[] input, int[] at, int n) {
        need(input, at, n);
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (input[at[0]++] & 0xff);
        }
        return value;
    }

    private static void decode(Lua l, byte[] input, int[] at) {
        l.checkStack(2);
        int c = (int) read(input, at, 1);
        if (c <= 0x7f) {
            LuaArgs.pushNumber(l, c);
        } else if (c >= 0xe0) {
            LuaArgs.pushNumber(l, (byte) c);
        } else if ((c & 0xe0) == 0xa0) {
            bytes(l, input, at, c & 0x1f);
        } else if ((c & 0xf0) == 0x90) {
            array(l, input, at, c & 0x0f);
        } else if ((c & 0xf0) == 0x80) {
            map(l, input, at, c & 0x0f);
        } else {
            switch (c) {
                case 0xc0 -> l.pushNil();
                case 0xc2 -> l.push(false);
                case 0xc3 -> l.push(true);
                case 0xcc -> LuaArgs.pushNumber(l, read(input, at, 1));
                case 0xcd -> LuaArgs.pushNumber(l, read(input, at, 2));
                case 0xce -> LuaArgs.pushNumber(l, read(input, at, 4));
                case 0xcf -> {
                    long v = read(input, at, 8);
                    LuaArgs.pushNumber(l, v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1));
                }
                case 0xd0 -> LuaArgs.pushNumber(l, (byte) read(input, at, 1));
                case 0xd1 -> LuaArgs.pushNumber(l, (short) read(input, at, 2));
                case 0xd2 -> LuaArgs.pushNumber(l, (int) read(input, at, 4));
                case 0xd3 -> LuaArgs.pushNumber(l, read(input, at, 8));
                case 0xca -> LuaArgs.pushNumber(l, Float.intBitsToFloat((int) read(input, at, 4)));
                case 0xcb -> LuaArgs.pushNumber(l, Double.longBitsToDouble(read(input, at, 8)));
                case 0xc4, 0xd9 -> bytes(l, input, at, read(input, at, 1));
                case 0xc5, 0xda -> bytes(l, input, at, read(input, at, 2));
                case 0xc6, 0xdb -> bytes(l, input, at, read(input, at, 4));
                case 0xdc -> array(l, input, at, read(input, at, 2));
                case 0xdd -> array(l, input, at, read(input, at, 4));
                case 0xde -> map(l, input, at, read(input, at, 2));
                case 0xdf -> map(l, input, at, read(input, at, 4));
                default -> throw new Stop("Bad data format in input.");
            }
        }
    }

    private static void bytes(Lua l, byte[] input, int[] at, long length) {
        need(input, at, (int) Math.min(length, Integer.MAX_VALUE));
        LuaScripts.pushBytes(l, Arrays.copyOfRange(input, at[0], at[0] + (int) length));
        at[0] += (int) length;
    }

    private static void array(Lua l, byte[] input, int[] at, long length) {
        l.newTable();
        for (int i = 1; i <= length; i++) {
            decode(l, input, at);
            l.rawSetI(-2, i);
        }
    }

    private static void map(Lua l, byte[] input, int[] at, long length) {
        l.newTable();
        for (long i = 0; i < length; i++) {
            decode(l, input, at);
            decode(l, input, at);
            if (l.isNil(-2)) {
                throw new LuaArgs.Refused("table index is nil");
            }
            if (l.type(-2) == Lua.LuaType.NUMBER && Double.isNaN(l.toNumber(-2))) {
                throw new LuaArgs.Refused("table index is NaN");
            }
            l.rawSet(-3);
        }
    }
}
