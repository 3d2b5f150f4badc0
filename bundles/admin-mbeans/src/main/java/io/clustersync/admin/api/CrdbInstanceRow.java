package io.clustersync.admin.api;

/** An instance of an Active-Active database. */
@Description("An instance of an Active-Active database")
public record CrdbInstanceRow(
        @Description("Its id, 1 to 5") int instance,
        @Description("The name of the cluster it runs in") String cluster,
        @Description("host:port of that cluster's JMX connector") String admin,
        @Description("host:port of its proxy endpoint, which the other instances pull its writes through") String endpoint,
        @Description("Whether it is the instance of this cluster") boolean local) {
}
