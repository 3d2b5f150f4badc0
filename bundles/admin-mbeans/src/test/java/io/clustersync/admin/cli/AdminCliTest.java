package io.clustersync.admin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminCliTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AdminCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATargetItSaysHowToNameOne() {
        assertEquals(2, run("status"));
        assertTrue(err().contains("--home DIR, or --url HOST:PORT with --user and --password"), err());
    }

    @Test
    void urlWithoutCredentialsIsAUsageError() {
        assertEquals(2, run("--url", "127.0.0.1:1", "status"));
        assertTrue(err().contains("--url needs --user and --password"), err());
    }

    @Test
    void aHomeWithoutNodeConfigurationIsNamed() {
        assertEquals(3, run("--home", home.toString(), "status"));
        assertTrue(err().contains(home.resolve("etc/io.clustersync.node.cfg").toString()), err());
    }

    @Test
    void aNodeThatIsNotRunningIsReportedWithTheAddressTried() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.clustersync.node.cfg"), "address = 127.0.0.1\njmx.port = " + port + "\n");
        Files.writeString(home.resolve("etc/jmx.password"), "admin secret\nmonitor other\n");
        assertEquals(3, run("--home", home.toString(), "status"));
        assertTrue(err().contains("cannot reach the node at service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"), err());
    }

    @Test
    void aMissingPasswordIsAUsageErrorAndHelpListsTheCommands() {
        assertEquals(2, run("--url", "127.0.0.1:1", "--user", "a"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("bind db <db> endpoint <id> policy"));
    }
}
