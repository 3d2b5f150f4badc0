package io.clustersync.core.internal.node;

import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentContext;
import org.slf4j.Logger;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a component taking {@code io.clustersync.node} does when Configuration Admin updates it: nothing when the
 * values it reads are the same (Karaf and File Install update a configuration several times while a feature installs,
 * adding their own bookkeeping properties), and one restart of the component when a value really changed.
 */
public final class ConfigurationChange {

    /** The pause between disabling a component and enabling it again, for the runtime to finish stopping it. */
    static final long RESTART_PAUSE_MS = 500;

    private ConfigurationChange() {
    }

    /**
     * The configuration's values a component reads ({@code mine}), without the service, component and File Install
     * bookkeeping properties. Each component of the node compares only its own, so that one change restarts each
     * component once: the node for its identity (everything that depends on it follows), the network threads for
     * {@code io.threads}, the bus for {@code bus.tls_engine}.
     */
    public static Map<String, Object> values(Map<String, Object> properties, Predicate<String> mine) {
        Map<String, Object> values = new TreeMap<>();
        properties.forEach((name, value) -> {
            if (mine.test(name) && !name.startsWith("service.") && !name.startsWith("component.") && !name.startsWith("felix.")
                    && !name.startsWith(".") && !name.equals("objectClass")) {
                values.put(name, value instanceof Object[] array ? Arrays.asList(array) : value);
            }
        });
        return values;
    }

    /**
     * Restarts the component (disabled and enabled again, so that it stops and starts once with the new values)
     * when {@code now} differs from {@code before}; answers whether it does.
     */
    public static boolean restartIfChanged(ComponentContext context, Map<String, Object> before, Map<String, Object> now,
                                           Predicate<String> mine, Logger log) {
        Map<String, Object> next = values(now, mine);
        if (next.equals(before)) {
            return false;
        }
        String name = (String) context.getProperties().get(ComponentConstants.COMPONENT_NAME);
        log.info("configuration {} changed: {} restarts", NodeConfiguration.PID, name);
        // not from inside the runtime's call: disabled first, enabled once that is done
        Thread restart = new Thread(() -> {
            context.disableComponent(name);
            try {
                Thread.sleep(RESTART_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            context.enableComponent(name);
        }, "clustersync-restart-" + name.substring(name.lastIndexOf('.') + 1));
        restart.setDaemon(true);
        restart.start();
        return true;
    }
}
