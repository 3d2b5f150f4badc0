package io.clustersync.core.internal.model;

/** What the JDBC server refused since the node started ({@code io.clustersync:type=JdbcServer}). */
public interface JdbcRefusalsMBean {

    /** Logins refused for a wrong user or password. */
    long getRefusedLogins();

    /** The last refusal: when, from where and why. */
    String getLastRefusal();
}
