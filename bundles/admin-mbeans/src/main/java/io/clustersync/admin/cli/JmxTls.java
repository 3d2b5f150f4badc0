package io.clustersync.admin.cli;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client side of a node's JMX over TLS. A node's JMX connector and its RMI registry present the node's
 * certificate; the node writes that certificate alone to {@code etc/jmx-trust.p12} (store password
 * {@value #TRUSTSTORE_PASSWORD}) for its clients. The JDK's RMI connector opens its TLS sockets with the JVM's
 * default TLS context, so this class makes that context trust the JDK's own authorities plus every trust store
 * {@link #trust added}, for as long as the JVM runs: the CLI (and a test or benchmark) can then talk to the nodes
 * of several clusters in one run.
 */
public final class JmxTls {

    /** The trust store a node writes for its JMX clients, in its {@code etc/}. */
    public static final String TRUSTSTORE = "jmx-trust.p12";
    /** Its store password: it holds certificates only, no secret. */
    public static final String TRUSTSTORE_PASSWORD = "clustersync";

    private static final AddedTrust TRUST = new AddedTrust();
    private static volatile boolean installed;

    private JmxTls() {
    }

    /** Trusts the certificates of a PKCS12 trust store, from now on, for every JMX connection of this JVM. */
    public static void trust(Path store) {
        TRUST.add(store);
        install();
    }

    /**
     * Trusts the {@link #TRUSTSTORE} of a node's home when it has one. A node writes it at its first start, so a
     * home without it belongs to a node that never ran; connecting then fails with what stands in the way.
     */
    public static void trustHome(Path home) {
        Path store = home.resolve("etc").resolve(TRUSTSTORE);
        if (Files.exists(store)) {
            trust(store);
        }
    }

    /**
     * Connects to a node's JMX as {@code user}. With {@code tls}, the registry is looked up over TLS too (the node
     * runs {@code registry.ssl}); the connection's own sockets follow the node's stub, TLS when the node's is.
     */
    public static JMXConnector connect(JMXServiceURL url, String user, String password, boolean tls) throws IOException {
        return JMXConnectorFactory.connect(url, environment(user, password, tls));
    }

    /** The environment of {@link #connect}, for callers that build their connector themselves. */
    public static Map<String, Object> environment(String user, String password, boolean tls) {
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        if (tls) {
            install();
            env.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        return env;
    }

    /** Whether a failure (or one of its causes) is a certificate this JVM does not trust. */
    public static boolean untrusted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TRUST}, null);
            SSLContext.setDefault(context);
            installed = true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for JMX: " + e.getMessage(), e);
        }
    }

    /** The JDK's trusted authorities, and the trust stores added: a chain passes when one of them takes it. */
    private static final class AddedTrust extends X509ExtendedTrustManager {

        private final List<X509TrustManager> managers = new CopyOnWriteArrayList<>();
        private final Set<Path> added = ConcurrentHashMap.newKeySet();

        AddedTrust() {
            managers.add(managerOf(null));
        }

        void add(Path store) {
            Path key = store.toAbsolutePath().normalize();
            if (!added.add(key)) {
                return;
            }
            try (InputStream in = Files.newInputStream(key)) {
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(in, TRUSTSTORE_PASSWORD.toCharArray());
                managers.add(managerOf(keyStore));
            } catch (IOException | GeneralSecurityException e) {
                added.remove(key);
                String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
                throw new CliException(3, "cannot read the JMX trust store " + key + ": " + why
                        + " (a node writes it to its etc/ at its first start; store password " + TRUSTSTORE_PASSWORD + ")");
            }
        }

        private static X509TrustManager managerOf(KeyStore keyStore) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(keyStore);
                for (TrustManager m : factory.getTrustManagers()) {
                    if (m instanceof X509TrustManager x509) {
                        return x509;
                    }
                }
                throw new IllegalStateException("the JDK offers no X.509 trust manager");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS trust for JMX: " + e.getMessage(), e);
            }
        }

        private interface Check {
            void run(X509TrustManager manager) throws CertificateException;
        }

        private void anyOf(Check check) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager manager : managers) {
                try {
                    check.run(manager);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw new CertificateException("no trusted certificate: not issued by the JDK's authorities nor in a trust"
                    + " store given (" + added + "); " + (last == null ? "" : last.getMessage()));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anyOf(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            anyOf(m -> {
                if (m instanceof X509ExtendedTrustManager e) {
                    e.checkServerTrusted(chain, authType, socket);
                } else {
                    m.checkServerTrusted(chain, authType);
                }
            });
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            anyOf(m -> {
                if (m instanceof X509ExtendedTrustManager e) {
                    e.checkServerTrusted(chain, authType, engine);
                } else {
                    m.checkServerTrusted(chain, authType);
                }
            });
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anyOf(m -> m.checkClientTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> Arrays.stream(m.getAcceptedIssuers())).toArray(X509Certificate[]::new);
        }
    }
}
