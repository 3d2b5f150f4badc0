package io.clustersync.core.api;

/** A proxy that listens now: its endpoint, the node and address it is bound to, and its traffic. */
public record ProxyBinding(String endpointId, int databaseId, int nodeId, String address, int port, String policy,
                           int connections, long commands, double opsPerSecond) {
}
