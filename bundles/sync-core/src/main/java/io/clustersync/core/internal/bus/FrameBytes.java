package io.clustersync.core.internal.bus;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The byte streams a frame's payload is written to and read from. Unlike {@link java.io.ByteArrayOutputStream}
 * and {@link java.io.ByteArrayInputStream} they take no lock per byte (a payload is written and read by one
 * thread), and a payload written to its exact size hint is handed over without a copy: the commands every proxy
 * forwards over the bus go through here.
 */
final class FrameBytes {

    private FrameBytes() {
    }

    /** A growing byte array. */
    static final class Out extends OutputStream {
        private byte[] bytes;
        private int count;

        Out(int sizeHint) {
            bytes = new byte[Math.max(16, sizeHint)];
        }

        private void room(int more) {
            if (bytes.length - count < more) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
            }
        }

        @Override
        public void write(int b) {
            room(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            room(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        /** The bytes written: the array itself when they fill it exactly. */
        byte[] toByteArray() {
            return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
        }
    }

    /** Reads a byte array from its start. */
    static final class In extends InputStream {
        private final byte[] bytes;
        private int position;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, bytes.length - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            int skipped = (int) Math.max(0, Math.min(n, bytes.length - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }
    }
}
