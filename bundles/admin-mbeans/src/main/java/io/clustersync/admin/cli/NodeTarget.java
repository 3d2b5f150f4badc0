package io.clustersync.admin.cli;

import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.Reader;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Which node the CLI talks to, as whom, and whether over TLS: either read from a node's home
 * ({@code etc/io.clustersync.node.cfg} for address, JMX port and {@code jmx.tls}, {@code etc/jmx.password} for the
 * credentials, {@code etc/jmx-trust.p12} trusted) or given as URL, user and password (TLS unless said otherwise).
 */
record NodeTarget(JMXServiceURL url, String user, String password, boolean tls) {

    static final String DEFAULT_USER = "admin";

    /** How long a half-written node configuration is read again before the CLI gives up on it. */
    static final long REREAD_MS = 2000;

    /**
     * Reads the target from a node's home. A running node rewrites its configuration file in place (a promote
     * does), so a file that lacks the address or port is read again for up to {@link #REREAD_MS} before the
     * CLI reports it.
     */
    static NodeTarget fromHome(Path home, String user) {
        long deadline = System.currentTimeMillis() + REREAD_MS;
        while (true) {
            try {
                return readHome(home, user);
            } catch (CliException e) {
                Path cfg = home.resolve("etc").resolve("io.clustersync.node.cfg");
                boolean aboutTheFile = String.valueOf(e.getMessage()).contains(cfg.toString());
                if (!aboutTheFile || !Files.exists(cfg) || System.currentTimeMillis() >= deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static NodeTarget readHome(Path home, String user) {
        Path cfg = home.resolve("etc").resolve("io.clustersync.node.cfg");
        Properties node = new Properties();
        try (Reader in = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
            node.load(in);
        } catch (IOException e) {
            throw new CliException(3, "cannot read " + cfg + ": " + e.getMessage() + " (is --home a clustersync node home?)");
        }
        String address = required(node, cfg, "address");
        String port = required(node, cfg, "jmx.port");
        String who = user == null ? DEFAULT_USER : user;
        String tls = node.getProperty("jmx.tls", "true").trim();
        if (!tls.equals("true") && !tls.equals("false")) {
            throw new CliException(3, cfg + ": jmx.tls must be true or false, got '" + tls + "'");
        }
        String password = passwordOf(home.resolve("etc").resolve("jmx.password"), who);
        if (tls.equals("true")) {
            JmxTls.trustHome(home);
        }
        return new NodeTarget(url(address + ":" + port), who, password, tls.equals("true"));
    }

    static NodeTarget fromUrl(String url, String user, String password, boolean tls) {
        if (user == null || password == null) {
            throw new CliException(2, "--url needs --user and --password (or use --home DIR)");
        }
        return new NodeTarget(url(url), user, password, tls);
    }

    /** Accepts a full {@code service:jmx:...} URL or {@code host:port}. */
    static JMXServiceURL url(String text) {
        String full = text.startsWith("service:jmx:") ? text : "service:jmx:rmi:///jndi/rmi://" + text + "/jmxrmi";
        try {
            return new JMXServiceURL(full);
        } catch (MalformedURLException e) {
            throw new CliException(2, "'" + text + "' is not a JMX URL or host:port: " + e.getMessage());
        }
    }

    private static String required(Properties props, Path file, String key) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new CliException(3, file + " has no '" + key + "'");
        }
        return value.trim();
    }

    private static String passwordOf(Path file, String user) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(3, "cannot read " + file + ": " + e.getMessage()
                    + " (run as the user that owns the node, or give --url, --user and --password)");
        }
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(user)) {
                return parts[1];
            }
        }
        throw new CliException(3, file + " has no password for user '" + user + "'");
    }
}
