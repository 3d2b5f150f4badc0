package io.clustersync.admin.api;

/**
 * A row of the DATABASES table.
 *
 * @param id {@code db:N}.
 * @param endpoint {@code endpoint:<db>:1}.
 * @param replication What the database replicates: {@code -}, {@code replica-of <state> (<n> sources)}, or
 *        {@code active-active <id> instance <n>/<count> (<peers> peers <state>)}.
 */
public record DatabaseRow(String id, String name, int shards, String syncerMode, String endpoint, int port,
                          String policy, String replication) {

    public DatabaseRow(String id, String name, int shards, String syncerMode, String endpoint, int port, String policy) {
        this(id, name, shards, syncerMode, endpoint, port, policy, "-");
    }
}
