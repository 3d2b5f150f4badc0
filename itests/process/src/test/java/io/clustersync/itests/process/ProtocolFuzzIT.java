package io.clustersync.itests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds a proxy endpoint a generated corpus of more than 10,000 malformed and truncated requests, each on its own
 * connection, with small protocol limits set through {@code etc/io.clustersync.proxy.cfg}: every case gets its
 * protocol error (or, for random bytes, some answer) and a closed connection, and the node keeps serving a
 * well-formed client throughout.
 */
class ProtocolFuzzIT {

    private static final int CASES = 10_200;
    private static final int TIMEOUT_CASES = 24;

    @Test
    void malformedInputGetsAProtocolErrorAndLeavesTheNodeServing(@TempDir Path dir) throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("node1"), 1, "fuzz")) {
            assertEquals(0, node.start().exitCode(), node::log);
            Files.writeString(node.home.resolve("etc/io.clustersync.proxy.cfg"), String.join("\n",
                    "max.bulk.bytes = " + ProtocolCorpus.MAX_BULK,
                    "max.inline.bytes = " + ProtocolCorpus.MAX_INLINE,
                    "incomplete.request.timeout.ms = 400", ""));
            int port = NodeProcess.freePort(node.address);
            NodeProcess.Result created = node.admin("create", "db", "fuzz", "shards", "2", "port", String.valueOf(port));
            assertEquals(0, created.exitCode(), created::toString);
            Eventually.until("the proxy with the corpus limits", () -> configuredBulkLimit(node, port),
                    limit -> limit.equals(String.valueOf(ProtocolCorpus.MAX_BULK)), 20_000);

            List<ProtocolCorpus.Case> corpus = new ProtocolCorpus(20261122L).generate(CASES, TIMEOUT_CASES);
            assertTrue(corpus.size() >= 10_000);
            List<String> failures = new ArrayList<>();
            for (ProtocolCorpus.Case c : corpus) {
                String problem = run(node, port, c);
                if (problem != null && failures.size() < 20) {
                    failures.add(c.printable() + "\n    -> " + problem);
                }
                if (c.number() % 2000 == 0) {
                    assertServes(node, port, "after case " + c.number());
                }
            }
            assertTrue(failures.isEmpty(), () -> failures.size() + " case(s) failed, first ones:\n" + String.join("\n", failures));
            assertServes(node, port, "after the whole corpus");
            assertTrue(node.pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false), "node process alive");
            String log = node.log();
            assertFalse(log.contains("unexpected"), () -> "the node logged an unexpected failure:\n" + log);
        }
    }

    private static String configuredBulkLimit(NodeProcess node, int port) {
        try (Jedis jedis = new Jedis(node.address, port, 2000)) {
            List<String> reply = jedis.configGet("proto-max-bulk-len").entrySet().stream()
                    .map(e -> e.getValue()).toList();
            return reply.isEmpty() ? "" : reply.get(0);
        } catch (RuntimeException e) {
            return "not listening: " + e.getMessage();
        }
    }

    private static void assertServes(NodeProcess node, int port, String when) {
        try (Jedis jedis = new Jedis(node.address, port, 5000)) {
            assertEquals("PONG", jedis.ping(), when);
            assertEquals("OK", jedis.set("fuzz:check", when));
            assertEquals(when, jedis.get("fuzz:check"));
        }
    }

    /** Sends one case and reads until the proxy closes; returns what went wrong, or null. */
    private static String run(NodeProcess node, int port, ProtocolCorpus.Case c) {
        try (Socket socket = new Socket(node.address, port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(c.bytes());
            socket.getOutputStream().flush();
            if (!c.waitForTimeout()) {
                socket.shutdownOutput();
            }
            String reply = readToEnd(socket.getInputStream());
            if (c.expectedError() == null) {
                return null;
            }
            String expected = "-ERR Protocol error: ";
            int at = reply.indexOf(expected);
            if (at < 0 || !reply.substring(at).contains(c.expectedError())) {
                return "expected '" + expected + "...'" + c.expectedError() + "...' then a close, got '" + reply.trim() + "'";
            }
            return null;
        } catch (SocketTimeoutException e) {
            return "no answer and no close within 5 s";
        } catch (IOException e) {
            return c.expectedError() == null ? null : "connection failed: " + e;
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0 && out.size() < 1 << 20; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            if (out.size() == 0) {
                throw reset;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

}
