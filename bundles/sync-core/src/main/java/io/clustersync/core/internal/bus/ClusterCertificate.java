package io.clustersync.core.internal.bus;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's TLS identity, shared by every node: {@code etc/cluster.p12} (key and self-signed certificate)
 * opened with the secret in {@code etc/cluster.key}. Every node presents it and trusts it alone, so a peer
 * with any other certificate fails the TLS handshake. A home without them gets a new pair, made with the
 * JDK's keytool; copy both files to the other nodes of the cluster.
 */
final class ClusterCertificate {

    static final String KEYSTORE = "cluster.p12";
    static final String SECRET = "cluster.key";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCertificate.class);

    private final KeyStore keyStore;
    private final char[] secret;
    private final String alias;
    private final X509Certificate certificate;

    private ClusterCertificate(KeyStore keyStore, char[] secret, String alias, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.secret = secret;
        this.alias = alias;
        this.certificate = certificate;
    }

    static ClusterCertificate load(Path etc, String clusterName) {
        Path store = etc.resolve(KEYSTORE);
        Path key = etc.resolve(SECRET);
        if (!Files.exists(store) && !Files.exists(key)) {
            generate(etc, clusterName);
        } else if (!Files.exists(store) || !Files.exists(key)) {
            throw new IllegalStateException("found only one of " + store + " and " + key
                    + "; copy both from another node of the cluster");
        }
        try {
            char[] secret = Files.readString(key, StandardCharsets.UTF_8).trim().toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, secret);
            }
            List<String> aliases = Collections.list(keyStore.aliases());
            String alias = aliases.stream().filter(a -> {
                try {
                    return keyStore.isKeyEntry(a);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new IllegalStateException(store + " holds no private key entry"));
            return new ClusterCertificate(keyStore, secret, alias, (X509Certificate) keyStore.getCertificate(alias));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the cluster certificate " + store + " with " + key + ": "
                    + e.getMessage() + " (both files must come from the same node)", e);
        }
    }

    private static void generate(Path etc, String clusterName) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // hex, never base64url: keytool's launcher takes an argument that starts with "-J" as an option for its own
        // JVM, so a secret like "-Jx..." made keytool fail with "could not find or load main class x..."
        String secret = HexFormat.of().formatHex(random);
        Path store = etc.resolve(KEYSTORE);
        try {
            Files.createDirectories(etc);
            // a CA (basic constraints), so that it also issues the nodes' certificates for the proxies (NodeCertificate)
            // that TLS clients verify against etc/cluster-ca.pem; it stays the bus's own certificate too
            Keytool.run(store.toString(), "-genkeypair", "-alias", "cluster", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "3650",
                    "-dname", "CN=clustersync cluster " + clusterName.replaceAll("[,=+<>#;\"\\\\]", "_"),
                    "-ext", "bc:c", "-ext", "KU=digitalSignature,keyCertSign,cRLSign",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", secret, "-keypass", secret);
            Path key = etc.resolve(SECRET);
            Files.writeString(key, secret + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
            LOG.info("generated a new certificate for cluster '{}' in {}; copy {} and {} to every other node of the"
                    + " cluster before its first start", clusterName, store, KEYSTORE, SECRET);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the cluster certificate's secret in " + etc + ": " + e.getMessage(), e);
        }
    }

    /** The values of {@code bus.tls_engine}. */
    static final String BORINGSSL = "boringssl";
    static final String JDK = "jdk";

    /**
     * The TLS engine {@code bus.tls_engine} names: for {@code boringssl}, BoringSSL (netty-tcnative, a bundle of the
     * distribution) when its native library loads on this platform (the same TLS 1.3 with the same certificate, at
     * a fraction of the JDK engine's CPU per record), the JDK's otherwise; for {@code jdk}, the JDK's.
     */
    static SslProvider provider(String engine) {
        return switch (engine) {
            case BORINGSSL -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case JDK -> SslProvider.JDK;
            default -> throw new IllegalArgumentException("configuration io.clustersync.node: bus.tls_engine must be "
                    + BORINGSSL + " or " + JDK + "; got '" + engine + "'");
        };
    }

    /** Which TLS engine the bus runs for {@code bus.tls_engine}, and why not BoringSSL when it is the JDK's. */
    static String providerDescription(String engine) {
        if (provider(engine) == SslProvider.OPENSSL) {
            return OpenSsl.versionString() + " (netty-tcnative)";
        }
        return JDK.equals(engine) ? "the JDK's (bus.tls_engine = jdk)"
                : "the JDK's (BoringSSL not available: " + OpenSsl.unavailabilityCause() + ")";
    }

    SslContext serverContext(SslProvider provider) {
        try {
            return SslContextBuilder.forServer(keyManagers()).trustManager(trustManagers()).clientAuth(ClientAuth.REQUIRE)
                    .sslProvider(provider).protocols("TLSv1.3").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the bus TLS server context: " + e.getMessage(), e);
        }
    }

    SslContext clientContext(SslProvider provider) {
        try {
            return SslContextBuilder.forClient().keyManager(keyManagers()).trustManager(trustManagers())
                    .sslProvider(provider).protocols("TLSv1.3").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the bus TLS client context: " + e.getMessage(), e);
        }
    }

    String alias() {
        return alias;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The store's secret, for keytool when it signs a node's certificate with the cluster's key. */
    String secret() {
        return new String(secret);
    }

    /**
     * Whether the cluster certificate may issue certificates (basic constraints CA). Certificates of clusters made
     * before it issued the nodes' certificates are not; Java clients still trust what they signed, OpenSSL's do not.
     */
    boolean isCa() {
        return certificate.getBasicConstraints() >= 0;
    }

    /** Trusts exactly the cluster certificate: the bus's peers, and the client certificates of mutual TLS proxies. */
    TrustManagerFactory trust() {
        return trustManagers();
    }

    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot digest the cluster certificate", e);
        }
    }

    private KeyManagerFactory keyManagers() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, secret);
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key of the cluster certificate: " + e.getMessage(), e);
        }
    }

    /** Trusts exactly the cluster certificate. */
    private TrustManagerFactory trustManagers() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(alias, certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the cluster trust store: " + e.getMessage(), e);
        }
    }
}
