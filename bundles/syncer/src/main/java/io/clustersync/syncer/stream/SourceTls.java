package io.clustersync.syncer.stream;

import io.clustersync.core.api.ReplicaSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;

/**
 * TLS to a rediss:// source: the source's certificate verified against the CA file the source names
 * ({@code ?cacert=}), or the JDK's authorities without one, and the address dialled checked against the
 * certificate (as HTTPS does). A failure says which source, which CA and why.
 */
final class SourceTls {

    private SourceTls() {
    }

    static Socket wrap(Socket plain, ReplicaSource source, String host, int port, int timeoutMs) throws IOException {
        SSLContext context = context(source);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(timeoutMs);
        try {
            tls.startHandshake();
        } catch (SSLException e) {
            tls.close();
            throw new SSLException("TLS with source " + host + ":" + port + " refused: " + e.getMessage() + " (its certificate"
                    + " must be issued by " + (source.caFile() == null ? "an authority the JDK trusts; give ?cacert=<its"
                    + " cluster's cluster-ca.pem>" : "the CA in " + source.caFile()) + " for " + host + ")", e);
        }
        tls.setSoTimeout(0);
        return tls;
    }

    private static SSLContext context(ReplicaSource source) throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (source.caFile() == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int n = 0;
                try (InputStream in = Files.newInputStream(Path.of(source.caFile()))) {
                    for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trust.setCertificateEntry("ca-" + n++, ca);
                    }
                }
                if (n == 0) {
                    throw new IOException("the CA file " + source.caFile() + " of source " + source.display()
                            + " holds no PEM certificate");
                }
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (NoSuchFileException e) {
            throw new IOException("the CA file " + source.caFile() + " of source " + source.display() + " is missing on"
                    + " this node (copy the source cluster's etc/cluster-ca.pem there)", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the CA file " + source.caFile() + " of source " + source.display() + ": "
                    + e.getMessage(), e);
        }
    }
}
