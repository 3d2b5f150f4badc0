package io.clustersync.core.internal.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node's identity, configuration PID {@code io.clustersync.node} (in the distribution,
 * {@code <home>/etc/io.clustersync.node.cfg}).
 */
@ObjectClassDefinition(id = NodeConfiguration.PID, name = "clustersync node",
        description = "Identity of this clustersync node")
public @interface NodeConfiguration {

    String PID = "io.clustersync.node";

    @AttributeDefinition(name = "Node id", description = "This node's number N (node:N), 1 or more")
    int node_id();

    @AttributeDefinition(name = "Cluster name")
    String cluster_name();

    @AttributeDefinition(name = "Address", description = "The address this node binds, e.g. 127.0.0.1")
    String address();

    @AttributeDefinition(name = "Cluster bus port")
    int bus_port() default 9441;

    @AttributeDefinition(name = "JMX port")
    int jmx_port() default 9999;

    @AttributeDefinition(name = "JDBC port", description = "Port of the configuration database's H2 TCP server on the"
            + " node's address, for other JDBC clients; 0 = no server")
    int jdbc_port() default 0;

    @AttributeDefinition(name = "JMX over TLS", description = "true: the JMX connector and its registry speak TLS with"
            + " the node's certificate (etc/jmx.p12); false: plain. Read by bin/clustersync when it starts the JVM")
    boolean jmx_tls() default true;

    @AttributeDefinition(name = "Metrics port", description = "Port of the Prometheus endpoint http://address:port/metrics"
            + " (the metrics bundle); 0 = none")
    int metrics_port() default 0;

    @AttributeDefinition(name = "HTTP port", description = "Port of the HTTP/JSON management (Jolokia, the jolokia-access"
            + " bundle) on the node's address, with the JMX users; 0 = none")
    int http_port() default 0;

    @AttributeDefinition(name = "Network threads", description = "Threads that the cluster bus and the proxy endpoints"
            + " share; 0 = one per two processors (at least one)")
    int io_threads() default 0;

    @AttributeDefinition(name = "Cluster bus TLS engine", description = "boringssl: BoringSSL (netty-tcnative) when its"
            + " native library loads, the JDK's TLS otherwise; jdk: the JDK's TLS always")
    String bus_tls__engine() default "boringssl"; // bus.tls_engine (a double underscore stands for one)

    @AttributeDefinition(name = "Peers", description = "Every node of the cluster as N@address[:busport], comma separated")
    String peers() default "";

    @AttributeDefinition(name = "Primary", description = "Id of the primary node")
    int primary() default 1;

    @AttributeDefinition(name = "Home", description = "Home directory; empty = framework property clustersync.home")
    String home() default "";
}
