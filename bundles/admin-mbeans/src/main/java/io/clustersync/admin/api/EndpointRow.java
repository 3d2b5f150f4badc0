package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/**
 * A row of the ENDPOINTS table: one per node where a proxy of the endpoint listens, and one per node where its
 * policy places a proxy that does not listen (status {@code not listening}).
 */
public final class EndpointRow {
    private final String db;
    private final String name;
    private final String id;
    private final String node;
    private final String role;
    private final boolean ssl;
    private final String address;
    private final String status;
    private final int connections;
    private final double opsPerSecond;

    @ConstructorParameters({"db", "name", "id", "node", "role", "ssl", "address", "status", "connections", "opsPerSecond"})
    public EndpointRow(String db, String name, String id, String node, String role, boolean ssl, String address,
                       String status, int connections, double opsPerSecond) {
        this.db = db;
        this.name = name;
        this.id = id;
        this.node = node;
        this.role = role;
        this.ssl = ssl;
        this.address = address;
        this.status = status;
        this.connections = connections;
        this.opsPerSecond = opsPerSecond;
    }

    /** {@code db:N}. */
    public String getDb() { return db; }

    public String getName() { return name; }

    /** {@code endpoint:<db>:<n>}. */
    public String getId() { return id; }

    /** {@code node:N} where a proxy of this endpoint runs. */
    public String getNode() { return node; }

    /** The proxy policy. */
    public String getRole() { return role; }

    public boolean isSsl() { return ssl; }

    /** {@code address:port} the proxy listens on. */
    public String getAddress() { return address; }

    /** {@code listening}, {@code not listening} or {@code unknown}. */
    public String getStatus() { return status; }

    /** Client connections open now. */
    public int getConnections() { return connections; }

    /** Commands answered per second over the last seconds. */
    public double getOpsPerSecond() { return opsPerSecond; }
}
