package io.clustersync.core.internal.shards;

import io.clustersync.core.internal.bus.Frame;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events of a relayed stream travel several to a frame, in order, and a damaged frame is refused. */
class StreamFramesTest {

    private static byte[][] words(String... words) {
        return Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    @Test
    void eventsOfOneFrameComeBackInOrder() throws IOException {
        List<StreamFrames.Event> sent = List.of(
                new StreamFrames.Event(7, StreamFrames.FULL, 100, "replid-1", null),
                new StreamFrames.Event(7, StreamFrames.SNAPSHOT, 0, null, words("SET", "a", "1")),
                new StreamFrames.Event(7, StreamFrames.SNAPSHOT_END, 0, null, null),
                new StreamFrames.Event(7, StreamFrames.WRITE, 101, null, words("INCR", "a")),
                new StreamFrames.Event(7, StreamFrames.ENDED, 0, "shard moved", null));
        List<StreamFrames.Event> read = StreamFrames.readEvents(StreamFrames.events(7, sent));
        assertEquals(sent.size(), read.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(7, read.get(i).streamId());
            assertEquals(sent.get(i).kind(), read.get(i).kind());
            assertEquals(sent.get(i).offset(), read.get(i).offset());
            assertEquals(sent.get(i).text() == null ? "" : sent.get(i).text(), read.get(i).text());
            if (sent.get(i).args() == null) {
                assertNull(read.get(i).args());
            } else {
                assertArrayEquals(sent.get(i).args(), read.get(i).args());
            }
        }
    }

    @Test
    void aTruncatedOrLyingFrameIsRefused() {
        Frame frame = StreamFrames.events(7, List.of(new StreamFrames.Event(7, StreamFrames.WRITE, 5, null, words("SET", "k", "v"))));
        Frame truncated = new Frame(frame.type(), Arrays.copyOf(frame.payload(), frame.payload().length - 2));
        assertThrows(IOException.class, () -> StreamFrames.readEvents(truncated));
        byte[] lying = frame.payload().clone();
        lying[8] = 0x7f; // the event count's high byte: far more events than the frame holds
        IOException e = assertThrows(IOException.class, () -> StreamFrames.readEvents(new Frame(frame.type(), lying)));
        assertTrue(e.getMessage().contains("event count"), e.getMessage());
    }
}
