package io.clustersync.core.internal.node;

import io.clustersync.core.api.NetworkThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the node's {@link NetworkThreads} with the number of threads {@code io.threads} asks for. */
@Component(configurationPid = NodeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class NetworkThreadsComponent implements NetworkThreads {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkThreadsComponent.class);

    private EventLoopGroup group;

    /** The configuration values the threads started with (see {@link ConfigurationChange}). */
    private Map<String, Object> started;

    @Activate
    void activate(NodeConfiguration config, Map<String, Object> properties) {
        started = ConfigurationChange.values(properties, "io.threads"::equals);
        int threads;
        try {
            threads = threads(config.io_threads(), Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", NodeComponent.CANNOT_START, e.getMessage());
            throw e;
        }
        group = new NioEventLoopGroup(threads, new DefaultThreadFactory("clustersync-io", true));
        LOG.info("{} network thread(s) for the cluster bus and the proxy endpoints", threads);
    }

    /** The threads to start: {@code configured}, or one per two processors (at least one) when it is 0. */
    static int threads(int configured, int processors) {
        if (configured < 0) {
            throw new IllegalArgumentException("configuration " + NodeConfiguration.PID + ": io.threads must be 1 or more,"
                    + " or 0 for one per two processors; got " + configured);
        }
        return configured > 0 ? configured : Math.max(1, processors / 2);
    }

    /** A configuration update: nothing when no value changed, one restart when one did. */
    @Modified
    void modified(ComponentContext context, Map<String, Object> properties) {
        ConfigurationChange.restartIfChanged(context, started, properties, "io.threads"::equals, LOG);
    }

    @Deactivate
    void deactivate() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public EventLoopGroup group() {
        return group;
    }
}
