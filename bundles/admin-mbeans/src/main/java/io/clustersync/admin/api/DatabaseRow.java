package io.clustersync.admin.api;

/**
 * A row of the DATABASES table.
 *
 * @param id {@code db:N}.
 * @param endpoint {@code endpoint:<db>:1}.
 */
public record DatabaseRow(String id, String name, int shards, String syncerMode, String endpoint, int port,
                          String policy) {
}
