package io.clustersync.jmxagent;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The node's JMX connector, started by {@code bin/clustersync} as a Java agent before the OSGi framework, in place of
 * the JDK's own agent: an RMI registry and connector on {@code address:jmx.port}, over TLS with the node's certificate
 * (both, as the JDK's {@code registry.ssl} does) unless {@code jmx.tls} is false, logging in the users of
 * {@code etc/jmx.password} with the roles of {@code etc/jmx.access}. Unlike the JDK's agent it says what it refuses:
 * every refused login, TLS handshake and read-only change is logged with the peer and counted in
 * {@code io.clustersync:type=JmxConnector}.
 *
 * <p>Its settings are system properties: {@code clustersync.jmx.address}, {@code .port}, {@code .tls},
 * {@code .password.file}, {@code .access.file} and {@code .ssl.config} (a properties file naming the key store and its
 * password, {@code javax.net.ssl.keyStore} and {@code javax.net.ssl.keyStorePassword}).
 */
public final class JmxAgent {

    public static final String OBJECT_NAME = "io.clustersync:type=JmxConnector";

    /** Kept from collection for as long as the JVM runs. */
    private static Registry registry;
    private static JMXConnectorServer server;

    private JmxAgent() {
    }

    public static void premain(String arguments) {
        try {
            start();
        } catch (Exception e) {
            // the node's start script looks for this line; the JVM would otherwise abort with the agent's stack trace
            System.err.println("clustersync node cannot start: JMX cannot listen on " + System.getProperty("clustersync.jmx.address")
                    + ":" + System.getProperty("clustersync.jmx.port") + ": " + e.getMessage()
                    + " (another process uses that port? set jmx.port in etc/io.clustersync.node.cfg)");
            System.exit(1);
        }
    }

    private static void start() throws Exception {
        String address = required("clustersync.jmx.address");
        int port = Integer.parseInt(required("clustersync.jmx.port"));
        boolean tls = !"false".equals(System.getProperty("clustersync.jmx.tls", "true"));
        JmxUsers users = new JmxUsers(Path.of(required("clustersync.jmx.password.file")),
                Path.of(required("clustersync.jmx.access.file")));
        Refusals refusals = new Refusals();
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        mbeans.registerMBean(new Described(refusals), new ObjectName(OBJECT_NAME));

        SSLContext context = tls ? context(Path.of(required("clustersync.jmx.ssl.config"))) : null;
        TlsServerSocketFactory serverSockets = new TlsServerSocketFactory(address, context, refusals);
        RMIClientSocketFactory clientSockets = tls ? new SslRMIClientSocketFactory() : null;
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnectorServer.AUTHENTICATOR, new UsersAuthenticator(users, refusals));
        env.put("jmx.remote.rmi.server.credential.types", new String[] {String[].class.getName(), String.class.getName()});
        if (clientSockets != null) {
            env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clientSockets);
        }
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, serverSockets);

        registry = LocateRegistry.createRegistry(port, clientSockets, serverSockets);
        RMIJRMPServerImpl rmi = new RMIJRMPServerImpl(port, clientSockets, serverSockets, env);
        server = new RMIConnectorServer(new JMXServiceURL("rmi", address, port), env, rmi, mbeans);
        server.setMBeanServerForwarder(ReadOnlyGuard.forwarder(users, refusals));
        server.start();
        registry.bind("jmxrmi", rmi.toStub());
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the JMX agent needs the system property " + name);
        }
        return value;
    }

    private static SSLContext context(Path sslConfig) throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(sslConfig)) {
            p.load(in);
        }
        char[] secret = p.getProperty("javax.net.ssl.keyStorePassword", "").toCharArray();
        KeyStore keys = KeyStore.getInstance(p.getProperty("javax.net.ssl.keyStoreType", "PKCS12"));
        try (InputStream in = Files.newInputStream(Path.of(p.getProperty("javax.net.ssl.keyStore")))) {
            keys.load(in, secret);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, secret);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** The refusals' MBean, describing itself as every io.clustersync MBean does. */
    private static final class Described extends StandardMBean {

        Described(Refusals refusals) {
            super(refusals, RefusalsMBean.class, false);
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return "What the node's JMX connector refused since the node started: logins, TLS handshakes and changes"
                    + " by read-only users; each refusal is also logged with the peer";
        }

        @Override
        protected String getDescription(MBeanAttributeInfo info) {
            return switch (info.getName()) {
                case "RefusedLogins" -> "Logins refused: unknown user, wrong password, or no role in etc/jmx.access";
                case "RefusedHandshakes" -> "TLS handshakes refused on the JMX port: plain-text clients, clients that do"
                        + " not trust the node's certificate";
                case "RefusedOperations" -> "Changes a read-only user tried: setting an attribute, running an operation";
                default -> "The last refusal: when, who or from where, and why";
            };
        }
    }
}
