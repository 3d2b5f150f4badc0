package io.clustersync.core.internal.bus;

import io.clustersync.core.api.NodeIdentity;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * This node's certificate for its address, issued by the cluster's CA (the cluster certificate), for the listeners
 * that clients outside the cluster reach over TLS: {@code etc/node-tls.p12} opened with {@code etc/node-tls.key}.
 * Made with keytool (a key pair, a request, the CA's signature, the chain imported) the first time it is needed, in a
 * scratch folder moved into place, so that a node killed halfway leaves no half-made store.
 */
final class NodeCertificate {

    static final String KEYSTORE = "node-tls.p12";
    static final String SECRET = "node-tls.key";
    static final String CA_PEM = "cluster-ca.pem";

    private NodeCertificate() {
    }

    /** Writes the cluster's CA certificate as PEM to {@code etc/cluster-ca.pem} when it differs, for clients. */
    static Path writeCaPem(Path etc, ClusterCertificate cluster) {
        Path pem = etc.resolve(CA_PEM);
        try {
            String text = pem(cluster.certificate());
            if (!Files.exists(pem) || !Files.readString(pem).equals(text)) {
                Path scratch = Files.createTempFile(etc, CA_PEM, ".tmp");
                Files.writeString(scratch, text, StandardCharsets.US_ASCII);
                Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(scratch, pem, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return pem;
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot write the cluster's CA certificate to " + pem + ": " + e.getMessage(), e);
        }
    }

    private static String pem(X509Certificate certificate) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** The node's key managers, issuing its certificate first when {@code etc/} has none. */
    static KeyManagerFactory keyManagers(Path etc, ClusterCertificate cluster, NodeIdentity me) {
        Path store = etc.resolve(KEYSTORE);
        Path key = etc.resolve(SECRET);
        if (!Files.exists(store) || !Files.exists(key)) {
            issue(etc, cluster, me);
        }
        try {
            char[] secret = Files.readString(key, StandardCharsets.UTF_8).trim().toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, secret);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, secret);
            return kmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot open this node's TLS certificate " + store + " with " + key + ": "
                    + e.getMessage() + " (delete both and the node issues a new one)", e);
        }
    }

    private static void issue(Path etc, ClusterCertificate cluster, NodeIdentity me) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        String address = me.address();
        String san = address.matches("[0-9.]+") || address.contains(":") ? "ip:" + address : "dns:" + address;
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory(etc, "node-tls");
            String store = scratch.resolve(KEYSTORE).toString();
            String request = scratch.resolve("node.csr").toString();
            String signed = scratch.resolve("node.pem").toString();
            String ca = scratch.resolve(CA_PEM).toString();
            Files.writeString(Path.of(ca), pem(cluster.certificate()), StandardCharsets.US_ASCII);
            String what = "the TLS certificate of " + me.ref() + " in " + etc.resolve(KEYSTORE);
            Keytool.run(what, "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-validity", "3650",
                    "-dname", "CN=clustersync " + me.ref() + " " + address.replaceAll("[,=+<>#;\"\\\\]", "_"),
                    "-storetype", "PKCS12", "-keystore", store, "-storepass", secret, "-keypass", secret);
            Keytool.run(what, "-certreq", "-alias", "node", "-keystore", store, "-storepass", secret, "-file", request);
            Keytool.run(what, "-gencert", "-alias", cluster.alias(), "-keystore",
                    etc.resolve(ClusterCertificate.KEYSTORE).toString(), "-storepass", cluster.secret(),
                    "-infile", request, "-outfile", signed, "-rfc", "-validity", "3650", "-sigalg", "SHA256withECDSA",
                    "-ext", "SAN=" + san, "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth,clientAuth");
            Keytool.run(what, "-importcert", "-noprompt", "-alias", "cluster-ca", "-file", ca, "-keystore", store,
                    "-storepass", secret);
            Keytool.run(what, "-importcert", "-noprompt", "-alias", "node", "-file", signed, "-keystore", store,
                    "-storepass", secret);
            Path secretFile = scratch.resolve(SECRET);
            Files.writeString(secretFile, secret + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(Path.of(store), PosixFilePermissions.fromString("rw-------"));
            // the secret goes first: a store without its secret is issued again; a secret without its store too
            Files.move(secretFile, etc.resolve(SECRET), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(Path.of(store), etc.resolve(KEYSTORE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot issue the TLS certificate of " + me.ref() + " in " + etc + ": "
                    + e.getMessage(), e);
        } finally {
            if (scratch != null) {
                try (var files = Files.list(scratch)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(scratch);
                } catch (IOException ignored) {
                    // a leftover scratch folder holds nothing that is used
                }
            }
        }
    }
}
