package io.clustersync.core.api;

/**
 * What an operator asks for when creating a database. Port 0 takes the first free port from 12000 up; a
 * null or empty password leaves the database open.
 */
public record DatabaseSpec(String name, int shards, int port, String password) {

    public DatabaseSpec(String name, int shards, int port) {
        this(name, shards, port, null);
    }
}
