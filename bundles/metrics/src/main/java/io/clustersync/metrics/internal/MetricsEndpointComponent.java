package io.clustersync.metrics.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Runs the Prometheus endpoint on the node's {@code address} and {@code metrics.port} (configuration PID
 * {@code io.clustersync.node}); {@code metrics.port} 0 or absent means none. A changed port moves the endpoint.
 */
@Component(immediate = true, configurationPid = MetricsEndpointComponent.NODE_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class MetricsEndpointComponent {

    static final String NODE_PID = "io.clustersync.node";
    static final String PORT = "metrics.port";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpointComponent.class);

    private MetricsHttpServer server;
    private String boundTo = "";

    @Activate
    @Modified
    synchronized void configure(Map<String, Object> properties) {
        String address = String.valueOf(properties.getOrDefault("address", "127.0.0.1")).trim();
        int port = port(properties.get(PORT));
        String wanted = port == 0 ? "" : address + ":" + port;
        if (wanted.equals(boundTo)) {
            return;
        }
        stop();
        if (port != 0) {
            MBeanFigures figures = new MBeanFigures(ManagementFactory.getPlatformMBeanServer());
            server = MetricsHttpServer.start(address, port, figures::scrape);
            boundTo = wanted;
        }
    }

    /** The port configured, 0 when none; anything that is not 0..65535 is refused with the key's name. */
    static int port(Object value) {
        if (value == null || String.valueOf(value).isBlank()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(String.valueOf(value).trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("configuration " + NODE_PID + ": " + PORT + " must be a port 0..65535 (0 = no"
                + " metrics endpoint); got '" + value + "'");
    }

    @Deactivate
    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            LOG.info("metrics endpoint on {} stopped", boundTo);
        }
        boundTo = "";
    }
}
