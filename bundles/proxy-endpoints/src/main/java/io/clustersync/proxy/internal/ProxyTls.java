package io.clustersync.proxy.internal;

import io.clustersync.core.api.NodeTls;
import io.clustersync.core.api.TlsMode;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The TLS server contexts of the proxies, one per {@link TlsMode} that is on, built once: the node's certificate
 * (issued by the cluster's CA the first time one is needed), TLS 1.2 and 1.3, by BoringSSL when {@code bus.tls_engine}
 * allows it and its native library loads; {@code mutual} also requires a client certificate issued by the cluster's CA.
 */
final class ProxyTls {

    private final NodeTls node;
    private final Map<TlsMode, SslContext> contexts = new EnumMap<>(TlsMode.class);

    ProxyTls(NodeTls node) {
        this.node = node;
    }

    /** The context for {@code mode}, or null when it is off; a certificate that cannot be issued is an error naming why. */
    synchronized SslContext context(TlsMode mode) {
        if (!mode.on()) {
            return null;
        }
        SslContext context = contexts.get(mode);
        if (context == null) {
            SslProvider provider = "boringssl".equals(node.tlsEngine()) && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            try {
                SslContextBuilder builder = SslContextBuilder.forServer(node.keyManagers()).sslProvider(provider)
                        .protocols("TLSv1.3", "TLSv1.2");
                if (mode == TlsMode.MUTUAL) {
                    builder.trustManager(node.clusterTrust()).clientAuth(ClientAuth.REQUIRE);
                }
                context = builder.build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build the proxies' TLS (" + mode.label() + "): " + e.getMessage(), e);
            }
            contexts.put(mode, context);
        }
        return context;
    }
}
