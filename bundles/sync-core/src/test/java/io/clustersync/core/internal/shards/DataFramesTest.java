package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import io.clustersync.core.internal.bus.Frame;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A forwarded command and its reply cross the bus unchanged, and a damaged command frame is refused. */
class DataFramesTest {

    private static byte[][] words(String... words) {
        return Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** A reply as text, bulk strings by their content. */
    private static String render(Reply reply) {
        if (reply instanceof Reply.Bulk bulk) {
            return bulk.value() == null ? "nil" : "$" + new String(bulk.value(), StandardCharsets.UTF_8);
        }
        if (reply instanceof Reply.Multi multi && multi.items() != null) {
            return (multi.map() ? "%" : "*") + multi.items().stream().map(DataFramesTest::render).toList();
        }
        return String.valueOf(reply);
    }

    @Test
    void aCommandComesBackAsItWasSent() throws IOException {
        byte[][] args = words("SET", "key:000042", "x".repeat(100));
        Frame frame = DataFrames.command(99, 3, args);
        assertEquals(16 + 4 * 3 + 3 + 10 + 100, frame.payload().length, "the payload is written to its exact size");
        DataFrames.Command read = DataFrames.readCommand(frame);
        assertEquals(99, read.requestId());
        assertEquals(3, read.shardId());
        assertArrayEquals(args, read.args());
    }

    @Test
    void repliesOfEveryKindComeBackAsTheyWereSent() throws IOException {
        List<Reply> replies = List.of(Reply.OK, Reply.integer(-12), Reply.bulk("value"), Reply.NIL, Reply.error("ERR no"),
                Reply.array(List.of(Reply.bulk("a"), Reply.integer(1), Reply.array(List.of()))),
                Reply.map(List.of(Reply.bulk("k"), Reply.bulk("v"))), new Reply.Simple("h\u00e9"));
        for (Reply reply : replies) {
            Frame frame = DataFrames.reply(5, reply);
            assertEquals(5, DataFrames.requestId(frame));
            assertEquals(render(reply), render(DataFrames.readReply(frame)));
        }
    }

    @Test
    void aTruncatedOrLyingCommandIsRefused() {
        Frame frame = DataFrames.command(1, 2, words("SET", "k", "v"));
        Frame truncated = new Frame(frame.type(), Arrays.copyOf(frame.payload(), frame.payload().length - 1));
        assertThrows(IOException.class, () -> DataFrames.readCommand(truncated));
        byte[] lying = frame.payload().clone();
        lying[12] = (byte) 0x80; // the argument count's high byte: negative
        IOException e = assertThrows(IOException.class, () -> DataFrames.readCommand(new Frame(frame.type(), lying)));
        assertTrue(e.getMessage().contains("argument count"), e.getMessage());
        byte[] huge = frame.payload().clone();
        huge[16] = 0x7f; // the first argument's length: far more than the frame holds
        e = assertThrows(IOException.class, () -> DataFrames.readCommand(new Frame(frame.type(), huge)));
        assertTrue(e.getMessage().contains("argument length"), e.getMessage());
    }
}
