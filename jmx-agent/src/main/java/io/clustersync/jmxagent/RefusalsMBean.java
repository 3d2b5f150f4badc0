package io.clustersync.jmxagent;

/** The JMX connector's refusals since the node started ({@code io.clustersync:type=JmxConnector}). */
public interface RefusalsMBean {

    /** Logins refused: unknown user, wrong password, or a user without a role. */
    long getRefusedLogins();

    /** TLS handshakes refused on the JMX port and its registry: plain-text clients, clients that do not trust it. */
    long getRefusedHandshakes();

    /** Changes a read-only user tried: setting an attribute, running an operation, registering an MBean. */
    long getRefusedOperations();

    /** The last refusal: when, who or from where, and why. */
    String getLastRefusal();
}
