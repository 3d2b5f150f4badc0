package io.clustersync.itests.process;

import io.clustersync.admin.cli.JmxTls;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real clustersync node process started from the built distribution with {@code bin/clustersync}, driven
 * by {@code bin/clustersync-admin}, and always stopped (or killed) by {@link #close()}.
 */
final class NodeProcess implements AutoCloseable {

    /** What a command printed and how it exited. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    /** The homes of the nodes this JVM started: the CLI runs trust their JMX certificates, as an operator would give them. */
    private static final Set<Path> STARTED = ConcurrentHashMap.newKeySet();

    final Path install = Path.of(System.getProperty("clustersync.install")).toAbsolutePath().normalize();
    final Path home;
    final int nodeId;
    final String address;
    final int jmxPort;
    final int busPort;
    final int jdbcPort;
    /** The Prometheus endpoint's port, 0 unless {@link #withMetrics()}. */
    int metricsPort;
    /** The HTTP management's port, 0 unless {@link #withHttp()}. */
    int httpPort;
    private final List<String> firstStartOptions = new ArrayList<>();
    /** JVM options of the node's process (CLUSTERSYNC_JAVA_OPTS), or null for the launcher's. */
    private String javaOptions;

    /** A number attribute from jmxterm's {@code get} output ({@code Name = 42;}), or Long.MIN_VALUE when absent. */
    static long jmxtermAttribute(String jmxtermOut, String name) {
        Matcher m = Pattern.compile(name + " = (-?\\d+);").matcher(jmxtermOut);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
    }

    /** Node N on 127.0.0.N with free JMX and bus ports; a cluster of one until {@link #peers} says more. */
    NodeProcess(Path home, int nodeId, String cluster) {
        this.home = home;
        this.nodeId = nodeId;
        this.address = "127.0.0." + nodeId;
        this.jmxPort = freePort(address);
        this.busPort = freePort(address);
        this.jdbcPort = freePort(address);
        if (!Files.isExecutable(install.resolve("bin/clustersync"))) {
            throw new IllegalStateException("no distribution at " + install + "; build it with mvn -B verify");
        }
        firstStartOptions.addAll(List.of("--node", String.valueOf(nodeId), "--cluster", cluster, "--address", address,
                "--jmx-port", String.valueOf(jmxPort), "--bus-port", String.valueOf(busPort),
                "--jdbc-port", String.valueOf(jdbcPort),
                "--peers", nodeId + "@" + address + ":" + busPort));
    }

    /** The cluster this node knows (itself included), for its first start. */
    NodeProcess peers(NodeProcess... members) {
        int at = firstStartOptions.indexOf("--peers");
        firstStartOptions.set(at + 1, String.join(",", Arrays.stream(members)
                .map(m -> m.nodeId + "@" + m.address + ":" + m.busPort).toList()));
        return this;
    }

    /** Names the primary of this node's cluster at the first start (node:1 unless told). */
    NodeProcess primary(int primaryNodeId) {
        firstStartOptions.addAll(List.of("--primary", String.valueOf(primaryNodeId)));
        return this;
    }

    /** The node's network threads (io.threads) at the first start; without it, one per two processors. */
    NodeProcess ioThreads(int threads) {
        firstStartOptions.addAll(List.of("--io-threads", String.valueOf(threads)));
        return this;
    }

    /** JMX in plain text from the first start ({@code --jmx-tls false}): the explicit opt-out of TLS. */
    NodeProcess plainJmx() {
        firstStartOptions.addAll(List.of("--jmx-tls", "false"));
        return this;
    }

    /** HTTP/JSON management (Jolokia) on a free port of the node's address (http.port) from the first start. */
    NodeProcess withHttp() {
        httpPort = freePort(address);
        firstStartOptions.addAll(List.of("--http-port", String.valueOf(httpPort)));
        return this;
    }

    /** A Prometheus endpoint on a free port of the node's address (metrics.port) from the first start. */
    NodeProcess withMetrics() {
        metricsPort = freePort(address);
        firstStartOptions.addAll(List.of("--metrics-port", String.valueOf(metricsPort)));
        return this;
    }

    /** The cluster bus's TLS engine (bus.tls_engine: boringssl or jdk) at the first start. */
    NodeProcess busTlsEngine(String engine) {
        firstStartOptions.addAll(List.of("--bus-tls-engine", engine));
        return this;
    }

    /** Copies the cluster certificate from another node's home at the first start. */
    NodeProcess clusterFrom(NodeProcess other) {
        firstStartOptions.addAll(List.of("--cluster-from", other.home.toString()));
        return this;
    }

    /** The node process's JVM options (for every start), e.g. a test-only clock offset. */
    NodeProcess javaOptions(String options) {
        this.javaOptions = options;
        return this;
    }

    Result start() {
        List<String> command = new ArrayList<>(List.of(install.resolve("bin/clustersync").toString(), "start", "--home",
                home.toString()));
        command.addAll(firstStartOptions);
        STARTED.add(home);
        String options = javaOptions != null ? javaOptions : System.getProperty("clustersync.itest.java.opts", "");
        return exec(command, "", options.isBlank() ? Map.of() : Map.of("CLUSTERSYNC_JAVA_OPTS", options));
    }

    /** A JMX connection to this node over TLS, trusting its {@code etc/jmx-trust.p12}, as the JDK's connector opens one. */
    JMXConnector jmx(String user, String password) throws IOException {
        JmxTls.trustHome(home);
        return JmxTls.connect(jmxUrl(), user, password, true);
    }

    JMXServiceURL jmxUrl() {
        try {
            return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + ":" + jmxPort + "/jmxrmi");
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code --truststore} for every other node this JVM started: what crdb commands across clusters need. */
    private List<String> otherTrustStores() {
        List<String> options = new ArrayList<>();
        for (Path other : STARTED) {
            Path store = other.resolve("etc").resolve(JmxTls.TRUSTSTORE);
            if (!other.equals(home) && Files.exists(store)) {
                options.addAll(List.of("--truststore", store.toString()));
            }
        }
        return options;
    }

    Result stop() {
        return exec(List.of(install.resolve("bin/clustersync").toString(), "stop", "--home", home.toString()));
    }

    /** Kills the node with SIGKILL, as a crash would. */
    void kill9() {
        pid().flatMap(ProcessHandle::of).ifPresent(process -> {
            process.destroyForcibly();
            try {
                // a start right after must not find the dying process still there and report "already running"
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("node:" + nodeId + " (pid " + process.pid() + ") still alive 10 s after SIGKILL", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    Optional<Long> pid() {
        Path file = home.resolve("var/clustersync.pid");
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    Result admin(String... words) {
        List<String> args = new ArrayList<>(List.of("--home", home.toString()));
        args.addAll(otherTrustStores());
        args.addAll(List.of(words));
        return cli(args);
    }

    Result adminAs(String user, String password, String... words) {
        List<String> args = new ArrayList<>(List.of("--url", address + ":" + jmxPort, "--user", user, "--password", password,
                "--truststore", home.resolve("etc").resolve(JmxTls.TRUSTSTORE).toString()));
        args.addAll(List.of(words));
        return cli(args);
    }

    /**
     * Whether {@link #admin} runs {@code bin/clustersync-admin} (a JVM per command, as an operator's shell does)
     * rather than the same CLI ({@code AdminCli.run}) in this JVM, over the same JMX connector and sockets. The
     * script's own behaviour is tested where it matters (NodeProcessIT runs it); elsewhere the hundreds of
     * commands the tests poll with would each start a JVM and take the CPU the nodes need.
     */
    static volatile boolean cliViaScript = Boolean.getBoolean("clustersync.itest.cli.script");

    private Result cli(List<String> args) {
        if (cliViaScript) {
            List<String> command = new ArrayList<>(List.of(install.resolve("bin/clustersync-admin").toString()));
            command.addAll(args);
            return exec(command);
        }
        return InProcessCli.run(args, COMMAND_TIMEOUT_SECONDS);
    }

    /** The password of a JMX user, from the node's {@code etc/jmx.password}. */
    String password(String user) {
        try {
            for (String line : Files.readAllLines(home.resolve("etc/jmx.password"))) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(user)) {
                    return parts[1];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no user " + user + " in " + home.resolve("etc/jmx.password"));
    }

    /**
     * Runs jmxterm (a third-party JMX client) with the given commands on its standard input, as the README shows it:
     * trusting the node's {@code etc/jmx-trust.p12}, its registry looked up over TLS ({@code -s}).
     */
    Result jmxterm(String user, String password, String... commands) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return exec(List.of(java, "-Djavax.net.ssl.trustStore=" + home.resolve("etc").resolve(JmxTls.TRUSTSTORE),
                "-Djavax.net.ssl.trustStorePassword=" + JmxTls.TRUSTSTORE_PASSWORD, "-jar", System.getProperty("jmxterm.jar"),
                "-l", address + ":" + jmxPort, "-u", user, "-p", password, "-s", "-n", "-v", "brief"),
                String.join("\n", commands) + "\nquit\n");
    }

    /** A JDBC connection to the node's configuration database, as any other client of the host would open one. */
    Connection jdbc() throws SQLException {
        String[] credentials = jdbcCredentials();
        return DriverManager.getConnection("jdbc:h2:tcp://" + address + ":" + jdbcPort + "/config", credentials[0], credentials[1]);
    }

    /** The configuration database's user and password, from the node's {@code etc/jdbc.password}. */
    String[] jdbcCredentials() {
        try {
            return Files.readString(home.resolve("etc").resolve("jdbc.password")).trim().split("\\s+");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs statements on the node's configuration database, each in its own transaction. */
    void sql(String... statements) {
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.executeUpdate(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("node:" + nodeId + ": " + e.getMessage(), e);
        }
    }

    /** The rows of a query, each as its columns joined by '|'. */
    List<String> query(String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(rs.getString(i));
                }
                rows.add(String.join("|", cells));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("node:" + nodeId + ": " + e.getMessage(), e);
        }
        return rows;
    }

    String log() {
        try {
            return Files.readString(home.resolve("var/log/clustersync.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Installs Debian packages a test needs (as root). Test JVMs run side by side: one lock file makes their
     * installs take turns, where apt would refuse the second for dpkg's lock.
     */
    static Result installDebianPackages(String... packages) {
        return exec(List.of("flock", "-w", "100", "/tmp/clustersync-itests-apt.lock", "sh", "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " + String.join(" ", packages)));
    }

    static Result exec(List<String> command) {
        return exec(command, "");
    }

    static Result exec(List<String> command, String stdin) {
        return exec(command, stdin, Map.of());
    }

    static Result exec(List<String> command, String stdin, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile("clustersync-out", ".txt");
            Path err = Files.createTempFile("clustersync-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
                if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out after " + COMMAND_TIMEOUT_SECONDS + "s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /**
     * A port free on the address, below Linux's ephemeral range (32768 and up): a port the kernel picked for us
     * could be handed to some outgoing connection before the node binds it.
     */
    static int freePort(String address) {
        int span = 12_000;
        int first = 20_000;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        IOException last = null;
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = first + random.nextInt(span);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                // without SO_REUSEADDR, as some servers bind (H2's): a port with connections in TIME_WAIT is refused
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1);
                HANDED_OUT.add(port);
                return port;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("no free port from " + first + " to " + (first + span - 1) + " on " + address, last);
    }

    /** Ports given to a test already: never given twice in one run, whatever their state now. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    @Override
    public void close() {
        try {
            stop();
        } finally {
            kill9();
        }
    }
}
