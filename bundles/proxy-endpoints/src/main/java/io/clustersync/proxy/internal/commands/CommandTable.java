package io.clustersync.proxy.internal.commands;

import io.clustersync.proxy.internal.commands.CommandSpec.Routing;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every command the proxy endpoints answer, by upper-case name. */
public final class CommandTable {

    private static final Map<String, CommandSpec> COMMANDS = new LinkedHashMap<>();

    static {
        List<String> admin = List.of("loading", "stale", "fast");
        connection("PING", -1, admin);
        connection("ECHO", 2, admin);
        connection("AUTH", -2, List.of("noscript", "loading", "stale", "fast", "no_auth"));
        connection("HELLO", -1, List.of("noscript", "loading", "stale", "fast", "no_auth"));
        connection("SELECT", 2, admin);
        connection("QUIT", -1, List.of("loading", "stale", "fast", "no_auth"));
        connection("CLIENT", -2, admin);
        connection("COMMAND", -1, List.of("loading", "stale"));
        connection("INFO", -1, List.of("loading", "stale"));
        connection("CONFIG", -2, List.of("admin", "loading", "stale"));
        connection("CSYNC", -2, List.of("admin", "noscript"));

        key("GET", 2, "readonly", "fast");
        key("SET", -3, "write", "denyoom");
        key("SETNX", 3, "write", "denyoom", "fast");
        key("SETEX", 4, "write", "denyoom");
        key("PSETEX", 4, "write", "denyoom");
        key("GETSET", 3, "write", "denyoom", "fast");
        key("GETDEL", 2, "write", "fast");
        key("INCR", 2, "write", "denyoom", "fast");
        key("INCRBY", 3, "write", "denyoom", "fast");
        key("DECR", 2, "write", "denyoom", "fast");
        key("DECRBY", 3, "write", "denyoom", "fast");
        key("APPEND", 3, "write", "denyoom");
        key("STRLEN", 2, "readonly", "fast");
        key("TYPE", 2, "readonly", "fast");
        key("EXPIRE", -3, "write", "fast");
        key("PEXPIRE", -3, "write", "fast");
        key("EXPIREAT", -3, "write", "fast");
        key("PEXPIREAT", -3, "write", "fast");
        key("TTL", 2, "readonly", "fast");
        key("PTTL", 2, "readonly", "fast");
        key("PERSIST", 2, "write", "fast");
        key("HSET", -4, "write", "denyoom", "fast");
        key("HMSET", -4, "write", "denyoom", "fast");
        key("HSETNX", 4, "write", "denyoom", "fast");
        key("HGET", 3, "readonly", "fast");
        key("HMGET", -3, "readonly", "fast");
        key("HDEL", -3, "write", "fast");
        key("HGETALL", 2, "readonly");
        key("HKEYS", 2, "readonly");
        key("HVALS", 2, "readonly");
        key("HLEN", 2, "readonly", "fast");
        key("HEXISTS", 3, "readonly", "fast");
        key("HSTRLEN", 3, "readonly", "fast");
        key("HINCRBY", 4, "write", "denyoom", "fast");

        add(new CommandSpec("MGET", -2, List.of("readonly", "fast"), 1, -1, 1, Routing.KEYS_ARRAY));
        add(new CommandSpec("MSET", -3, List.of("write", "denyoom"), 1, -1, 2, Routing.PAIRS_OK));
        add(new CommandSpec("DEL", -2, List.of("write"), 1, -1, 1, Routing.KEYS_SUM));
        add(new CommandSpec("UNLINK", -2, List.of("write", "fast"), 1, -1, 1, Routing.KEYS_SUM));
        add(new CommandSpec("EXISTS", -2, List.of("readonly", "fast"), 1, -1, 1, Routing.KEYS_SUM));
        add(new CommandSpec("DBSIZE", 1, List.of("readonly", "fast"), 0, 0, 0, Routing.ALL_SUM));
        add(new CommandSpec("FLUSHDB", -1, List.of("write"), 0, 0, 0, Routing.ALL_OK));
        add(new CommandSpec("FLUSHALL", -1, List.of("write"), 0, 0, 0, Routing.ALL_OK));
        add(new CommandSpec("KEYS", 2, List.of("readonly"), 0, 0, 0, Routing.ALL_ARRAY));
        add(new CommandSpec("SCAN", -2, List.of("readonly"), 0, 0, 0, Routing.SCAN));
    }

    /** Names of up to 7 letters packed into a long (see {@link #pack}), sorted, beside their specs: no allocation per lookup. */
    private static final long[] PACKED;
    private static final CommandSpec[] PACKED_SPECS;

    static {
        java.util.TreeMap<Long, CommandSpec> packed = new java.util.TreeMap<>();
        for (CommandSpec spec : COMMANDS.values()) {
            long key = pack(spec.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (key >= 0) {
                packed.put(key, spec);
            }
        }
        PACKED = packed.keySet().stream().mapToLong(Long::longValue).toArray();
        PACKED_SPECS = packed.values().toArray(new CommandSpec[0]);
    }

    private CommandTable() {
    }

    /** A name of 1 to 7 ASCII letters, upper-cased, with its length, as one number; -1 for any other name. */
    static long pack(byte[] name) {
        if (name.length == 0 || name.length > 7) {
            return -1;
        }
        long packed = name.length;
        for (byte b : name) {
            int c = b;
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            } else if (c < 'A' || c > 'Z') {
                return -1;
            }
            packed = (packed << 8) | c;
        }
        return packed;
    }

    private static void connection(String name, int arity, List<String> flags) {
        add(new CommandSpec(name, arity, flags, 0, 0, 0, Routing.CONNECTION));
    }

    private static void key(String name, int arity, String... flags) {
        add(new CommandSpec(name, arity, List.of(flags), 1, 1, 1, Routing.SINGLE_KEY));
    }

    private static void add(CommandSpec spec) {
        COMMANDS.put(spec.name(), spec);
    }

    /** The spec of a command by its name in any case, or null. */
    public static CommandSpec find(byte[] name) {
        long packed = pack(name);
        if (packed >= 0) {
            int at = java.util.Arrays.binarySearch(PACKED, packed);
            return at >= 0 ? PACKED_SPECS[at] : null;
        }
        if (name.length > 16) {
            return null;
        }
        String text = new String(name, java.nio.charset.StandardCharsets.ISO_8859_1);
        CommandSpec spec = COMMANDS.get(text);
        return spec != null ? spec : COMMANDS.get(text.toUpperCase(Locale.ROOT));
    }

    public static Collection<CommandSpec> all() {
        return COMMANDS.values();
    }
}
