package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Byte strings and names in the Active-Active records. Field and member names are held as ISO-8859-1 text, which
 * maps every byte to one character and back, so that binary names survive.
 */
final class Bytes {

    /** The most bytes one value of a record may have (Redis's proto-max-bulk-len). */
    static final int MAX = 512 * 1024 * 1024;

    private Bytes() {
    }

    static void write(Out out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] read(In in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX) {
            throw new IOException("a value of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    static void writeText(Out out, String text) throws IOException {
        write(out, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String readText(In in) throws IOException {
        return new String(read(in), StandardCharsets.ISO_8859_1);
    }

    /** A count of items that follow; a negative or absurd one is a damaged record. */
    static int count(In in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX) {
            throw new IOException("a count of " + n + " items");
        }
        return n;
    }
}
