package io.clustersync.core.internal.node;

import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.NodeIdentity;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * The local node: reads and validates {@code io.clustersync.node}, prepares the home directory and publishes
 * the node as a {@link LocalNode} service. Nothing else of clustersync starts until this component is active.
 */
@Component(configurationPid = NodeConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NodeConfiguration.class)
public class NodeComponent implements LocalNode {

    static final String HOME_PROPERTY = "clustersync.home";
    /** Starts the one log line that says why the node cannot start; bin/clustersync watches for it. */
    public static final String CANNOT_START = "clustersync node cannot start";
    private static final Logger LOG = LoggerFactory.getLogger(NodeComponent.class);

    private NodeIdentity identity;
    private Path home;
    private String version;
    private int jdbcPort;

    /** The configuration values this node started with (see {@link ConfigurationChange}). */
    private Map<String, Object> started;

    @Activate
    void activate(NodeConfiguration config, BundleContext context, Map<String, Object> properties) {
        started = ConfigurationChange.values(properties, NodeComponent::mine);
        try {
            start(config, context);
        } catch (RuntimeException e) {
            LOG.error("{}: {}", CANNOT_START, e.getMessage());
            throw e;
        }
    }

    private void start(NodeConfiguration config, BundleContext context) {
        this.identity = NodeIdentityReader.read(config);
        this.home = resolveHome(config.home(), context.getProperty(HOME_PROPERTY));
        this.version = context.getBundle().getVersion().toString();
        this.jdbcPort = config.jdbc_port();
        if (jdbcPort < 0 || jdbcPort > 65535) {
            throw new IllegalArgumentException("configuration " + NodeConfiguration.PID + ": jdbc.port must be a port from 1"
                    + " to 65535, or 0 for none; got " + jdbcPort);
        }
        for (String dir : new String[] {"etc", "conf", "data", "var"}) {
            try {
                Files.createDirectories(home.resolve(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + home.resolve(dir) + " for " + identity.ref(), e);
            }
        }
        LOG.info("{} of cluster '{}' at {} (home {}), primary node:{}, members {}", identity.ref(),
                identity.clusterName(), identity.address(), home, identity.primaryNodeId(),
                identity.members().stream().map(m -> m.ref() + "@" + m.address()).toList());
    }

    /** A configuration update: nothing when no value changed, one restart of the node when one did. */
    @Modified
    void modified(ComponentContext context, Map<String, Object> properties) {
        ConfigurationChange.restartIfChanged(context, started, properties, NodeComponent::mine, LOG);
    }

    /** The values of the node's configuration that make the node (all but the network threads' and the bus's own). */
    private static boolean mine(String name) {
        return !name.equals("io.threads") && !name.equals("bus.tls_engine");
    }

    static Path resolveHome(String configured, String frameworkProperty) {
        String chosen = configured != null && !configured.isBlank() ? configured : frameworkProperty;
        if (chosen == null || chosen.isBlank()) {
            throw new IllegalArgumentException("configuration " + NodeConfiguration.PID
                    + ": no home directory; set 'home' there or the framework property " + HOME_PROPERTY);
        }
        return Paths.get(chosen.trim()).toAbsolutePath().normalize();
    }

    @Override
    public NodeIdentity identity() {
        return identity;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int jdbcPort() {
        return jdbcPort;
    }
}
