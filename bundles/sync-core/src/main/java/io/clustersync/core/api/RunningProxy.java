package io.clustersync.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/** A proxy endpoint that listens on this node, as the proxy bundle reports it to {@link DataPlane}. */
@ConsumerType
public interface RunningProxy {

    Endpoint endpoint();

    String address();

    int port();

    int connections();

    /** Commands answered since the proxy started. */
    long commands();

    /** Commands answered per second over the last few seconds. */
    double opsPerSecond();

    /** TLS handshakes refused since the proxy started (plain-text clients, wrong or missing client certificates). */
    default long tlsRefusals() {
        return 0;
    }

    /** Wrong passwords refused since the proxy started (AUTH, HELLO ... AUTH). */
    default long passwordRefusals() {
        return 0;
    }
}
