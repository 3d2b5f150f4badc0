package io.clustersync.proxy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** ConfigAdmin PID {@code io.clustersync.proxy}: the protocol limits of this node's proxy endpoints. */
@ObjectClassDefinition(name = "clustersync proxy endpoints", description = "Limits of the RESP proxy endpoints")
public @interface ProxyConfiguration {

    @AttributeDefinition(description = "The largest bulk string a client may send, in bytes (Redis: proto-max-bulk-len)")
    int max_bulk_bytes() default 16 << 20;

    @AttributeDefinition(description = "The most arguments one command may have")
    int max_args() default 1024 * 1024;

    @AttributeDefinition(description = "The longest inline command line, in bytes")
    int max_inline_bytes() default 64 * 1024;

    @AttributeDefinition(description = "The most bytes one command may take in all")
    long max_request_bytes() default 32L << 20;

    @AttributeDefinition(description = "How long a request may stay half-sent before the connection is closed, in ms")
    long incomplete_request_timeout_ms() default 10_000;

    @AttributeDefinition(description = "How long a proxy that its policy no longer places here waits for the new"
            + " proxies to listen before it stops anyway, in ms")
    long handover_timeout_ms() default 10_000;
}
