package io.clustersync.syncer.stream;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.SyncerMode;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link StreamRun} against a scripted source proxy on a loopback socket: a stream whose offsets skip one is
 * never applied past the gap; the run reconnects and asks again from its checkpoint.
 */
class StreamRunTest {

    @Test
    void aGapInAShardsOffsetsIsNeverAppliedAndTheStreamResumesFromTheCheckpoint() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(10_000);
            Task task = new Task(ReplicaSource.parse("redis://127.0.0.1:" + server.getLocalPort() + "/orders"));
            StreamRun run = new StreamRun(task, "centralized");
            BlockingQueue<String> asked = new LinkedBlockingQueue<>();
            Thread source = new Thread(() -> serve(server, asked), "fake-source");
            source.setDaemon(true);
            source.start();
            run.start();
            try {
                // first connection: 11 and 12 arrive, then 14 (13 lost on the way): the run must stop at 12
                assertEquals("CSYNC PSYNC shard:1 ? 0", asked.poll(10, TimeUnit.SECONDS));
                // second connection: asked from the checkpoint 12, not from 14
                assertEquals("CSYNC PSYNC shard:1 r1 12", asked.poll(10, TimeUnit.SECONDS));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (task.applied.size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            } finally {
                run.stop();
            }
            assertEquals(List.of(11L, 12L, 13L, 14L), task.applied, "each write once, in order, none past a gap");
            assertEquals(14L, task.checkpoints.get("shard:1"));
        }
    }

    /** Connection 1: partial from 10, writes 11, 12, 14. Connection 2: partial from what is asked, writes 13, 14. */
    private static void serve(ServerSocket server, BlockingQueue<String> asked) {
        for (int connection = 1; connection <= 2; connection++) {
            try (Socket socket = server.accept()) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                assertEquals("CSYNC SHARDS", String.join(" ", readCommand(in)));
                out.write(array(array(bulk("shard:1"), ":0\r\n", ":16383\r\n", bulk("node:1"),
                        bulk("127.0.0.1:" + server.getLocalPort()), bulk("single"))).getBytes(StandardCharsets.UTF_8));
                String psync = String.join(" ", readCommand(in));
                asked.add(psync);
                if (connection == 1) {
                    out.write((event("partial", "r1", "10") + write(11) + write(12) + write(14)).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write((event("partial", "r1", "12") + write(13) + write(14)).getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                if (connection == 1) {
                    // the run closes this connection at the gap
                    while (in.read() >= 0) {
                        // drain until closed
                    }
                } else {
                    Thread.sleep(2_000);
                }
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private static String write(long offset) {
        return array(bulk("write"), bulk("shard:1"), bulk(Long.toString(offset)), bulk(Long.toString(System.currentTimeMillis())),
                bulk("SET"), bulk("k"), bulk("v" + offset));
    }

    private static String event(String kind, String replicationId, String offset) {
        return array(bulk(kind), bulk("shard:1"), bulk(replicationId), bulk(offset));
    }

    private static String array(String... items) {
        return "*" + items.length + "\r\n" + String.join("", items);
    }

    private static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String head = line(in);
        assertTrue(head.startsWith("*"), head);
        List<String> words = new ArrayList<>();
        for (int i = Integer.parseInt(head.substring(1)); i > 0; i--) {
            int length = Integer.parseInt(line(in).substring(1));
            words.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            in.readNBytes(2);
        }
        return words;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }

    /** A destination that applies by offset, as the shard stores do, and keeps its checkpoint. */
    private static final class Task implements ReplicationTask {
        final ReplicaSource source;
        final List<Long> applied = new CopyOnWriteArrayList<>();
        final Map<String, Long> checkpoints = new ConcurrentHashMap<>();

        Task(ReplicaSource source) {
            this.source = source;
        }

        @Override
        public Database destination() {
            return new Database(1, "copy", 1, false, SyncerMode.CENTRALIZED, List.of(), List.of());
        }

        @Override
        public int sourceIndex() {
            return 1;
        }

        @Override
        public ReplicaSource source() {
            return source;
        }

        @Override
        public Map<String, Checkpoint> resumePoints() {
            Long at = checkpoints.get("shard:1");
            return at == null ? Map.of() : Map.of("shard:1", new Checkpoint("r1", at));
        }

        @Override
        public CompletableFuture<Void> fullResyncStarting(String sourceShard, int firstSlot, int lastSlot) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Reply> load(byte[][] write) {
            return CompletableFuture.completedFuture(Reply.integer(1));
        }

        @Override
        public synchronized CompletableFuture<Reply> apply(String sourceShard, String replicationId, long offset, byte[][] write) {
            long done = checkpoints.getOrDefault(sourceShard, -1L);
            if (offset > done) {
                applied.add(offset);
                checkpoints.put(sourceShard, offset);
            }
            return CompletableFuture.completedFuture(Reply.integer(1));
        }

        @Override
        public synchronized CompletableFuture<Void> checkpoint(String sourceShard, String replicationId, long offset) {
            checkpoints.merge(sourceShard, offset, Math::max);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void status(String state, String detail) {
            assertNotNull(state);
        }
    }
}
