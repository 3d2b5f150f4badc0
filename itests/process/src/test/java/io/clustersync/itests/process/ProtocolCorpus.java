package io.clustersync.itests.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A generated corpus of malformed and truncated RESP input, from a fixed seed so that a failure can be replayed.
 * Each case says what the proxy must answer before it closes the connection: a given protocol error, or (for
 * random bytes and frames cut short) anything at all, as long as it answers or closes in time.
 */
final class ProtocolCorpus {

    /** One case: what is sent, the protocol error expected (null: any answer), and whether to wait for the timeout. */
    record Case(int number, String kind, byte[] bytes, String expectedError, boolean waitForTimeout) {
        String printable() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 200); i++) {
                int b = bytes[i] & 0xFF;
                out.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
            return "#" + number + " " + kind + " (" + bytes.length + " bytes): " + out + (bytes.length > 200 ? "..." : "");
        }
    }

    static final int MAX_BULK = 1 << 20;
    static final int MAX_INLINE = 4096;

    private final Random random;
    private final List<Case> cases = new ArrayList<>();

    ProtocolCorpus(long seed) {
        this.random = new Random(seed);
    }

    List<Case> generate(int count, int timeoutCases) {
        for (int i = 0; cases.size() < count - timeoutCases; i++) {
            switch (i % 12) {
                case 0 -> add("bad type byte in a multibulk", concat("*2\r\n$3\r\nGET\r\n", new byte[] {notDollar()}, "3\r\nkey\r\n"),
                        "expected '$', got");
                case 1 -> add("multibulk length not a number", ascii("*" + word(1 + random.nextInt(6)) + "\r\n"), "invalid multibulk length");
                case 2 -> add("multibulk length too big", ascii("*" + (1024L * 1024 + 1 + Math.abs(random.nextLong() % 1_000_000_000L)) + "\r\n"),
                        "invalid multibulk length");
                case 3 -> add("negative bulk length", ascii("*1\r\n$-" + (1 + random.nextInt(1000)) + "\r\n"), "invalid bulk length");
                case 4 -> add("bulk over the size limit", ascii("*2\r\n$3\r\nSET\r\n$" + (MAX_BULK + 1 + random.nextInt(1 << 30)) + "\r\n"),
                        "invalid bulk length");
                case 5 -> add("inline line over the limit", filler(MAX_INLINE + 1 + random.nextInt(4000)), "too big inline request");
                case 6 -> add("unbalanced quotes", ascii("SET \"k" + word(random.nextInt(5)) + "\r\n"), "unbalanced quotes in request");
                case 7 -> add("bulk not followed by CRLF", ascii("*1\r\n$4\r\nPING" + (char) ('A' + random.nextInt(26)) + "X\r\n"),
                        "not followed by CRLF");
                case 8 -> add("control byte starting a request", new byte[] {(byte) random.nextInt(9), 'x', '\r', '\n'},
                        "at the start of a request");
                case 9 -> add("length line over the limit", ascii("*" + "9".repeat(MAX_INLINE + 10)), "too big mbulk count string");
                case 10 -> add("frame cut short", truncatedCommand(), null);
                default -> add("random bytes", randomBytes(), null);
            }
        }
        for (int i = 0; i < timeoutCases; i++) {
            byte[] frame = truncatedCommand();
            cases.add(new Case(cases.size(), "client stops halfway", frame.length == 0 ? ascii("*2\r\n$3") : frame,
                    "request incomplete", true));
        }
        return cases;
    }

    private void add(String kind, byte[] bytes, String expectedError) {
        cases.add(new Case(cases.size(), kind, bytes, expectedError, false));
    }

    private byte notDollar() {
        byte b;
        do {
            b = (byte) random.nextInt(256);
        } while (b == '$');
        return b;
    }

    private String word(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.length() == 0 ? "x" : out.toString();
    }

    private byte[] filler(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(26));
        }
        return bytes;
    }

    /** A well-formed SET or MSET command cut at a random byte (at least one byte kept, at least one dropped). */
    private byte[] truncatedCommand() {
        String key = word(1 + random.nextInt(10));
        String value = word(random.nextInt(40));
        String full = random.nextBoolean()
                ? "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value + "\r\n"
                : "*5\r\n$4\r\nMSET\r\n$" + key.length() + "\r\n" + key + "\r\n$1\r\nv\r\n$2\r\nk2\r\n$" + value.length() + "\r\n" + value + "\r\n";
        byte[] bytes = ascii(full);
        int cut = 1 + random.nextInt(bytes.length - 2);
        return Arrays.copyOf(bytes, cut);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        if (random.nextInt(4) == 0) {
            bytes[0] = '*';
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(head));
        out.writeBytes(middle);
        out.writeBytes(ascii(tail));
        return out.toByteArray();
    }
}
