package io.clustersync.admin.cli;

import io.clustersync.admin.api.ActiveActiveMXBean;
import io.clustersync.admin.api.BundlesMXBean;
import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.api.DatabaseRow;

import java.io.IOException;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/** An authenticated JMX connection to one node, handing out typed proxies of its MXBeans. */
final class NodeSession implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection connection;
    private final NodeTarget target;

    private NodeSession(JMXConnector connector, MBeanServerConnection connection, NodeTarget target) {
        this.connector = connector;
        this.connection = connection;
        this.target = target;
    }

    static NodeSession open(NodeTarget target) {
        try {
            JMXConnector connector = JmxTls.connect(target.url(), target.user(), target.password(), target.tls());
            return new NodeSession(connector, connector.getMBeanServerConnection(), target);
        } catch (SecurityException e) {
            throw new CliException(3, "authentication failed for user '" + target.user() + "' at " + target.url()
                    + ": " + e.getMessage());
        } catch (IOException e) {
            if (target.tls() && JmxTls.untrusted(e)) {
                throw new CliException(3, "the node at " + target.url() + " presents a JMX certificate this CLI does not"
                        + " trust: " + rootMessage(e) + " (give --truststore <its home>/etc/" + JmxTls.TRUSTSTORE
                        + ", or --home of one of its nodes; a node with jmx.tls = false needs --jmx-plain)");
            }
            throw new CliException(3, "cannot reach the node at " + target.url() + ": " + rootMessage(e)
                    + " (is it running? 'clustersync status --home DIR'" + (target.tls()
                    ? "; a node with jmx.tls = false needs --jmx-plain)" : "; a node with JMX over TLS needs no --jmx-plain)"));
        }
    }

    String user() {
        return target.user();
    }

    NodeTarget target() {
        return target;
    }

    /** The ActiveActive MXBean of database {@code name}, waiting up to {@code waitMs} for it to be registered. */
    ActiveActiveMXBean activeActive(String name, long waitMs) {
        ObjectName objectName = objectName(ActiveActiveMXBean.objectName(name));
        long deadline = System.currentTimeMillis() + waitMs;
        try {
            while (!connection.isRegistered(objectName)) {
                if (System.currentTimeMillis() >= deadline) {
                    throw new CliException(1, "database '" + name + "' is not an Active-Active instance at " + target.url()
                            + " (no " + objectName + ")");
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new CliException(3, "lost the node at " + target.url() + ": " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(3, "interrupted while waiting for " + objectName);
        }
        return JMX.newMXBeanProxy(connection, objectName, ActiveActiveMXBean.class, true);
    }

    /** The names of the Active-Active databases of this node's cluster. */
    List<String> activeActiveNames() {
        try {
            return connection.queryNames(objectName(ActiveActiveMXBean.TYPE_PATTERN), null).stream()
                    .map(n -> n.getKeyProperty("name")).sorted().toList();
        } catch (IOException e) {
            throw new CliException(3, "lost the node at " + target.url() + ": " + rootMessage(e));
        }
    }

    ClusterMXBean cluster() {
        return JMX.newMXBeanProxy(connection, objectName(ClusterMXBean.OBJECT_NAME), ClusterMXBean.class);
    }

    BundlesMXBean bundles() {
        return JMX.newMXBeanProxy(connection, objectName(BundlesMXBean.OBJECT_NAME),
                BundlesMXBean.class);
    }

    ConfigSyncMXBean configSync() {
        return JMX.newMXBeanProxy(connection, objectName(ConfigSyncMXBean.OBJECT_NAME), ConfigSyncMXBean.class);
    }

    /** The Database MXBean of a database named by {@code db:N}, {@code N} or its name. */
    DatabaseMXBean database(String reference) {
        List<DatabaseRow> rows = cluster().getDatabases();
        for (DatabaseRow row : rows) {
            if (row.id().equalsIgnoreCase(reference) || row.name().equals(reference)
                    || row.id().equals("db:" + reference)) {
                ObjectName name = objectName(DatabaseMXBean.objectName(row.name()));
                awaitRegistered(name);
                return JMX.newMXBeanProxy(connection, name, DatabaseMXBean.class, true);
            }
        }
        throw new CliException(1, "unknown database '" + reference + "'; " + (rows.isEmpty() ? "there are no databases"
                : "known databases: " + String.join(", ", rows.stream().map(r -> r.id() + " '" + r.name() + "'").toList())));
    }

    static final long BEAN_WAIT_MS = 5000;

    /**
     * A database the model lists has its MXBean registered by the node right after the change that made it (its
     * publisher hears of the change on its own thread): a command run just after {@code create db} waits for it.
     */
    private void awaitRegistered(ObjectName name) {
        long deadline = System.currentTimeMillis() + BEAN_WAIT_MS;
        try {
            while (!connection.isRegistered(name) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new CliException(3, "lost the node: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectName objectName(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new CliException(2, "'" + text + "' is not a valid object name");
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the command's result is already printed; a failing close changes nothing for the operator
        }
    }
}
