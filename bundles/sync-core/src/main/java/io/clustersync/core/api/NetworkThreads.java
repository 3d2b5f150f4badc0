package io.clustersync.core.api;

import io.netty.channel.EventLoopGroup;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's network threads: one Netty event loop group shared by the cluster bus and the proxy endpoints
 * ({@code io.threads} in {@code etc/io.clustersync.node.cfg}; by default one thread per two processors).
 *
 * <p>A proxy forwards a command for another node's shard over the bus, and the bus brings the reply back to the
 * client's connection. When both connections are served by the same thread (always, with one thread), neither
 * step hands work to another thread and wakes it, and the commands a proxy reads in one pass leave in one bus
 * write. Users register channels on the group and close them, and never shut the group down: sync-core does,
 * when the node stops.
 */
@ProviderType
public interface NetworkThreads {

    EventLoopGroup group();
}
