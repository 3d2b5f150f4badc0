package io.clustersync.itests.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes on 127.0.0.1-3 sharing a cluster certificate see each other online over the cluster bus; a
 * killed node goes offline; a node with another certificate, and one of another cluster, are refused, and
 * the refusals are visible over JMX and in the log.
 */
class ClusterBusIT {

    @TempDir
    Path dir;
    private final List<NodeProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(NodeProcess::close);
    }

    private NodeProcess start(NodeProcess node) {
        started.add(node);
        NodeProcess.Result result = node.start();
        assertEquals(0, result.exitCode(), () -> result + "\n" + node.log());
        return node;
    }

    @Test
    void nodesSeeEachOtherAndAKilledNodeGoesOffline() {
        NodeProcess n1 = new NodeProcess(dir.resolve("node1"), 1, "bus");
        NodeProcess n2 = new NodeProcess(dir.resolve("node2"), 2, "bus");
        NodeProcess n3 = new NodeProcess(dir.resolve("node3"), 3, "bus");
        for (NodeProcess n : List.of(n1, n2, n3)) {
            n.peers(n1, n2, n3);
        }
        start(n1);
        start(n2.clusterFrom(n1));
        start(n3.clusterFrom(n1).busTlsEngine("jdk")); // the JDK's TLS beside BoringSSL on the other two

        String online = awaitStatus(n1, s -> s.matches("(?s).*node:2 +secondary +127\\.0\\.0\\.2 +0 +OK\n.*")
                && s.matches("(?s).*node:3 +secondary +127\\.0\\.0\\.3 +0 +OK\n.*"), 15_000);
        assertTrue(online.contains("*node:1"), online);
        String engine = awaitJmx(n1, n1.password("admin"), "get -b io.clustersync:type=Cluster BusTlsEngine",
                r -> r.contains("BusTlsEngine"), 10_000);
        assertTrue(engine.contains("BoringSSL (netty-tcnative)"), "the distribution's bus runs BoringSSL: " + engine);
        String jdk = awaitJmx(n3, n3.password("admin"), "get -b io.clustersync:type=Cluster BusTlsEngine",
                r -> r.contains("BusTlsEngine"), 10_000);
        assertTrue(jdk.contains("the JDK's (bus.tls_engine = jdk)"), jdk);
        awaitStatus(n3, s -> s.matches("(?s).*node:1 +primary +127\\.0\\.0\\.1 +0 +OK\n.*"), 15_000);

        n3.kill9();
        awaitStatus(n1, s -> s.matches("(?s).*node:3 +secondary +127\\.0\\.0\\.3 +0 +OFFLINE\n.*"), 10_000);
        assertTrue(n1.log().contains("node:3 at 127.0.0.3 is offline"), n1.log());
        assertTrue(awaitStatus(n2, s -> s.contains("OFFLINE"), 10_000).matches("(?s).*node:2 .*OK.*"));
    }

    @Test
    void aForeignCertificateAndAForeignClusterAreRefused() {
        NodeProcess n1 = new NodeProcess(dir.resolve("node1"), 1, "bus");
        NodeProcess stranger = new NodeProcess(dir.resolve("node4"), 4, "bus");
        NodeProcess other = new NodeProcess(dir.resolve("node5"), 5, "elsewhere");
        n1.peers(n1, stranger);
        stranger.peers(n1, stranger);
        other.peers(n1, other);
        start(n1);
        start(stranger);                 // a new home: a certificate of its own
        start(other.clusterFrom(n1));    // the right certificate, another cluster name

        String pw = n1.password("admin");
        String refusals = awaitJmx(n1, pw, "get -b io.clustersync:type=Cluster BusRefusals",
                r -> r.contains("127.0.0.4:") && r.contains("127.0.0.5:"), 20_000);
        assertTrue(refusals.contains("the peer does not share this cluster's certificate"), refusals);
        assertTrue(refusals.contains("node:5 belongs to cluster 'elsewhere', this is cluster 'bus'"), refusals);
        assertTrue(n1.log().contains("cluster bus refused 127.0.0.4:"), n1.log());
        assertTrue(n1.admin("status", "nodes").out().matches("(?s).*node:4 +secondary +127\\.0\\.0\\.4 +0 +OFFLINE\n.*"));
        assertTrue(other.log().contains("refused by node:1: node:5 belongs to cluster 'elsewhere'"), other.log());
    }

    private static String awaitStatus(NodeProcess node, Predicate<String> done, long timeoutMs) {
        return ThreeNodeCluster.await(node, "status nodes", done, timeoutMs, "status", "nodes");
    }

    private static String awaitJmx(NodeProcess node, String pw, String command, Predicate<String> done, long timeoutMs) {
        return Eventually.until("jmxterm '" + command + "'", () -> node.jmxterm("admin", pw, command).out(), done, timeoutMs);
    }
}
