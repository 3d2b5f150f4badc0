package io.clustersync.itests.process;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare RESP2 client that sends commands in pipelined batches and reads each reply as a plain value: a
 * {@code "+status"} or {@code "-error"} string, a {@link Long}, a bulk string (bytes as ISO-8859-1 text, so that
 * every byte survives), {@code null} for the nil bulk, {@link #NIL_ARRAY} for the nil array, a {@link List} for an
 * array. Nothing is interpreted, so two servers' replies can be compared as they are.
 */
final class RespClient implements AutoCloseable {

    /** The nil array ({@code *-1}), distinct from the nil bulk string. */
    static final Object NIL_ARRAY = new Object() {
        @Override
        public String toString() {
            return "(nil array)";
        }
    };

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
    }

    /** Sends the commands at once and reads their replies, in order. */
    List<Object> pipeline(List<List<String>> commands) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (List<String> command : commands) {
            buffer.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String word : command) {
                byte[] bytes = word.getBytes(StandardCharsets.ISO_8859_1);
                buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                buffer.writeBytes(bytes);
                buffer.writeBytes(new byte[] {'\r', '\n'});
            }
        }
        out.write(buffer.toByteArray());
        out.flush();
        List<Object> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(read());
        }
        return replies;
    }

    /** Reads the next value the server sends unasked (a pub/sub message), waiting up to the socket's timeout. */
    Object nextPush() throws IOException {
        return read();
    }

    Object call(String... words) throws IOException {
        return pipeline(List.of(List.of(words))).get(0);
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed by the server");
        }
        String line = line();
        switch (type) {
            case '+':
                return "+" + line;
            case '-':
                return "-" + line;
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] value = in.readNBytes(length);
                in.readNBytes(2);
                return new String(value, StandardCharsets.ISO_8859_1);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return NIL_ARRAY;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply type '" + (char) type + "' " + line);
        }
    }

    private String line() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in a reply line");
            }
            if (c == '\r') {
                in.read();
                return text.toString();
            }
            text.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
