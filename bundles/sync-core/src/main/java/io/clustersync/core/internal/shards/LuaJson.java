package io.clustersync.core.internal.shards;

import party.iroiro.luajava.Lua;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code cjson.encode} and {@code cjson.decode} for scripts, as Redis's bundled lua-cjson writes and reads JSON:
 * a table whose keys are 1..n is an array, any other an object (numeric keys written as strings), numbers with
 * {@code %.14g}, {@code /} escaped; decoded objects and arrays become tables, {@code null} becomes nil.
 */
final class LuaJson {

    private static final int MAX_DEPTH = 1000;

    private LuaJson() {
    }

    static int encode(Lua l) {
        if (l.getTop() != 1) {
            return LuaScripts.raise(l, "bad argument #1 to 'encode' (expected 1 argument)");
        }
        StringBuilder out = new StringBuilder();
        String problem = encode(l, 1, out, 0);
        if (problem != null) {
            return LuaScripts.raise(l, problem);
        }
        LuaScripts.pushBytes(l, out.toString().getBytes(StandardCharsets.ISO_8859_1));
        return 1;
    }

    private static String encode(Lua l, int index, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            return "Cannot serialise, excessive nesting (1001)";
        }
        int at = index < 0 ? l.getTop() + index + 1 : index;
        switch (l.type(at)) {
            case NIL -> out.append("null");
            case BOOLEAN -> out.append(l.toBoolean(at) ? "true" : "false");
            case NUMBER -> {
                double value = l.toNumber(at);
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    return "Cannot serialise number: must not be NaN or Inf";
                }
                out.append(number(value));
            }
            case STRING -> string(LuaScripts.bytes(l, at), out);
            case TABLE -> {
                int length = l.rawLength(at);
                List<Object[]> entries = new ArrayList<>();
                boolean array = true;
                int count = 0;
                l.pushNil();
                while (l.next(at) != 0) {
                    count++;
                    if (l.type(-2) != Lua.LuaType.NUMBER || l.toNumber(-2) != Math.floor(l.toNumber(-2))
                            || l.toNumber(-2) < 1 || l.toNumber(-2) > length) {
                        array = false;
                    }
                    l.pop(1);
                }
                if (array && count == length && length > 0) {
                    out.append('[');
                    for (int i = 1; i <= length; i++) {
                        if (i > 1) {
                            out.append(',');
                        }
                        l.rawGetI(at, i);
                        String problem = encode(l, -1, out, depth + 1);
                        l.pop(1);
                        if (problem != null) {
                            return problem;
                        }
                    }
                    out.append(']');
                    return null;
                }
                out.append('{');
                boolean first = true;
                l.pushNil();
                while (l.next(at) != 0) {
                    Lua.LuaType keyType = l.type(-2);
                    if (keyType != Lua.LuaType.STRING && keyType != Lua.LuaType.NUMBER) {
                        l.pop(2);
                        return "Cannot serialise " + keyType.name().toLowerCase(Locale.ROOT) + ": table key must be a number or string";
                    }
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    if (keyType == Lua.LuaType.NUMBER) {
                        out.append('"').append(number(l.toNumber(-2))).append('"');
                    } else {
                        string(LuaScripts.bytes(l, -2), out);
                    }
                    out.append(':');
                    String problem = encode(l, -1, out, depth + 1);
                    l.pop(1);
                    if (problem != null) {
                        l.pop(1);
                        return problem;
                    }
                }
                out.append('}');
            }
            default -> {
                return "Cannot serialise " + l.type(at).name().toLowerCase(Locale.ROOT) + ": type not supported";
            }
        }
        return null;
    }

    /** {@code %.14g}, as lua-cjson writes numbers. */
    private static String number(double value) {
        if (value == 0 && 1 / value < 0) {
            return "-0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e14) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.14g", value);
        if (text.contains("e")) {
            String[] parts = text.split("e");
            String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            int exponent = Integer.parseInt(parts[1]);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static void string(byte[] bytes, StringBuilder out) {
        out.append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        out.append('"');
    }

    static int decode(Lua l) {
        byte[] text = LuaScripts.bytes(l, 1);
        Parser parser = new Parser(new String(text, StandardCharsets.UTF_8), l);
        l.setTop(0);
        try {
            parser.skip();
            parser.value(0);
            parser.skip();
            if (parser.at != parser.text.length()) {
                throw new IllegalArgumentException("Expected the end but found invalid token at character " + (parser.at + 1));
            }
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return LuaScripts.raise(l, e instanceof StringIndexOutOfBoundsException ? "Expected more input" : e.getMessage());
        }
        return 1;
    }

    /** A recursive-descent JSON reader that pushes what it reads. */
    private static final class Parser {
        final String text;
        final Lua l;
        int at;

        Parser(String text, Lua l) {
            this.text = text;
            this.l = l;
        }

        void skip() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        void value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("Found too many nested data structures (1001)");
            }
            skip();
            if (at >= text.length()) {
                throw new IllegalArgumentException("Expected value but found T_END at character " + (at + 1));
            }
            char c = text.charAt(at);
            if (c == '{') {
                at++;
                l.newTable();
                skip();
                if (text.charAt(at) == '}') {
                    at++;
                    return;
                }
                while (true) {
                    skip();
                    if (text.charAt(at) != '"') {
                        throw new IllegalArgumentException("Expected object key string at character " + (at + 1));
                    }
                    LuaScripts.pushBytes(l, string().getBytes(StandardCharsets.UTF_8));
                    skip();
                    expect(':');
                    value(depth + 1);
                    l.rawSet(-3);
                    skip();
                    if (text.charAt(at) == ',') {
                        at++;
                    } else {
                        expect('}');
                        return;
                    }
                }
            } else if (c == '[') {
                at++;
                l.newTable();
                skip();
                if (text.charAt(at) == ']') {
                    at++;
                    return;
                }
                for (int i = 1; ; i++) {
                    value(depth + 1);
                    l.rawSetI(-2, i);
                    skip();
                    if (text.charAt(at) == ',') {
                        at++;
                    } else {
                        expect(']');
                        return;
                    }
                }
            } else if (c == '"') {
                LuaScripts.pushBytes(l, string().getBytes(StandardCharsets.UTF_8));
            } else if (text.startsWith("true", at)) {
                at += 4;
                l.push(true);
            } else if (text.startsWith("false", at)) {
                at += 5;
                l.push(false);
            } else if (text.startsWith("null", at)) {
                at += 4;
                l.pushNil();
            } else {
                int start = at;
                while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                    at++;
                }
                if (start == at) {
                    throw new IllegalArgumentException("Expected value but found invalid token at character " + (start + 1));
                }
                l.push(Double.parseDouble(text.substring(start, at)));
            }
        }

        private void expect(char c) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw new IllegalArgumentException("Expected '" + c + "' at character " + (at + 1));
            }
            at++;
        }

        private String string() {
            at++;
            StringBuilder out = new StringBuilder();
            while (text.charAt(at) != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            at++;
            return out.toString();
        }
    }
}
