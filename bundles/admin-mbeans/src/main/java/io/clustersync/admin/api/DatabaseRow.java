package io.clustersync.admin.api;

/** A row of the DATABASES table. */
@Description("A database of the cluster (a row of the DATABASES table)")
public record DatabaseRow(
        @Description("db:N") String id,
        @Description("The database's name") String name,
        @Description("Its number of master shards") int shards,
        @Description("How its Replica Of or Active-Active syncer runs: centralized, distributed or parallel") String syncerMode,
        @Description("endpoint:<db>:1") String endpoint,
        @Description("The TCP port its proxies listen on") int port,
        @Description("The proxy policy of its endpoint: single, all-master-shards or all-nodes") String policy,
        @Description("What it replicates: -, replica-of <state> (<n> sources), or active-active <id> instance <n>/<count>"
                + " (<peers> peers <state>)") String replication) {

    public DatabaseRow(String id, String name, int shards, String syncerMode, String endpoint, int port, String policy) {
        this(id, name, shards, syncerMode, endpoint, port, policy, "-");
    }
}
