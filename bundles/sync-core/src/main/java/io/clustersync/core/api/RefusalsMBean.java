package io.clustersync.core.api;

/** What a listener refused since the node started, as a {@link RefusalLog} publishes it over JMX. */
public interface RefusalsMBean {

    /** Logins or requests refused. */
    long getRefusedLogins();

    /** The last refusal: when, from where and why. */
    String getLastRefusal();
}
