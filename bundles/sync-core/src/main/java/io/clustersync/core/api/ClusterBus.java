package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/**
 * The cluster bus of this node: one TCP port, mutual TLS with the cluster certificate of {@code etc/}, a
 * versioned handshake that checks the cluster name, and heartbeats that tell which peers are online.
 */
@ProviderType
public interface ClusterBus {

    /** Every other node of the cluster, in id order. */
    List<PeerStatus> peers();

    /** The most recent refused connections, oldest first (bounded). */
    List<BusRefusal> refusals();

    /** The SHA-256 fingerprint of the cluster certificate, as hex pairs separated by colons. */
    String certificateFingerprint();

    /** The alias of the cluster certificate in etc/cluster.p12. */
    String certificateAlias();

    /** Which TLS implementation the bus runs (BoringSSL, or the JDK's and why). */
    String tlsEngine();
}
