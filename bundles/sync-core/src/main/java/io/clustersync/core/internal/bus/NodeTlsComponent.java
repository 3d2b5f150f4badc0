package io.clustersync.core.internal.bus;

import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.NodeTls;
import io.clustersync.core.internal.node.NodeConfiguration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The node's TLS identity for the proxies: writes {@code etc/cluster-ca.pem} when it starts, and issues the node's
 * certificate ({@link NodeCertificate}) the first time a listener asks for it.
 */
@Component(service = NodeTls.class, configurationPid = NodeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class NodeTlsComponent implements NodeTls {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTlsComponent.class);

    @Reference
    private LocalNode localNode;

    private ClusterCertificate cluster;
    private Path etc;
    private Path caFile;
    private String tlsEngine;
    private KeyManagerFactory keyManagers;

    @Activate
    void activate(NodeConfiguration config) {
        etc = localNode.home().resolve("etc");
        tlsEngine = config.bus_tls__engine().trim().toLowerCase(Locale.ROOT);
        cluster = ClusterCertificate.load(etc, localNode.identity().clusterName());
        caFile = NodeCertificate.writeCaPem(etc, cluster);
        if (!cluster.isCa()) {
            LOG.warn("the cluster certificate {} was made before clustersync issued node certificates and is no CA: Java"
                    + " clients trust the proxies' certificates with {}, OpenSSL clients (redis-cli --tls) refuse them;"
                    + " a cluster made now has a CA certificate", etc.resolve(ClusterCertificate.KEYSTORE), caFile);
        }
    }

    @Override
    public synchronized KeyManagerFactory keyManagers() {
        if (keyManagers == null) {
            keyManagers = NodeCertificate.keyManagers(etc, cluster, localNode.identity());
        }
        return keyManagers;
    }

    @Override
    public TrustManagerFactory clusterTrust() {
        return cluster.trust();
    }

    @Override
    public Path caFile() {
        return caFile;
    }

    @Override
    public String tlsEngine() {
        return tlsEngine;
    }
}
