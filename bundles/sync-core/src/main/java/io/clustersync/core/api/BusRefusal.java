package io.clustersync.core.api;

/**
 * A connection the cluster bus refused: a peer with another certificate, another cluster name, an unknown
 * node id or an unsupported protocol version.
 *
 * @param atMs   epoch millis
 * @param remote the remote address, host:port
 * @param reason why it was refused
 */
public record BusRefusal(long atMs, String remote, String reason) {
}
