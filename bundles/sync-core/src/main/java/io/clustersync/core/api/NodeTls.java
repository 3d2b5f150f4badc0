package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;

/**
 * The node's TLS identity for its listeners other than the cluster bus (the proxy endpoints): a certificate for the
 * node's address issued by the cluster's CA (the cluster certificate, {@code etc/cluster.p12}), kept in
 * {@code etc/node-tls.p12} and made the first time it is asked for. The CA's certificate is written to
 * {@code etc/cluster-ca.pem} for clients.
 */
@ProviderType
public interface NodeTls {

    /** Key managers holding this node's certificate and its chain to the cluster's CA. */
    KeyManagerFactory keyManagers();

    /** Trust managers trusting the cluster's CA alone: for client certificates, when they are required. */
    TrustManagerFactory clusterTrust();

    /** The cluster's CA certificate as PEM, for clients ({@code etc/cluster-ca.pem}). */
    Path caFile();

    /** {@code bus.tls_engine} as configured: {@code boringssl} (when its native library loads) or {@code jdk}. */
    String tlsEngine();
}
