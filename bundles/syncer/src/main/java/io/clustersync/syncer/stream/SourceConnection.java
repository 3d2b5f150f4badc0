package io.clustersync.syncer.stream;

import io.clustersync.core.api.ReplicaSource;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A RESP connection to a source proxy: commands out, replies and stream events in. A reply is a {@code byte[]}
 * (bulk or status), a {@code Long}, a {@code List<Object>}, null, or a {@link SourceError}.
 */
final class SourceConnection implements AutoCloseable {

    /** An error reply of the source, e.g. {@code WRONGPASS ...}. */
    record SourceError(String message) {
    }

    private static final int MAX_BULK = 512 << 20;

    private final Socket socket;
    private final Input in;
    private final OutputStream out;
    private final AtomicLong bytesRead = new AtomicLong();

    /** Connects to {@code host:port}, a proxy of {@code source}; over TLS, verified, when the source is rediss://. */
    SourceConnection(ReplicaSource source, String host, int port, int timeoutMs) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), timeoutMs);
        plain.setTcpNoDelay(true);
        socket = source.tls() ? SourceTls.wrap(plain, source, host, port, timeoutMs) : plain;
        in = new Input(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    /**
     * The socket's bytes through a buffer of 64 KB, read one by one without a lock (the parser reads every header
     * byte by byte; a java.io.BufferedInputStream would take its monitor for each).
     */
    private final class Input {
        private final InputStream socketIn;
        private final byte[] buffer = new byte[64 * 1024];
        private int pos;
        private int count;

        Input(InputStream socketIn) {
            this.socketIn = socketIn;
        }

        int read() throws IOException {
            if (pos == count && !fill()) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        byte[] readNBytes(int length) throws IOException {
            byte[] bytes = new byte[length];
            int at = 0;
            while (at < length) {
                if (pos == count && !fill()) {
                    return Arrays.copyOf(bytes, at);
                }
                int n = Math.min(length - at, count - pos);
                System.arraycopy(buffer, pos, bytes, at, n);
                pos += n;
                at += n;
            }
            return bytes;
        }

        int buffered() {
            return count - pos;
        }

        private boolean fill() throws IOException {
            int n = socketIn.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            bytesRead.addAndGet(n);
            pos = 0;
            count = n;
            return true;
        }
    }

    /** Whether a whole or partial event already waits in this side's buffer (read() would not block for it). */
    boolean hasBuffered() {
        return in.buffered() > 0;
    }

    /** Bytes read from the source since the last call. */
    long takeBytesRead() {
        return bytesRead.getAndSet(0);
    }

    void readTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    void send(String... words) throws IOException {
        out.write(("*" + words.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("the source closed the connection");
        }
        switch (type) {
            case '+':
                return line().getBytes(StandardCharsets.UTF_8);
            case '-':
                return new SourceError(line());
            case ':':
                return number();
            case '_':
                line();
                return null;
            case '$': {
                long length = number();
                if (length < 0) {
                    return null;
                }
                if (length > MAX_BULK) {
                    throw new IOException("the source sent a bulk of " + length + " bytes");
                }
                byte[] bytes = in.readNBytes((int) length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new IOException("the source's bulk was cut short");
                }
                return bytes;
            }
            case '*':
            case '%': {
                long count = number();
                if (count < 0) {
                    return null;
                }
                if (count > 1_000_000) {
                    throw new IOException("the source sent an array of " + count + " items");
                }
                List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
                for (int i = 0; i < (type == '%' ? count * 2 : count); i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("the source sent an unexpected reply type '" + (char) type + "'");
        }
    }

    /** A RESP integer up to its CRLF, parsed as it is read (the hot path of a stream: every header is one). */
    private long number() throws IOException {
        int b = in.read();
        boolean negative = b == '-';
        if (negative) {
            b = in.read();
        }
        long value = 0;
        int digits = 0;
        for (; b >= '0' && b <= '9'; b = in.read()) {
            if (++digits > 18) {
                throw new IOException("the source sent a number of more than 18 digits");
            }
            value = value * 10 + (b - '0');
        }
        if (b != '\r' || in.read() != '\n' || digits == 0) {
            throw new IOException(b < 0 ? "the source closed the connection" : "the source sent a malformed number");
        }
        return negative ? -value : value;
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the source closed the connection");
            }
            bytes.write(b);
            if (bytes.size() > 64 * 1024) {
                throw new IOException("the source sent a line over 64 KB");
            }
        }
        if (in.read() != '\n') {
            throw new IOException("the source sent a line without CRLF");
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
