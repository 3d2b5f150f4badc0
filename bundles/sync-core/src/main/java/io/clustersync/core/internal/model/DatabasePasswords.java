package io.clustersync.core.internal.model;

/** Checks a client's password against the salted hash the cluster model keeps for a database. */
public interface DatabasePasswords {

    /** True when the database has a password and this is it. */
    boolean matches(int databaseId, byte[] password);
}
