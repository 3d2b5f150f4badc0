package io.clustersync.core.internal.shards;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Values in Redis's serialization, as DUMP writes and RESTORE reads them (RDB version 10, Redis 7.0). DUMP writes
 * the plain encodings (a list as its elements, a sorted set with binary scores, ...), which every Redis since 5
 * restores; RESTORE also reads the compact ones Redis 7.0's DUMP writes (integer and LZF strings, intset, listpack
 * hashes and sorted sets, quicklist lists), so that a value dumped from redis-server restores here.
 */
final class RdbCodec {

    static final int RDB_VERSION = 10;
    private static final int STRING = 0;
    private static final int LIST = 1;
    private static final int SET = 2;
    private static final int ZSET = 3;
    private static final int HASH = 4;
    private static final int ZSET_2 = 5;
    private static final int SET_INTSET = 11;
    private static final int HASH_LISTPACK = 16;
    private static final int ZSET_LISTPACK = 17;
    private static final int LIST_QUICKLIST_2 = 18;
    private static final int SET_LISTPACK = 20;

    /** A payload RESTORE cannot read. */
    static final class BadFormat extends Exception {
        BadFormat(String why) {
            super(why, null, false, false);
        }
    }

    private RdbCodec() {
    }

    // ---- DUMP

    static byte[] dump(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof byte[] string) {
            out.write(STRING);
            writeString(out, string);
        } else if (value instanceof ListValue list) {
            out.write(LIST);
            writeLength(out, list.size());
            for (int i = 0; i < list.size(); i++) {
                writeString(out, list.get(i));
            }
        } else if (value instanceof SetValue set) {
            out.write(SET);
            writeLength(out, set.size());
            for (Key member : set) {
                writeString(out, member.bytes);
            }
        } else if (value instanceof HashValue hash) {
            out.write(HASH);
            writeLength(out, hash.size());
            hash.forEach((field, fieldValue) -> {
                writeString(out, field.bytes);
                writeString(out, fieldValue);
            });
        } else {
            out.write(ZSET_2);
            SortedSetValue zset = (SortedSetValue) value;
            writeLength(out, zset.size());
            // Redis writes a sorted set from its highest score down, so that loading it inserts at the head
            zset.iterator(true).forEachRemaining(entry -> {
                writeString(out, entry.member().bytes);
                byte[] score = new byte[8];
                ByteBuffer.wrap(score).order(ByteOrder.LITTLE_ENDIAN).putDouble(entry.score());
                out.writeBytes(score);
            });
        }
        out.write(RDB_VERSION & 0xff);
        out.write((RDB_VERSION >> 8) & 0xff);
        byte[] body = out.toByteArray();
        long crc = Crc64.of(body, 0, body.length);
        byte[] payload = Arrays.copyOf(body, body.length + 8);
        ByteBuffer.wrap(payload, body.length, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc);
        return payload;
    }

    private static void writeLength(ByteArrayOutputStream out, long length) {
        if (length < 64) {
            out.write((int) length);
        } else if (length < 16384) {
            out.write(0x40 | (int) (length >> 8));
            out.write((int) length & 0xff);
        } else if (length <= 0xffffffffL) {
            out.write(0x80);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) length).array());
        } else {
            out.write(0x81);
            out.writeBytes(ByteBuffer.allocate(8).putLong(length).array());
        }
    }

    private static void writeString(ByteArrayOutputStream out, byte[] string) {
        writeLength(out, string.length);
        out.writeBytes(string);
    }

    // ---- RESTORE

    /** True when the payload ends with a version this reads and a checksum that matches. */
    static boolean verify(byte[] payload) {
        if (payload.length < 10) {
            return false;
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RDB_VERSION) {
            return false;
        }
        long expected = ByteBuffer.wrap(payload, payload.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return expected == Crc64.of(payload, 0, payload.length - 8);
    }

    /** The value of a verified payload. */
    static Object restore(byte[] payload) throws BadFormat {
        Reader in = new Reader(payload, payload.length - 10);
        int type = in.u8();
        Object value = switch (type) {
            case STRING -> in.string();
            case LIST -> {
                ListValue list = new ListValue();
                for (long i = in.length(); i > 0; i--) {
                    list.addLast(in.string());
                }
                yield list;
            }
            case SET -> {
                SetValue set = new SetValue();
                for (long i = in.length(); i > 0; i--) {
                    set.add(new Key(in.string()));
                }
                set.trim();
                yield set;
            }
            case HASH -> {
                HashValue hash = new HashValue();
                for (long i = in.length(); i > 0; i--) {
                    hash.put(new Key(in.string()), in.string());
                }
                hash.trim();
                yield hash;
            }
            case ZSET, ZSET_2 -> {
                SortedSetValue zset = new SortedSetValue();
                for (long i = in.length(); i > 0; i--) {
                    byte[] member = in.string();
                    zset.put(new Key(member), type == ZSET_2 ? in.binaryDouble() : in.textDouble());
                }
                zset.trim();
                yield zset;
            }
            case SET_INTSET -> intset(in.string());
            case SET_LISTPACK -> {
                SetValue set = new SetValue();
                for (byte[] member : listpack(in.string())) {
                    set.add(new Key(member));
                }
                set.trim();
                yield set;
            }
            case HASH_LISTPACK -> {
                List<byte[]> entries = listpack(in.string());
                HashValue hash = new HashValue();
                for (int i = 0; i + 1 < entries.size(); i += 2) {
                    hash.put(new Key(entries.get(i)), entries.get(i + 1));
                }
                hash.trim();
                yield hash;
            }
            case ZSET_LISTPACK -> {
                List<byte[]> entries = listpack(in.string());
                SortedSetValue zset = new SortedSetValue();
                for (int i = 0; i + 1 < entries.size(); i += 2) {
                    double score = Floats.parse(entries.get(i + 1));
                    if (Double.isNaN(score)) {
                        throw new BadFormat("a sorted-set score that is not a number");
                    }
                    zset.put(new Key(entries.get(i)), score);
                }
                zset.trim();
                yield zset;
            }
            case LIST_QUICKLIST_2 -> {
                ListValue list = new ListValue();
                for (long nodes = in.length(); nodes > 0; nodes--) {
                    long container = in.length();
                    byte[] node = in.string();
                    if (container == 1) {
                        list.addLast(node);
                    } else {
                        listpack(node).forEach(list::addLast);
                    }
                }
                yield list;
            }
            default -> throw new BadFormat("type " + type + " is not one this restores");
        };
        if (in.at != in.end) {
            throw new BadFormat((in.end - in.at) + " byte(s) after the value");
        }
        if (value instanceof ListValue list && list.isEmpty() || value instanceof SetValue set && set.isEmpty()
                || value instanceof HashValue hash && hash.isEmpty() || value instanceof SortedSetValue zset && zset.isEmpty()) {
            throw new BadFormat("an empty collection");
        }
        return value;
    }

    private static SetValue intset(byte[] blob) throws BadFormat {
        if (blob.length < 8) {
            throw new BadFormat("an intset cut short");
        }
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int width = in.getInt();
        long count = Integer.toUnsignedLong(in.getInt());
        if ((width != 2 && width != 4 && width != 8) || count * width != blob.length - 8) {
            throw new BadFormat("an intset of width " + width + " and " + count + " elements in " + blob.length + " bytes");
        }
        SetValue set = new SetValue();
        for (long i = 0; i < count; i++) {
            long element = width == 2 ? in.getShort() : width == 4 ? in.getInt() : in.getLong();
            set.add(new Key(Arguments.bytes(element)));
        }
        set.trim();
        return set;
    }

    /** The entries of a listpack, integers written as their decimal text. */
    private static List<byte[]> listpack(byte[] blob) throws BadFormat {
        if (blob.length < 7) {
            throw new BadFormat("a listpack cut short");
        }
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long total = Integer.toUnsignedLong(in.getInt());
        in.getShort();
        if (total != blob.length) {
            throw new BadFormat("a listpack of " + total + " bytes in " + blob.length);
        }
        List<byte[]> entries = new ArrayList<>();
        try {
            while (true) {
                int start = in.position();
                int b = in.get() & 0xff;
                if (b == 0xff) {
                    break;
                }
                byte[] entry;
                if ((b & 0x80) == 0) {
                    entry = Arguments.bytes(b);
                } else if ((b & 0xc0) == 0x80) {
                    entry = bytes(in, b & 0x3f);
                } else if ((b & 0xe0) == 0xc0) {
                    int raw = ((b & 0x1f) << 8) | (in.get() & 0xff);
                    entry = Arguments.bytes(raw >= 1 << 12 ? raw - (1 << 13) : raw);
                } else if ((b & 0xf0) == 0xe0) {
                    entry = bytes(in, ((b & 0x0f) << 8) | (in.get() & 0xff));
                } else if (b == 0xf0) {
                    entry = bytes(in, in.getInt());
                } else if (b == 0xf1) {
                    entry = Arguments.bytes(in.getShort());
                } else if (b == 0xf2) {
                    int raw = (in.get() & 0xff) | (in.get() & 0xff) << 8 | in.get() << 16;
                    entry = Arguments.bytes(raw);
                } else if (b == 0xf3) {
                    entry = Arguments.bytes(in.getInt());
                } else if (b == 0xf4) {
                    entry = Arguments.bytes(in.getLong());
                } else {
                    throw new BadFormat("a listpack entry of encoding " + b);
                }
                int encoded = in.position() - start;
                in.position(in.position() + backlenBytes(encoded));
                entries.add(entry);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new BadFormat("a listpack entry cut short");
        }
        return entries;
    }

    private static byte[] bytes(ByteBuffer in, int length) throws BadFormat {
        if (length < 0 || length > in.remaining()) {
            throw new BadFormat("a listpack string longer than its listpack");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static int backlenBytes(int encoded) {
        return encoded <= 127 ? 1 : encoded < 16383 ? 2 : encoded < 2097151 ? 3 : encoded < 268435455 ? 4 : 5;
    }

    /** A cursor over the value part of a payload. */
    private static final class Reader {
        final byte[] data;
        final int end;
        int at;

        Reader(byte[] data, int end) {
            this.data = data;
            this.end = end;
        }

        int u8() throws BadFormat {
            if (at >= end) {
                throw new BadFormat("the payload ends early");
            }
            return data[at++] & 0xff;
        }

        /** A length; an encoded-string marker answers -1 - its kind. */
        long rawLength() throws BadFormat {
            int first = u8();
            return switch (first >> 6) {
                case 0 -> first & 0x3f;
                case 1 -> ((long) (first & 0x3f) << 8) | u8();
                case 2 -> {
                    if (first == 0x80) {
                        yield ((long) u8() << 24) | ((long) u8() << 16) | ((long) u8() << 8) | u8();
                    }
                    if (first == 0x81) {
                        long value = 0;
                        for (int i = 0; i < 8; i++) {
                            value = (value << 8) | u8();
                        }
                        yield value;
                    }
                    throw new BadFormat("a length of kind " + first);
                }
                default -> -1 - (first & 0x3f);
            };
        }

        long length() throws BadFormat {
            long length = rawLength();
            if (length < 0 || length > end) {
                throw new BadFormat("a length of " + length + " in a payload of " + end + " bytes");
            }
            return length;
        }

        byte[] string() throws BadFormat {
            long length = rawLength();
            if (length >= 0) {
                if (length > end - at) {
                    throw new BadFormat("a string of " + length + " bytes with " + (end - at) + " left");
                }
                byte[] out = Arrays.copyOfRange(data, at, at + (int) length);
                at += (int) length;
                return out;
            }
            int kind = (int) (-1 - length);
            return switch (kind) {
                case 0 -> Arguments.bytes((byte) u8());
                case 1 -> Arguments.bytes((short) (u8() | u8() << 8));
                case 2 -> Arguments.bytes(u8() | u8() << 8 | u8() << 16 | u8() << 24);
                case 3 -> lzf();
                default -> throw new BadFormat("a string encoding " + kind);
            };
        }

        private byte[] lzf() throws BadFormat {
            long compressed = length();
            long plain = rawLength();
            if (compressed > end - at || plain < 0 || plain > 512L << 20) {
                throw new BadFormat("an LZF string of " + compressed + " bytes for " + plain);
            }
            byte[] out = new byte[(int) plain];
            int limit = at + (int) compressed;
            int o = 0;
            while (at < limit) {
                int ctrl = data[at++] & 0xff;
                if (ctrl < 32) {
                    int run = ctrl + 1;
                    if (o + run > out.length || at + run > limit) {
                        throw new BadFormat("an LZF literal past its end");
                    }
                    System.arraycopy(data, at, out, o, run);
                    at += run;
                    o += run;
                } else {
                    int len = ctrl >> 5;
                    if (len == 7) {
                        len += data[at++] & 0xff;
                    }
                    int back = o - ((ctrl & 0x1f) << 8) - 1 - (data[at++] & 0xff);
                    len += 2;
                    if (back < 0 || o + len > out.length) {
                        throw new BadFormat("an LZF reference out of range");
                    }
                    for (int i = 0; i < len; i++) {
                        out[o++] = out[back++];
                    }
                }
            }
            if (o != out.length) {
                throw new BadFormat("an LZF string of " + o + " bytes, " + out.length + " announced");
            }
            return out;
        }

        double binaryDouble() throws BadFormat {
            if (end - at < 8) {
                throw new BadFormat("a score cut short");
            }
            double value = ByteBuffer.wrap(data, at, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
            at += 8;
            return value;
        }

        double textDouble() throws BadFormat {
            int length = u8();
            if (length == 253) {
                throw new BadFormat("a NaN score");
            }
            if (length == 254) {
                return Double.POSITIVE_INFINITY;
            }
            if (length == 255) {
                return Double.NEGATIVE_INFINITY;
            }
            if (length > end - at) {
                throw new BadFormat("a score cut short");
            }
            double value = Floats.parse(Arrays.copyOfRange(data, at, at + length));
            at += length;
            if (Double.isNaN(value)) {
                throw new BadFormat("a score that is not a number");
            }
            return value;
        }
    }
}
