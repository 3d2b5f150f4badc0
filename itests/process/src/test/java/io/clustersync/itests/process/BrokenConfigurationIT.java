package io.clustersync.itests.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node whose configuration is broken refuses to start, says what is wrong and where, and leaves no process. */
class BrokenConfigurationIT {

    @TempDir
    Path dir;

    /** Starting the node fails (exit 1) with {@code reason} on stderr, and leaves no pid file behind. */
    private static void assertRefusedAtStart(NodeProcess node, String reason) {
        NodeProcess.Result refused = node.start();
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains(reason), refused.err());
        assertFalse(node.pid().isPresent(), "the pid file of a node that did not start must be gone");
    }

    @Test
    void malformedPeersAreNamedAndTheNodeDoesNotLinger() throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("node1"), 1, "broken")) {
            assertEquals(0, node.start().exitCode(), node::log);
            assertEquals(0, node.stop().exitCode());
            Path cfg = node.home.resolve("etc/io.clustersync.node.cfg");
            Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^peers = .*$", "peers = 1@127.0.0.1, two@127.0.0.2"));

            assertRefusedAtStart(node, "configuration io.clustersync.node: peers entry 'two@127.0.0.2' is not of the"
                    + " form N@address[:busport]");
            assertTrue(node.stop().out().contains("not running"));
        }
    }

    @Test
    void aNegativeNumberOfNetworkThreadsIsNamedAndTheNodeDoesNotLinger() {
        try (NodeProcess node = new NodeProcess(dir.resolve("threads"), 1, "broken").ioThreads(-1)) {
            assertRefusedAtStart(node, "configuration io.clustersync.node: io.threads must be 1 or more, or 0 for one"
                    + " per two processors; got -1");
        }
    }

    @Test
    void anUnknownBusTlsEngineIsNamedAndTheNodeDoesNotLinger() {
        try (NodeProcess node = new NodeProcess(dir.resolve("tls"), 1, "broken").busTlsEngine("openssl3")) {
            assertRefusedAtStart(node, "configuration io.clustersync.node: bus.tls_engine must be boringssl or jdk;"
                    + " got 'openssl3'");
        }
    }

    @Test
    void aSecondNodeOnTheSameJmxPortFailsWithTheReason() {
        try (NodeProcess first = new NodeProcess(dir.resolve("a"), 1, "ports")) {
            assertEquals(0, first.start().exitCode(), first::log);
            NodeProcess.Result clash = NodeProcess.exec(List.of(first.install.resolve("bin/clustersync").toString(),
                    "start", "--home", dir.resolve("b").toString(), "--address", first.address, "--jmx-port",
                    String.valueOf(first.jmxPort)));
            assertEquals(1, clash.exitCode(), clash::toString);
            assertTrue(clash.err().contains("Port already in use"), clash.err());
        }
    }
}
