package io.clustersync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.clustersync.admin.cli.JmxTls;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXServiceURL;

/** A clustersync node process on 127.0.0.N for a benchmark, started and stopped with bin/clustersync. */
final class BenchNode {

    static final Path INSTALL = Path.of(System.getProperty("clustersync.install"));

    final int id;
    final Path home;
    final String address;
    final int jmxPort;
    final int busPort;
    final int jdbcPort;

    private final String cluster;
    private final int primary;

    BenchNode(Path base, int id) throws IOException {
        this(base, id, "bench", 1);
    }

    /** Node {@code id} of the named cluster whose primary is node {@code primary}. */
    BenchNode(Path base, int id, String cluster, int primary) throws IOException {
        this.cluster = cluster;
        this.primary = primary;
        this.id = id;
        this.home = base.resolve("node" + id);
        this.address = "127.0.0." + id;
        this.jmxPort = Ports.free(address);
        this.busPort = Ports.free(address);
        this.jdbcPort = Ports.free(address);
    }

    void start(List<BenchNode> cluster, BenchNode certificateFrom) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(INSTALL.resolve("bin/clustersync").toString(), "start", "--home",
                home.toString(), "--node", String.valueOf(id), "--cluster", this.cluster, "--primary", String.valueOf(primary), "--address", address,
                "--jmx-port", String.valueOf(jmxPort), "--bus-port", String.valueOf(busPort),
                "--jdbc-port", String.valueOf(jdbcPort), "--peers", String.join(",", cluster.stream()
                        .map(n -> n.id + "@" + n.address + ":" + n.busPort).toList())));
        if (certificateFrom != null && certificateFrom != this) {
            command.addAll(List.of("--cluster-from", certificateFrom.home.toString()));
        }
        run(command);
    }

    /** A JMX connection to the node, as its admin. */
    JMXConnector jmx() throws IOException {
        JmxTls.trustHome(home);
        return JmxTls.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + ":" + jmxPort + "/jmxrmi"),
                "admin", adminPassword(), true);
    }

    /** CPU time the node's process has used so far, in clock ticks (user + system, from /proc), or -1. */
    long cpuTicks() {
        try {
            return ProcessCpu.ticks(pid());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The node's process id, from its pid file. */
    long pid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("var/clustersync.pid")).strip());
    }

    /** The process ids of these nodes. */
    static List<Long> pids(List<BenchNode> nodes) throws IOException {
        List<Long> pids = new ArrayList<>();
        for (BenchNode n : nodes) {
            pids.add(n.pid());
        }
        return pids;
    }

    void stop() throws IOException, InterruptedException {
        run(List.of(INSTALL.resolve("bin/clustersync").toString(), "stop", "--home", home.toString()));
    }

    String adminPassword() throws IOException {
        for (String line : Files.readAllLines(home.resolve("etc/jmx.password"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts[0].equals("admin")) {
                return parts[1];
            }
        }
        throw new IOException("no admin password in " + home);
    }

    Connection jdbc() throws SQLException {
        String[] credentials;
        try {
            credentials = Files.readString(home.resolve("etc").resolve("jdbc.password")).trim().split("\\s+");
        } catch (IOException e) {
            throw new SQLException("cannot read the node's etc/jdbc.password: " + e.getMessage(), e);
        }
        return DriverManager.getConnection("jdbc:h2:tcp://" + address + ":" + jdbcPort + "/config", credentials[0], credentials[1]);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CLUSTERSYNC_JAVA_OPTS", System.getenv().getOrDefault("CLUSTERSYNC_JAVA_OPTS", "-Xmx1g"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("failed: " + String.join(" ", command) + "\n" + output);
        }
    }
}
