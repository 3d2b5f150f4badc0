package io.clustersync.core.internal.node;

import io.clustersync.core.api.NodeIdentity;

import java.lang.annotation.Annotation;

/** Node configurations and opened models for tests. */
public final class TestNodes {

    private TestNodes() {
    }

    public static NodeConfiguration config(int id, String cluster, String address, String peers, int primary) {
        return new NodeConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return NodeConfiguration.class; }
            @Override public int node_id() { return id; }
            @Override public String cluster_name() { return cluster; }
            @Override public String address() { return address; }
            @Override public int bus_port() { return 9441; }
            @Override public int jmx_port() { return 9999; }
            @Override public int jdbc_port() { return 0; }
            @Override public int io_threads() { return 0; }
            @Override public boolean jmx_tls() { return true; }
            @Override public int metrics_port() { return 0; }
            @Override public int http_port() { return 0; }
            @Override public String bus_tls__engine() { return "boringssl"; }
            @Override public String peers() { return peers; }
            @Override public int primary() { return primary; }
            @Override public String home() { return ""; }
        };
    }

    public static NodeIdentity threeNodes() {
        return NodeIdentityReader.read(config(1, "test", "127.0.0.1", "1@127.0.0.1, 2@127.0.0.2, 3@127.0.0.3", 1));
    }
}
