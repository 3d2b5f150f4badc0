package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** A row of the ENDPOINTS table: one per node where the endpoint's policy places a proxy. */
public final class EndpointRow {
    private final String db;
    private final String name;
    private final String id;
    private final String node;
    private final String role;
    private final boolean ssl;
    private final String address;

    @ConstructorParameters({"db", "name", "id", "node", "role", "ssl", "address"})
    public EndpointRow(String db, String name, String id, String node, String role, boolean ssl, String address) {
        this.db = db;
        this.name = name;
        this.id = id;
        this.node = node;
        this.role = role;
        this.ssl = ssl;
        this.address = address;
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

    /** host:port the proxy listens on. */
    public String getAddress() { return address; }
}
