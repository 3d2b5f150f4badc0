package io.clustersync.core.internal.tables;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Time;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row change of a synchronized table: the table, whether the row now exists ({@code upsert}) or is gone
 * ({@code delete}), its column names, the primary-key columns, and the values. Values travel as their Java
 * types where H2 hands out common ones (text, whole and decimal numbers, booleans, bytes), an ARRAY as its
 * elements, and as text otherwise; H2 converts text back to the column's type on apply.
 */
public record RowChange(String table, boolean delete, List<String> columns, List<String> keyColumns, List<Object> values) {

    /** The first byte of a row change's payload in the change log (model changes start with another). */
    public static final byte PAYLOAD_TAG = 'R';

    public RowChange {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public Object value(String column) {
        int at = columns.indexOf(column);
        return at < 0 ? null : values.get(at);
    }

    /** The row's key as the operator reads it: one value, or the values joined by '/'. */
    /** What the change does, for the change log and messages: "write TABLE key" or "delete TABLE key". */
    public String describe() {
        return (delete() ? "delete " : "write ") + table() + " " + keyText();
    }

    public String keyText() {
        return String.join("/", keyColumns.stream().map(c -> String.valueOf(value(c))).toList());
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(PAYLOAD_TAG);
            out.writeUTF(table);
            out.writeBoolean(delete);
            out.writeShort(columns.size());
            for (String c : columns) {
                out.writeUTF(c);
            }
            out.writeShort(keyColumns.size());
            for (String c : keyColumns) {
                out.writeUTF(c);
            }
            for (Object v : values) {
                writeValue(out, v);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static RowChange decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != PAYLOAD_TAG) {
                throw new IOException("not a row change");
            }
            String table = in.readUTF();
            boolean delete = in.readBoolean();
            int n = in.readShort();
            List<String> columns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                columns.add(in.readUTF());
            }
            int k = in.readShort();
            List<String> keys = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                keys.add(in.readUTF());
            }
            List<Object> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(readValue(in));
            }
            return new RowChange(table, delete, columns, keys, values);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed row change: " + e.getMessage(), e);
        }
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte('N');
        } else if (v instanceof String s) {
            out.writeByte('S');
            writeLongUtf(out, s);
        } else if (v instanceof Integer i) {
            out.writeByte('I');
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte('L');
            out.writeLong(l);
        } else if (v instanceof Boolean b) {
            out.writeByte('B');
            out.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            out.writeByte('D');
            out.writeUTF(d.toPlainString());
        } else if (v instanceof Double d) {
            out.writeByte('F');
            out.writeDouble(d);
        } else if (v instanceof byte[] b) {
            out.writeByte('Y');
            out.writeInt(b.length);
            out.write(b);
        } else if (v instanceof Array array) {
            try {
                writeValue(out, array.getArray());
            } catch (SQLException e) {
                throw new IOException("cannot read an ARRAY value: " + e.getMessage(), e);
            }
        } else if (v instanceof Object[] elements) {
            out.writeByte('A');
            out.writeInt(elements.length);
            for (Object element : elements) {
                writeValue(out, element);
            }
        } else {
            out.writeByte('S');
            writeLongUtf(out, asText(v));
        }
    }

    /**
     * A value that travels as text, for H2 to convert back: its own text, but a TIME with its milliseconds, which
     * {@code java.sql.Time}'s text drops.
     */
    public static String asText(Object v) {
        if (v instanceof Time time) {
            long millis = Math.floorMod(time.getTime(), 1000L);
            return millis == 0 ? time.toString() : time + String.format(".%03d", millis);
        }
        return v.toString();
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case 'N' -> null;
            case 'S' -> readLongUtf(in);
            case 'I' -> in.readInt();
            case 'L' -> in.readLong();
            case 'B' -> in.readBoolean();
            case 'D' -> new BigDecimal(in.readUTF());
            case 'F' -> in.readDouble();
            case 'Y' -> {
                int length = in.readInt();
                if (length < 0 || length > 16 * 1024 * 1024) {
                    throw new IOException("bad byte length " + length);
                }
                byte[] b = new byte[length];
                in.readFully(b);
                yield b;
            }
            case 'A' -> {
                int length = in.readInt();
                if (length < 0 || length > 65_536) {
                    throw new IOException("bad array length " + length);
                }
                Object[] elements = new Object[length];
                for (int i = 0; i < length; i++) {
                    elements[i] = readValue(in);
                }
                yield elements;
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static void writeLongUtf(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readLongUtf(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 16 * 1024 * 1024) {
            throw new IOException("bad text length " + length);
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
