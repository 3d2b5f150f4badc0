package io.clustersync.core.internal.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Writes a record of the model in the order its components are declared, and reads it back through its
 * canonical constructor, so that a new attribute is one more component, not one more line in each codec.
 * Components may be strings (null allowed), ints, longs, booleans, byte arrays, enums, records of these and
 * lists of records. The variants of a sealed interface are written under their simple names.
 */
final class RecordCodec {

    /** The most items a list may hold when it is read back: a bound against a corrupt length. */
    private static final int MAX_LIST = 1 << 16;

    private RecordCodec() {
    }

    /** One variant of {@code family} (a sealed interface of records), tagged with its name. */
    static byte[] encode(Class<?> family, Record value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(value.getClass().getSimpleName());
            write(out, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(Class<T> family, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            String name = in.readUTF();
            Class<?> variant = Arrays.stream(family.getPermittedSubclasses())
                    .filter(c -> c.getSimpleName().equals(name)).findFirst()
                    .orElseThrow(() -> new IOException("unknown " + family.getSimpleName() + " '" + name + "'"));
            return family.cast(read(in, variant));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + family.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A record as text (Base64 of its binary form), for a column of the configuration database. */
    static String text(Record value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Reads a record written by {@link #text}; a malformed one is {@link IllegalArgumentException} naming what. */
    static <T> T fromText(String text, Class<T> type) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            return type.cast(read(in, type));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A record written inside another stream (its type known to the reader). */
    static void write(DataOutputStream out, Record value) throws IOException {
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            try {
                writeValue(out, component.getType(), component.getGenericType(), component.getAccessor().invoke(value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + value.getClass(), e);
            }
        }
    }

    static Object read(DataInputStream in, Class<?> type) throws IOException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = readValue(in, types[i], components[i].getGenericType());
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getSimpleName(), e);
        }
    }

    private static void writeValue(DataOutputStream out, Class<?> type, Type generic, Object value) throws IOException {
        if (type == int.class) {
            out.writeInt((Integer) value);
        } else if (type == long.class) {
            out.writeLong((Long) value);
        } else if (type == boolean.class) {
            out.writeBoolean((Boolean) value);
        } else {
            out.writeBoolean(value != null);
            if (value == null) {
                return;
            }
            if (type == String.class) {
                out.writeUTF((String) value);
            } else if (type == byte[].class) {
                out.writeInt(((byte[]) value).length);
                out.write((byte[]) value);
            } else if (type.isEnum()) {
                out.writeUTF(((Enum<?>) value).name());
            } else if (type.isRecord()) {
                write(out, (Record) value);
            } else if (type == List.class) {
                Class<?> item = itemType(generic);
                List<?> items = (List<?>) value;
                out.writeInt(items.size());
                for (Object o : items) {
                    writeValue(out, item, item, o);
                }
            } else {
                throw new IllegalStateException("a model record cannot hold a " + type.getName());
            }
        }
    }

    private static Object readValue(DataInputStream in, Class<?> type, Type generic) throws IOException {
        if (type == int.class) {
            return in.readInt();
        } else if (type == long.class) {
            return in.readLong();
        } else if (type == boolean.class) {
            return in.readBoolean();
        }
        if (!in.readBoolean()) {
            return null;
        }
        if (type == String.class) {
            return in.readUTF();
        } else if (type == byte[].class) {
            byte[] bytes = new byte[bounded(in.readInt(), in.available(), "byte count")];
            in.readFully(bytes);
            return bytes;
        } else if (type.isEnum()) {
            return enumValue(type, in.readUTF());
        } else if (type.isRecord()) {
            return read(in, type);
        } else if (type == List.class) {
            Class<?> item = itemType(generic);
            int size = bounded(in.readInt(), MAX_LIST, "list size");
            List<Object> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                items.add(readValue(in, item, item));
            }
            return items;
        }
        throw new IllegalStateException("a model record cannot hold a " + type.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) throws IOException {
        try {
            return Enum.valueOf((Class<? extends Enum>) type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }

    private static Class<?> itemType(Type generic) {
        return (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0];
    }

    private static int bounded(int value, int max, String what) throws IOException {
        if (value < 0 || value > max) {
            throw new IOException(what + " " + value + " is out of range");
        }
        return value;
    }
}
