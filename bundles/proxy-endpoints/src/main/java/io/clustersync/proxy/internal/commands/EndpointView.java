package io.clustersync.proxy.internal.commands;

import io.clustersync.proxy.internal.resp.ProtocolLimits;

/** What connection commands need to know of the endpoint a client is connected to. */
public interface EndpointView {

    ShardRouter router();

    ProtocolLimits limits();

    int port();

    int connections();

    long connectionsReceived();

    long commands();

    double opsPerSecond();

    long startedAtMs();

    /** Counts and logs a wrong password given by the client at {@code client}. */
    default void passwordRefused(String client) {
    }
}
