package io.clustersync.metrics.internal;

import io.clustersync.admin.api.SyncerMXBean;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MBeanFiguresTest {

    /** An MXBean of {@code type} answering its getters from {@code values} (by attribute name), zero or "" otherwise. */
    private static <T> StandardMBean bean(Class<T> type, Map<String, Object> values) throws Exception {
        Object impl = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String attribute = method.getName().replaceFirst("^(get|is)", "");
            Object value = values.get(attribute);
            if (value != null) {
                return value;
            }
            Class<?> r = method.getReturnType();
            return r == long.class ? 0L : r == int.class ? 0 : r == boolean.class ? false : r == String.class ? "" : null;
        });
        return new StandardMBean(type.cast(impl), type, true);
    }

    @Test
    void aSyncersFiguresAreNamedTheWayPrometheusNamesThingsAndLabelledWithItsDatabasesName() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        server.registerMBean(bean(SyncerMXBean.class, Map.of("Database", "db:3", "Source", "redis://:****@10.0.0.1:12000/orders",
                "Mode", "distributed", "Status", "synced", "LagMs", 12L, "IngressBytes", 4096L, "FullSyncs", 2L,
                "PartialSyncs", 5L, "OpsPerSecond", 900L, "Connections", 2)),
                new ObjectName(SyncerMXBean.objectName("copy-2", 1)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, new MBeanFigures(server).scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        String text = out.toString(StandardCharsets.UTF_8);
        String labels = "{db=\"copy-2\",source=\"redis://:****@10.0.0.1:12000/orders\"}";
        for (String line : new String[] {
                "clustersync_syncer_lag_milliseconds" + labels + " 12.0",
                "clustersync_syncer_ingress_bytes_total" + labels + " 4096.0",
                "clustersync_syncer_full_syncs_total" + labels + " 2.0",
                "clustersync_syncer_partial_syncs_total" + labels + " 5.0",
                "clustersync_syncer_ops_per_second" + labels + " 900.0",
                "clustersync_syncer_connections" + labels + " 2.0",
                "clustersync_syncer_status_info{db=\"copy-2\",mode=\"distributed\",source=\"redis://:****@10.0.0.1:12000/orders\","
                        + "status=\"synced\"} 1",
                "# TYPE clustersync_syncer_ingress_bytes_total counter"}) {
            assertTrue(text.contains(line + "\n"), "no line " + line + " in\n" + text);
        }
    }

    @Test
    void aPortOutsideZeroTo65535OrNotANumberIsRefusedWithTheKeysName() {
        assertEquals(0, MetricsEndpointComponent.port(null));
        assertEquals(0, MetricsEndpointComponent.port(" "));
        assertEquals(9100, MetricsEndpointComponent.port("9100"));
        for (String bad : new String[] {"-1", "65536", "nine", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsEndpointComponent.port(bad));
            assertTrue(e.getMessage().contains("metrics.port must be a port 0..65535") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }
}
