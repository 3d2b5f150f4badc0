package io.clustersync.admin.api;

/**
 * A row of the ENDPOINTS table: one per node where a proxy of the endpoint listens, and one per node where its
 * policy places a proxy that does not listen (status {@code not listening}).
 */
@Description("A proxy of a database's endpoint on one node (a row of the ENDPOINTS table)")
public record EndpointRow(
        @Description("db:N") String db,
        @Description("The database's name") String name,
        @Description("endpoint:<db>:<n>") String id,
        @Description("node:N where a proxy of this endpoint runs") String node,
        @Description("The proxy policy") String role,
        @Description("Whether clients connect with TLS") boolean ssl,
        @Description("address:port the proxy listens on") String address,
        @Description("listening, not listening or unknown") String status,
        @Description("Client connections open now") int connections,
        @Description("Commands answered per second over the last seconds (ops/s)") double opsPerSecond) {
}
