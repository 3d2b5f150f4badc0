package io.clustersync.itests.process;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare RESP client for replication streams: sends one command, then reads event after event. */
final class RespStreamReader implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    RespStreamReader(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String... words) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + words.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        OutputStream socketOut = socket.getOutputStream();
        socketOut.write(out.toByteArray());
        socketOut.flush();
    }

    /** The next event as its words; an error reply comes back as one word starting with '-'. */
    List<String> next() throws IOException {
        String line = line();
        List<String> words = new ArrayList<>();
        if (line.startsWith("-")) {
            words.add(line);
            return words;
        }
        if (!line.startsWith("*")) {
            throw new IOException("expected an array, got '" + line + "'");
        }
        int count = Integer.parseInt(line.substring(1));
        for (int i = 0; i < count; i++) {
            String header = line();
            byte[] bytes = in.readNBytes(Integer.parseInt(header.substring(1)));
            in.readNBytes(2);
            words.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return words;
    }

    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\r'; ) {
            if (b < 0) {
                throw new IOException("the stream closed");
            }
            out.write(b);
        }
        in.read();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** CRC16 (XMODEM) of the key modulo 16384, as Redis Cluster and the proxies compute a key's slot (no tags here). */
    static int slot(String key) {
        int crc = 0;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc & 16383;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
