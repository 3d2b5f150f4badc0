package io.clustersync.admin.api;

/**
 * An instance of an Active-Active database.
 *
 * @param instance Its id, 1 to 5.
 * @param cluster The name of the cluster it runs in.
 * @param admin {@code host:port} of that cluster's JMX connector.
 * @param endpoint {@code host:port} of its proxy endpoint, which the other instances pull its writes through.
 * @param local Whether it is the instance of this cluster.
 */
public record CrdbInstanceRow(int instance, String cluster, String admin, String endpoint, boolean local) {
}
