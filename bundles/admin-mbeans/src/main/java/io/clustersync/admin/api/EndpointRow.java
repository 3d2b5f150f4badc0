package io.clustersync.admin.api;

/**
 * A row of the ENDPOINTS table: one per node where a proxy of the endpoint listens, and one per node where its
 * policy places a proxy that does not listen (status {@code not listening}).
 *
 * @param db {@code db:N}.
 * @param id {@code endpoint:<db>:<n>}.
 * @param node {@code node:N} where a proxy of this endpoint runs.
 * @param role The proxy policy.
 * @param address {@code address:port} the proxy listens on.
 * @param status {@code listening}, {@code not listening} or {@code unknown}.
 * @param connections Client connections open now.
 * @param opsPerSecond Commands answered per second over the last seconds.
 */
public record EndpointRow(String db, String name, String id, String node, String role, boolean ssl, String address,
                          String status, int connections, double opsPerSecond) {
}
