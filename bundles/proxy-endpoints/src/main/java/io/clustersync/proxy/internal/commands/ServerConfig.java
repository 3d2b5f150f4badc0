package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.ServerParameter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CONFIG GET and CONFIG SET at a proxy endpoint. What the proxy knows is reported (port, proto-max-bulk-len, that a
 * database is one Redis database, its persistence); Redis's encoding and memory-layout parameters, which tools and
 * client libraries set, are taken and reported back but change nothing (the shard stores keep no Redis encodings);
 * any other parameter is refused with the clustersync-admin setting that does its job.
 */
final class ServerConfig {

    private static final String EVENTS = "notify-keyspace-events";

    /** Encoding parameters: taken, reported back, without effect. Their Redis 7.0 defaults. */
    private static final Map<String, String> LAYOUT = Map.ofEntries(
            Map.entry("hash-max-listpack-entries", "128"), Map.entry("hash-max-listpack-value", "64"),
            Map.entry("hash-max-ziplist-entries", "128"), Map.entry("hash-max-ziplist-value", "64"),
            Map.entry("set-max-intset-entries", "512"),
            Map.entry("zset-max-listpack-entries", "128"), Map.entry("zset-max-listpack-value", "64"),
            Map.entry("zset-max-ziplist-entries", "128"), Map.entry("zset-max-ziplist-value", "64"),
            Map.entry("list-max-listpack-size", "-2"), Map.entry("list-max-ziplist-size", "-2"),
            Map.entry("list-compress-depth", "0"), Map.entry("stream-node-max-bytes", "4096"),
            Map.entry("stream-node-max-entries", "100"), Map.entry("activerehashing", "yes"),
            Map.entry("hll-sparse-max-bytes", "3000"), Map.entry("lazyfree-lazy-user-del", "no"),
            Map.entry("lazyfree-lazy-user-flush", "no"), Map.entry("lazyfree-lazy-expire", "no"),
            Map.entry("lazyfree-lazy-server-del", "no"));

    /** Parameters refused, with the setting to use instead. */
    private static final Map<String, String> ELSEWHERE = Map.ofEntries(
            Map.entry("requirepass", "set the database's password with clustersync-admin (create db ... password)"),
            Map.entry("port", "move the endpoint with clustersync-admin (bind db <db> endpoint <id> ...)"),
            Map.entry("appendonly", "shard stores always keep an append-only log (flushed every 50 ms, synced every second)"),
            Map.entry("appendfsync", "shard stores always keep an append-only log (flushed every 50 ms, synced every second)"),
            Map.entry("save", "shard stores always keep an append-only log"),
            Map.entry("repl-backlog-size", "set the server parameter repl_backlog with clustersync-admin"),
            Map.entry("replicaof", "use clustersync-admin replica-of db <db> source <uri>"),
            Map.entry("slaveof", "use clustersync-admin replica-of db <db> source <uri>"),
            Map.entry("maxmemory", "size the node's heap with CLUSTERSYNC_JAVA_OPTS; there is no eviction"),
            Map.entry("maxmemory-policy", "there is no eviction: a database keeps every key"),
            Map.entry("proto-max-bulk-len", "set max_bulk_bytes in the configuration PID io.clustersync.proxy"));

    /** Values set per database on this node's proxies (reported back by CONFIG GET). */
    private final Map<Integer, Map<String, String>> set = new ConcurrentHashMap<>();
    private final ClusterModel model;

    ServerConfig(ClusterModel model) {
        this.model = model;
    }

    Reply run(EndpointView endpoint, byte[][] args) {
        String sub = text(args[1]).toUpperCase(Locale.ROOT);
        return switch (sub) {
            case "GET" -> args.length < 3 ? ConnectionCommands.wrongArity("config|get") : get(endpoint, args);
            case "SET" -> args.length < 4 || args.length % 2 != 0 ? ConnectionCommands.wrongArity("config|set") : set(endpoint, args);
            case "RESETSTAT" -> Reply.OK;
            case "REWRITE" -> Reply.error("ERR CONFIG REWRITE: a clustersync database's settings live in the cluster model;"
                    + " change them with clustersync-admin (tune db ...)");
            default -> Reply.error("ERR unknown subcommand '" + text(args[1]) + "'. Try CONFIG HELP.");
        };
    }

    private Map<String, String> values(EndpointView endpoint) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("save", "");
        values.put("appendonly", "yes");
        values.put("appendfsync", "everysec");
        values.put("databases", "1");
        values.put("maxmemory", "0");
        values.put("maxmemory-policy", "noeviction");
        values.put("timeout", "0");
        values.put(EVENTS, KeyspaceEventClasses.format(Math.max(0, KeyspaceEventClasses.parse(model.parameters().stream()
                .filter(p -> p.name().equals(KeyspaceEventClasses.PARAMETER)).map(ServerParameter::value).findFirst().orElse("")))));
        values.put("proto-max-bulk-len", Integer.toString(endpoint.limits().maxBulkBytes()));
        values.put("port", Integer.toString(endpoint.port()));
        values.putAll(LAYOUT);
        values.putAll(set.getOrDefault(endpoint.router().database().id(), Map.of()));
        return values;
    }

    private Reply get(EndpointView endpoint, byte[][] args) {
        Map<String, String> values = values(endpoint);
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String pattern = text(args[i]).toLowerCase(Locale.ROOT);
            values.forEach((name, value) -> {
                if (GlobMatch.matches(pattern, name)) {
                    found.put(name, value);
                }
            });
        }
        List<Reply> pairs = new ArrayList<>();
        found.forEach((name, value) -> {
            pairs.add(Reply.bulk(name));
            pairs.add(Reply.bulk(value));
        });
        return Reply.map(pairs);
    }

    /** CONFIG SET name value [name value ...]: all taken, or none with the first refusal. */
    private Reply set(EndpointView endpoint, byte[][] args) {
        Map<String, String> taken = new LinkedHashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            String name = text(args[i]).toLowerCase(Locale.ROOT);
            String value = text(args[i + 1]);
            if (taken.containsKey(name)) {
                return Reply.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - duplicate parameter");
            }
            if (name.equals(EVENTS)) {
                if (KeyspaceEventClasses.parse(value) < 0) {
                    return Reply.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - Invalid event"
                            + " class character. Use 'Ag$lshzxeKEtmdn'.");
                }
                taken.put(name, value);
            } else if (LAYOUT.containsKey(name)) {
                if (!name.equals("activerehashing") && !name.startsWith("lazyfree") && !value.matches("-?\\d+")) {
                    return Reply.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - argument"
                            + " couldn't be parsed into an integer");
                }
                taken.put(name, value);
            } else if (ELSEWHERE.containsKey(name)) {
                return Reply.error("ERR CONFIG SET '" + name + "' is not supported by a clustersync proxy endpoint: "
                        + ELSEWHERE.get(name));
            } else {
                return Reply.error("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
        }
        String events = taken.remove(EVENTS);
        if (events != null) {
            try {
                model.setParameter(KeyspaceEventClasses.PARAMETER, events, false);
            } catch (RuntimeException e) {
                return Reply.error("ERR CONFIG SET failed (possibly related to argument '" + EVENTS + "') - the cluster"
                        + " parameter " + KeyspaceEventClasses.PARAMETER + " could not be set: " + e.getMessage());
            }
        }
        set.computeIfAbsent(endpoint.router().database().id(), id -> new ConcurrentHashMap<>()).putAll(taken);
        return Reply.OK;
    }

    private static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }
}
