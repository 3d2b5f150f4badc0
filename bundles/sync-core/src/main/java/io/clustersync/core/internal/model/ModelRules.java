package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.NodeIdentity;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules a change of the cluster model must pass, each refusal saying what to do instead: names, shard
 * counts, ports (unique, not the node's own), and how databases are looked up.
 */
final class ModelRules {

    static final int MAX_SHARDS = 1024;
    static final int FIRST_AUTO_PORT = 12000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern PARAMETER = Pattern.compile("[a-z][a-z0-9_.-]{0,127}");

    private ModelRules() {
    }

    static String databaseName(String requested) {
        String name = requested == null ? "" : requested.trim();
        if (!NAME.matcher(name).matches()) {
            throw new ModelException("database name '" + name + "' is not valid: use 1 to 63 letters, digits, '_' or '-',"
                    + " starting with a letter");
        }
        return name;
    }

    static void shardCount(String name, int shards) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new ModelException("database '" + name + "': shard count must be from 1 to " + MAX_SHARDS + ", got " + shards);
        }
    }

    static void uniqueName(String name, List<Database> existing) {
        for (Database db : existing) {
            if (db.name().equalsIgnoreCase(name)) {
                throw new ModelException("a database named '" + db.name() + "' already exists (" + db.ref()
                        + "); choose another name or drop it first");
            }
        }
    }

    static String parameterName(String requested) {
        String key = requested == null ? "" : requested.trim();
        if (!PARAMETER.matcher(key).matches()) {
            throw new ModelException("parameter name '" + key + "' is not valid: use lower-case letters, digits, '_', '.'"
                    + " or '-', starting with a letter");
        }
        return key;
    }

    /** Checks the value of a parameter whose values have a syntax ({@code notify_keyspace_events}: Redis's letters). */
    static void parameterValue(String name, String value) {
        if (name.equals(KeyspaceEventClasses.PARAMETER) && value != null && KeyspaceEventClasses.parse(value) < 0) {
            throw new ModelException("notify_keyspace_events '" + value + "' is not valid: use Redis's event classes,"
                    + " letters of 'Ag$lshzxeKEtmdn' (K and E for the channels, A for every class)");
        }
    }

    /** The port asked for, checked; or for 0 the first free one from {@value #FIRST_AUTO_PORT}. */
    static int port(String name, int port, List<Database> existing, NodeIdentity node) {
        return port == 0 ? firstFreePort(existing, node) : checkPort(name, port, existing, node);
    }

    static Database find(List<Database> databases, String reference) {
        String wanted = reference == null ? "" : reference.trim();
        for (Database db : databases) {
            if (db.ref().equalsIgnoreCase(wanted) || db.name().equals(wanted) || String.valueOf(db.id()).equals(wanted)) {
                return db;
            }
        }
        throw new ModelException("unknown database '" + wanted + "'; " + (databases.isEmpty() ? "there are no databases"
                : "known databases: " + String.join(", ", databases.stream().map(d -> d.ref() + " '" + d.name() + "'").toList())));
    }

    private static int checkPort(String name, int port, List<Database> existing, NodeIdentity node) {
        if (port < 1024 || port > 65535) {
            throw new ModelException("database '" + name + "': port must be from 1024 to 65535 (or 0 to pick one), got " + port);
        }
        if (port == node.jmxPort() || port == node.busPort()) {
            throw new ModelException("database '" + name + "': port " + port + " is this node's "
                    + (port == node.jmxPort() ? "JMX" : "cluster bus") + " port; choose another");
        }
        for (Database db : existing) {
            for (Endpoint e : db.endpoints()) {
                if (e.port() == port) {
                    throw new ModelException("database '" + name + "': port " + port + " is already used by " + e.id()
                            + " of " + db.ref() + " '" + db.name() + "'; choose another port");
                }
            }
        }
        return port;
    }

    private static int firstFreePort(List<Database> existing, NodeIdentity node) {
        int port = FIRST_AUTO_PORT;
        while (true) {
            int candidate = port;
            boolean used = candidate == node.jmxPort() || candidate == node.busPort() || existing.stream()
                    .flatMap(db -> db.endpoints().stream()).anyMatch(e -> e.port() == candidate);
            if (!used) {
                return candidate;
            }
            port++;
        }
    }
}
