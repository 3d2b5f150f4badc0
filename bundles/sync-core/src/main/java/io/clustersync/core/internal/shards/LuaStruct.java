package io.clustersync.core.internal.shards;

import party.iroiro.luajava.Lua;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The {@code struct} library of Redis's scripts (Roberto Ierusalimschy's struct 0.2, as Redis 7.0 bundles it, on a
 * 64-bit little-endian machine): {@code pack}, {@code unpack} and {@code size} of binary records described by a
 * format ({@code >} / {@code <} endianness, {@code !n} alignment, {@code x} padding, {@code b B h H l L T i I f d s c}).
 */
final class LuaStruct {

    private static final int MAX_INT_SIZE = 32;
    private static final int MAX_ALIGN = 8;

    /** The current endianness and alignment of a format being read. */
    private static final class Header {
        boolean little = true;
        int align = 1;
    }

    /** A format and the position read in it. */
    private static final class Format {
        final byte[] text;
        int at;

        Format(byte[] text) {
            this.text = text;
        }

        boolean more() {
            return at < text.length;
        }

        /** {@code getnum}: a decimal number at the current position, or {@code otherwise}. */
        int number(int otherwise) {
            if (!more() || !Character.isDigit(text[at])) {
                return otherwise;
            }
            int a = 0;
            do {
                int digit = text[at] - '0';
                if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - digit) {
                    throw new LuaArgs.Refused("integral size overflow");
                }
                a = a * 10 + digit;
                at++;
            } while (more() && Character.isDigit(text[at]));
            return a;
        }
    }

    private LuaStruct() {
    }

    /** Makes the table {@code struct} with its functions (on top of the stack). */
    static void open(Lua l) {
        l.newTable();
        l.push(lua -> LuaArgs.guard(lua, LuaStruct::pack));
        l.setField(-2, "pack");
        l.push(lua -> LuaArgs.guard(lua, LuaStruct::unpack));
        l.setField(-2, "unpack");
        l.push(lua -> LuaArgs.guard(lua, LuaStruct::size));
        l.setField(-2, "size");
    }

    private static int optionSize(char option, Format format) {
        switch (option) {
            case 'B', 'b', 'x':
                return 1;
            case 'H', 'h':
                return 2;
            case 'L', 'l', 'T', 'd':
                return 8;
            case 'f':
                return 4;
            case 'c':
                return format.number(1);
            case 'i', 'I': {
                int size = format.number(4);
                if (size > MAX_INT_SIZE) {
                    throw new LuaArgs.Refused("integral size " + size + " is larger than limit of " + MAX_INT_SIZE);
                }
                return size;
            }
            default:
                return 0;
        }
    }

    private static long toAlign(long length, Header header, char option, int size) {
        if (size == 0 || option == 'c') {
            return 0;
        }
        long unit = Math.min(size, header.align);
        return (unit - (length & (unit - 1))) & (unit - 1);
    }

    private static void control(char option, Format format, Header header, String function) {
        switch (option) {
            case ' ':
                return;
            case '>':
                header.little = false;
                return;
            case '<':
                header.little = true;
                return;
            case '!': {
                int a = format.number(MAX_ALIGN);
                if (a == 0 || (a & (a - 1)) != 0) {
                    throw new LuaArgs.Refused("alignment " + a + " is not a power of 2");
                }
                header.align = a;
                return;
            }
            default:
                throw LuaArgs.argError(1, function, "invalid format option '" + option + "'");
        }
    }

    private static boolean integral(char option) {
        return "bBhHlLTiI".indexOf(option) >= 0;
    }

    private static int pack(Lua l) {
        Format format = new Format(LuaArgs.bytes(l, 1, "pack"));
        Header header = new Header();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        long total = 0;
        while (format.more()) {
            char option = (char) (format.text[format.at++] & 0xff);
            int size = optionSize(option, format);
            long align = toAlign(total, header, option, size);
            total += align;
            for (long i = 0; i < align; i++) {
                out.write(0);
            }
            if (integral(option)) {
                putInteger(out, LuaArgs.number(l, arg++, "pack"), header.little, size);
            } else if (option == 'x') {
                out.write(0);
            } else if (option == 'f') {
                putBits(out, Float.floatToRawIntBits((float) LuaArgs.number(l, arg++, "pack")) & 0xffffffffL, header.little, 4);
            } else if (option == 'd') {
                putBits(out, Double.doubleToRawLongBits(LuaArgs.number(l, arg++, "pack")), header.little, 8);
            } else if (option == 'c' || option == 's') {
                byte[] text = LuaArgs.bytes(l, arg++, "pack");
                if (size == 0) {
                    size = text.length;
                }
                if (text.length < size) {
                    throw LuaArgs.argError(arg, "pack", "string too short");
                }
                out.write(text, 0, size);
                if (option == 's') {
                    out.write(0);
                    size++;
                }
            } else {
                control(option, format, header, "pack");
            }
            total += size;
        }
        LuaScripts.pushBytes(l, out.toByteArray());
        return 1;
    }

    /** {@code putinteger}: the number as C converts it to a 64-bit unsigned value, its {@code size} low bytes. */
    private static void putInteger(ByteArrayOutputStream out, double n, boolean little, int size) {
        long value;
        if (n < 0) {
            value = (long) n;
        } else if (n < 0x1p63) {
            value = (long) n;
        } else if (n < 0x1p64) {
            value = (long) (n - 0x1p63) ^ Long.MIN_VALUE;
        } else {
            value = Long.MIN_VALUE;
        }
        putBits(out, value, little, size);
    }

    private static void putBits(ByteArrayOutputStream out, long value, boolean little, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[little ? i : size - 1 - i] = (byte) value;
            value = i < 7 ? value >>> 8 : 0;
        }
        out.write(bytes, 0, size);
    }

    private static long getBits(byte[] data, int from, boolean little, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            int b = data[from + (little ? size - 1 - i : i)] & 0xff;
            value = (value << 8) | b;
        }
        return value;
    }

    private static int unpack(Lua l) {
        Format format = new Format(LuaArgs.bytes(l, 1, "unpack"));
        byte[] data = LuaArgs.bytes(l, 2, "unpack");
        long pos = LuaArgs.optInteger(l, 3, "unpack", 1);
        if (pos == 0) { // struct keeps the offset in a size_t: a negative one is far past the data
            throw LuaArgs.argError(3, "unpack", "offset must be 1 or greater");
        }
        pos--;
        Header header = new Header();
        l.setTop(2);
        while (format.more()) {
            char option = (char) (format.text[format.at++] & 0xff);
            long size = optionSize(option, format);
            pos += toAlign(pos, header, option, (int) size);
            if (pos < 0 || size > data.length - pos) {
                throw LuaArgs.argError(2, "unpack", "data string too short");
            }
            int at = (int) pos;
            if (integral(option)) {
                boolean signed = Character.isLowerCase(option);
                LuaArgs.pushNumber(l, integer(getBits(data, at, header.little, (int) size), signed, (int) size));
            } else if (option == 'f') {
                LuaArgs.pushNumber(l, Float.intBitsToFloat((int) getBits(data, at, header.little, 4)));
            } else if (option == 'd') {
                LuaArgs.pushNumber(l, Double.longBitsToDouble(getBits(data, at, header.little, 8)));
            } else if (option == 'c') {
                if (size == 0) {
                    if (!l.isNumber(-1)) {
                        throw new LuaArgs.Refused("format 'c0' needs a previous size");
                    }
                    size = LuaArgs.integer(l.toNumber(-1));
                    l.pop(1);
                    if (size < 0 || size > data.length - pos) {
                        throw LuaArgs.argError(2, "unpack", "data string too short");
                    }
                }
                LuaScripts.pushBytes(l, Arrays.copyOfRange(data, at, at + (int) size));
            } else if (option == 's') {
                int end = at;
                while (end < data.length && data[end] != 0) {
                    end++;
                }
                if (end == data.length) {
                    throw new LuaArgs.Refused("unfinished string in data");
                }
                size = end - at + 1;
                LuaScripts.pushBytes(l, Arrays.copyOfRange(data, at, end));
            } else if (option != 'x') {
                control(option, format, header, "unpack");
            }
            pos += size;
        }
        l.push(pos + 1);
        return l.getTop() - 2;
    }

    /** {@code getinteger}: the bytes as an unsigned or sign-extended 64-bit value, as a Lua number. */
    private static double integer(long bits, boolean signed, int size) {
        if (signed && size < 8 && size > 0 && (bits & (1L << (size * 8 - 1))) != 0) {
            bits |= -1L << (size * 8 - 1);
        }
        if (signed || bits >= 0) {
            return bits;
        }
        return (double) (bits >>> 1) * 2 + (bits & 1);
    }

    private static int size(Lua l) {
        Format format = new Format(LuaArgs.bytes(l, 1, "size"));
        Header header = new Header();
        long pos = 0;
        while (format.more()) {
            char option = (char) (format.text[format.at++] & 0xff);
            int size = optionSize(option, format);
            pos += toAlign(pos, header, option, size);
            if (option == 's') {
                throw LuaArgs.argError(1, "size", "option 's' has no fixed size");
            } else if (option == 'c' && size == 0) {
                throw LuaArgs.argError(1, "size", "option 'c0' has no fixed size");
            }
            if (!Character.isLetterOrDigit(option)) {
                control(option, format, header, "size");
            }
            pos += size;
        }
        l.push(pos);
        return 1;
    }
}
