package io.clustersync.core.internal.shards;

import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A stream event for a stream no one here reads any more stops the node that serves it. */
class ShardStreamsTest {

    /** The bus as ShardStreams sees it: handlers by type, and what was sent where. */
    private static final class Bus implements BusMessaging {
        final Map<Byte, Handler> handlers = new HashMap<>();
        final List<String> sent = new ArrayList<>();

        @Override
        public boolean send(int nodeId, Frame frame) {
            sent.add(nodeId + ":" + frame.type());
            return true;
        }

        @Override
        public boolean send(int nodeId, Supplier<Frame> frame) {
            Frame made = frame.get();
            return made == null || send(nodeId, made);
        }

        @Override
        public void handle(byte type, Handler handler) {
            handlers.put(type, handler);
        }

        @Override
        public void unhandle(byte type) {
            handlers.remove(type);
        }

        @Override
        public boolean isLinkUp(int nodeId) {
            return true;
        }
    }

    @Test
    void anEventOfAStreamNoOneReadsClosesItAtItsSource() throws Exception {
        Bus bus = new Bus();
        ShardStreams streams = new ShardStreams(bus, shard -> null);
        streams.register();
        try {
            Frame orphan = StreamFrames.event(new StreamFrames.Event(41, StreamFrames.WRITE, 7, "", new byte[][] {"SET".getBytes()}));
            bus.handlers.get(orphan.type()).handle(3, orphan);
            assertEquals(List.of("3:" + StreamFrames.close(41).type()), bus.sent);
            assertEquals(41, StreamFrames.readClose(StreamFrames.close(41)));

            bus.sent.clear();
            Frame ended = StreamFrames.event(new StreamFrames.Event(42, StreamFrames.ENDED, 0, "gone", new byte[0][]));
            bus.handlers.get(ended.type()).handle(3, ended);
            assertEquals(List.of(), bus.sent, "an orphan's end needs no answer");

            Frame several = StreamFrames.events(43, List.of(
                    new StreamFrames.Event(43, StreamFrames.WRITE, 8, null, new byte[][] {"SET".getBytes(), "k".getBytes()}),
                    new StreamFrames.Event(43, StreamFrames.WRITE, 9, null, new byte[][] {"DEL".getBytes(), "k".getBytes()})));
            bus.handlers.get(several.type()).handle(2, several);
            assertEquals(List.of("2:" + StreamFrames.close(43).type()), bus.sent, "one close for a frame of several events");
        } finally {
            streams.unregister();
        }
    }
}
