package io.clustersync.admin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI reads its target from a node's home, even while the node rewrites its configuration file. */
class NodeTargetTest {

    @TempDir
    Path home;

    @Test
    void aConfigurationCaughtHalfWrittenIsReadAgain() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/jmx.password"), "admin secret\n");
        Path cfg = home.resolve("etc/io.clustersync.node.cfg");
        Files.writeString(cfg, "node.id = 1\n");
        Thread node = new Thread(() -> {
            try {
                Thread.sleep(300);
                Files.writeString(cfg, "node.id = 1\naddress = 127.0.0.1\njmx.port = 9101\njmx.tls = false\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        node.start();
        NodeTarget target = NodeTarget.fromHome(home, null);
        node.join();
        assertTrue(target.url().toString().contains("127.0.0.1:9101"), target.url().toString());
        assertEquals("secret", target.password());
        assertFalse(target.tls());
    }

    @Test
    void jmxSpeaksTlsUnlessTheHomeSaysFalseAndABrokenTrustStoreIsNamed() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/jmx.password"), "admin secret\n");
        Files.writeString(home.resolve("etc/io.clustersync.node.cfg"), "node.id = 1\naddress = 127.0.0.1\njmx.port = 9101\n");
        assertTrue(NodeTarget.fromHome(home, null).tls(), "a home that says nothing speaks TLS");
        Files.writeString(home.resolve("etc/jmx-trust.p12"), "not a key store");
        CliException broken = assertThrows(CliException.class, () -> NodeTarget.fromHome(home, null));
        assertTrue(broken.getMessage().contains("cannot read the JMX trust store " + home.resolve("etc/jmx-trust.p12")),
                broken.getMessage());

        Files.writeString(home.resolve("etc/io.clustersync.node.cfg"), "node.id = 1\naddress = 127.0.0.1\njmx.port = 9101\n"
                + "jmx.tls = maybe\n");
        CliException wrong = assertThrows(CliException.class, () -> NodeTarget.fromHome(home, null));
        assertTrue(wrong.getMessage().contains("jmx.tls must be true or false, got 'maybe'"), wrong.getMessage());
    }

    @Test
    void aConfigurationThatStaysIncompleteIsReportedAndAWrongUserAtOnce() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/jmx.password"), "admin secret\n");
        Files.writeString(home.resolve("etc/io.clustersync.node.cfg"), "node.id = 1\njmx.port = 9101\n");
        CliException missing = assertThrows(CliException.class, () -> NodeTarget.fromHome(home, null));
        assertTrue(missing.getMessage().contains("has no 'address'"), missing.getMessage());

        Files.writeString(home.resolve("etc/io.clustersync.node.cfg"), "node.id = 1\naddress = 127.0.0.1\njmx.port = 9101\n");
        long start = System.nanoTime();
        CliException wrongUser = assertThrows(CliException.class, () -> NodeTarget.fromHome(home, "nobody"));
        assertTrue(wrongUser.getMessage().contains("no password for user 'nobody'"), wrongUser.getMessage());
        assertTrue(System.nanoTime() - start < NodeTarget.REREAD_MS * 1_000_000L, "a wrong user is not read again");
    }
}
