package io.clustersync.core.api;

/**
 * A proxy that listens now: its endpoint, the node and address it is bound to, its traffic, and the address
 * other clusters' syncers are told to reach it at ({@code announced}: the node's local server parameter
 * {@value #ANNOUNCE_PARAMETER} when set, for a proxy reached through NAT or another network interface; else its
 * own address).
 */
public record ProxyBinding(String endpointId, int databaseId, int nodeId, String address, int port, String policy,
                           int connections, long commands, double opsPerSecond, String announced) {

    /** The local server parameter naming the host other clusters reach this node's proxies at (they keep their port). */
    public static final String ANNOUNCE_PARAMETER = "proxy_announce_address";

    /** host:port for other clusters' syncers. */
    public String announcedAddress() {
        return announced + ":" + port;
    }
}
