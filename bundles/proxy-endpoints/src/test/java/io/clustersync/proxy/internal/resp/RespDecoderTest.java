package io.clustersync.proxy.internal.resp;

import io.clustersync.core.api.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespDecoderTest {

    private static final ProtocolLimits SMALL = new ProtocolLimits(16, 4, 32, 64, 1000);

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static String[] words(Object command) {
        byte[][] args = (byte[][]) command;
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = new String(args[i], StandardCharsets.ISO_8859_1);
        }
        return out;
    }

    @Test
    void readsMultibulkCommandsArrivingInPieces() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(ProtocolLimits.DEFAULTS));
        String command = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n*1\r\n$4\r\nPING\r\n";
        for (char c : command.toCharArray()) {
            channel.writeInbound(bytes(String.valueOf(c)));
        }
        assertArrayEquals(new String[] {"SET", "key", "va\r\nl"}, words(channel.readInbound()));
        assertArrayEquals(new String[] {"PING"}, words(channel.readInbound()));
        assertNull(channel.readInbound());
    }

    @Test
    void readsInlineCommandsWithQuotes() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(ProtocolLimits.DEFAULTS));
        channel.writeInbound(bytes("set \"a b\" 'c\\'d' \"\\x41\\n\"\r\n\r\nPING\n"));
        assertArrayEquals(new String[] {"set", "a b", "c'd", "A\n"}, words(channel.readInbound()));
        assertArrayEquals(new String[] {"PING"}, words(channel.readInbound()));
    }

    private static String protocolError(String input) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(SMALL));
        DecoderException thrown = assertThrows(DecoderException.class, () -> channel.writeInbound(bytes(input)));
        return thrown.getCause().getMessage();
    }

    @Test
    void malformedInputIsAProtocolErrorInRedisWords() {
        assertEquals("invalid multibulk length", protocolError("*x\r\n"));
        assertEquals("invalid multibulk length", protocolError("*5\r\n"));
        assertEquals("expected '$', got ':'", protocolError("*1\r\n:1\r\n"));
        assertEquals("invalid bulk length", protocolError("*1\r\n$-1\r\n"));
        assertEquals("invalid bulk length", protocolError("*1\r\n$17\r\n"));
        assertEquals("too big inline request", protocolError("x".repeat(40)));
        assertEquals("too big mbulk count string", protocolError("*" + "1".repeat(40)));
        assertEquals("unbalanced quotes in request", protocolError("GET \"abc\r\n"));
        assertTrue(protocolError("*1\r\n$4\r\nPINGxx").contains("not followed by CRLF"));
        assertEquals("unexpected byte 0x00 at the start of a request", protocolError("\0\r\n"));
        assertEquals("request larger than 64 bytes", protocolError("*4\r\n$16\r\n" + "a".repeat(16) + "\r\n$16\r\n"
                + "b".repeat(16) + "\r\n$16\r\n" + "c".repeat(16) + "\r\n$16\r\n"));
    }

    @Test
    void repliesAreWrittenInTheClientsProtocol() {
        ByteBuf out = Unpooled.buffer();
        Reply map = Reply.map(List.of(Reply.bulk("f"), Reply.NIL));
        RespWriter.write(map, 2, out);
        assertEquals("*2\r\n$1\r\nf\r\n$-1\r\n", out.toString(StandardCharsets.ISO_8859_1));
        out.clear();
        RespWriter.write(map, 3, out);
        assertEquals("%1\r\n$1\r\nf\r\n_\r\n", out.toString(StandardCharsets.ISO_8859_1));
        out.clear();
        RespWriter.write(Reply.error("ERR line\r\nbreak"), 2, out);
        assertEquals("-ERR line  break\r\n", out.toString(StandardCharsets.ISO_8859_1));
    }
}
