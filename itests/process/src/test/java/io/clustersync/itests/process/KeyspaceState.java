package io.clustersync.itests.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every key of a database with its type, value in a canonical order (set members and hash fields sorted) and
 * whether it has a time to live, read through a proxy (or a redis-server): two databases hold the same data when
 * their states are equal.
 */
final class KeyspaceState {

    private KeyspaceState() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> of(RespClient client) throws IOException {
        List<String> keys = new ArrayList<>((List<String>) client.call("KEYS", "*"));
        Map<String, String> state = new TreeMap<>();
        for (String key : keys) {
            state.put(key, String.valueOf(state(client, key)));
        }
        return state;
    }

    static List<String> state(RespClient client, String key) throws IOException {
        List<Object> typeAndTtl = client.pipeline(List.of(List.of("TYPE", key), List.of("TTL", key)));
        String type = String.valueOf(typeAndTtl.get(0));
        Object ttl = typeAndTtl.get(1);
        List<String> read = switch (type) {
            case "+string" -> List.of("GET", key);
            case "+list" -> List.of("LRANGE", key, "0", "-1");
            case "+set" -> List.of("SMEMBERS", key);
            case "+zset" -> List.of("ZRANGE", key, "0", "-1", "WITHSCORES");
            case "+hash" -> List.of("HGETALL", key);
            default -> null;
        };
        Object value = read == null ? null : ReplyComparison.normalize(read.get(0), client.call(read.toArray(new String[0])));
        return List.of(type, ttl instanceof Long t && t > 0 ? "ttl" : String.valueOf(ttl), String.valueOf(value));
    }

    /** The keys whose state differs, for a failure message. */
    static String difference(Map<String, String> expected, Map<String, String> actual) {
        List<String> lines = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (!expected.get(key).equals(actual.get(key))) {
                lines.add(key + ": " + expected.get(key) + " / " + actual.get(key));
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                lines.add(key + ": (none) / " + actual.get(key));
            }
        }
        return lines.size() + " key(s) differ: " + String.join("\n  ", lines.subList(0, Math.min(lines.size(), 20)));
    }
}
