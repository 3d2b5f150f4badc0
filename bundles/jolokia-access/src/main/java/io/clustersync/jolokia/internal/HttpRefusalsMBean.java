package io.clustersync.jolokia.internal;

/** What the HTTP management refused since the node started ({@code io.clustersync:type=HttpManagement}). */
public interface HttpRefusalsMBean {

    /** Requests refused for a missing, unknown or wrong user and password. */
    long getRefusedLogins();

    /** The last refusal: when, from where and why. */
    String getLastRefusal();
}
