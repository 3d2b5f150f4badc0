package io.clustersync.jolokia.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

/**
 * Follows {@code http.port} of {@code io.clustersync.node}: configures the node's HTTP service (Felix HTTP's PID
 * {@code org.apache.felix.http}) to listen on the node's address and that port, or not at all when it is 0 or
 * absent. Jolokia answers under {@code /jolokia} on it. (In Karaf, Karaf's own HTTP service and port serve it.)
 */
@Component(immediate = true, configurationPid = HttpPortComponent.NODE_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class HttpPortComponent {

    static final String NODE_PID = "io.clustersync.node";
    static final String HTTP_PID = "org.apache.felix.http";
    static final String PORT = "http.port";

    private static final Logger LOG = LoggerFactory.getLogger(HttpPortComponent.class);

    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    @Modified
    void configure(BundleContext context, Map<String, Object> node) throws IOException {
        if (Arrays.stream(context.getBundles()).noneMatch(b -> "org.apache.felix.http.jetty".equals(b.getSymbolicName()))) {
            LOG.info("HTTP management (Jolokia) runs on this container's own HTTP service and port (http.port is for the"
                    + " node's Felix HTTP)");
            return;
        }
        String address = String.valueOf(node.getOrDefault("address", "127.0.0.1")).trim();
        int port = port(node.get(PORT));
        Dictionary<String, Object> wanted = new Hashtable<>();
        wanted.put("org.apache.felix.http.enable", port > 0);
        wanted.put("org.osgi.service.http.port", port > 0 ? port : 8080);
        wanted.put("org.apache.felix.http.host", address);
        wanted.put("org.apache.felix.https.enable", false);
        Configuration http = configAdmin.getConfiguration(HTTP_PID, null);
        Dictionary<String, Object> current = http.getProperties();
        if (current != null && same(current, wanted)) {
            return;
        }
        http.update(wanted);
        if (port > 0) {
            LOG.info("HTTP management (Jolokia) on http://{}:{}/jolokia with the node's JMX users", address, port);
        } else {
            LOG.info("HTTP management is off (http.port 0)");
        }
    }

    private static boolean same(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        for (String key : Collections.list(wanted.keys())) {
            if (!Objects.equals(String.valueOf(current.get(key)), String.valueOf(wanted.get(key)))) {
                return false;
            }
        }
        return true;
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
                + " HTTP management); got '" + value + "'");
    }
}
