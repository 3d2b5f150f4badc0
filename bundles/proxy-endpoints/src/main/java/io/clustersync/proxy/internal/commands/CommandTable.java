package io.clustersync.proxy.internal.commands;

import io.clustersync.proxy.internal.commands.CommandSpec.Routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Every command the proxy endpoints answer, by upper-case name, with Redis 7.0's arity, flags and key positions. */
public final class CommandTable {

    private static final Map<String, CommandSpec> COMMANDS = new LinkedHashMap<>();
    private static String group = "connection";

    static {
        List<String> admin = List.of("loading", "stale", "fast");
        connection("PING", -1, admin);
        connection("ECHO", 2, admin);
        connection("AUTH", -2, List.of("noscript", "loading", "stale", "fast", "no_auth"));
        connection("HELLO", -1, List.of("noscript", "loading", "stale", "fast", "no_auth"));
        connection("SELECT", 2, admin);
        connection("QUIT", -1, List.of("loading", "stale", "fast", "no_auth"));
        connection("RESET", 1, List.of("noscript", "loading", "stale", "fast", "no_auth"));
        connection("CLIENT", -2, admin);
        group = "scripting";
        numkeys("EVAL", -3, 0, 2, "noscript", "stale", "skip_monitor", "may_replicate", "no_mandatory_keys");
        numkeys("EVALSHA", -3, 0, 2, "noscript", "stale", "skip_monitor", "may_replicate", "no_mandatory_keys");
        numkeys("EVAL_RO", -3, 0, 2, "readonly", "noscript", "stale", "skip_monitor", "no_mandatory_keys");
        numkeys("EVALSHA_RO", -3, 0, 2, "readonly", "noscript", "stale", "skip_monitor", "no_mandatory_keys");
        add(spec("SCRIPT", -2, List.of("noscript"), 0, 0, 0, 0, Routing.SCRIPT));
        group = "transactions";
        List<String> transaction = List.of("noscript", "loading", "stale", "fast", "allow_busy");
        connection("MULTI", 1, transaction);
        connection("EXEC", 1, List.of("noscript", "loading", "stale", "skip_slowlog"));
        connection("DISCARD", 1, transaction);
        add(spec("WATCH", -2, transaction, 1, -1, 1, 0, Routing.CONNECTION));
        connection("UNWATCH", 1, transaction);
        group = "pubsub";
        List<String> subscription = List.of("pubsub", "noscript", "loading", "stale");
        connection("SUBSCRIBE", -2, subscription);
        connection("PSUBSCRIBE", -2, subscription);
        connection("SSUBSCRIBE", -2, subscription);
        connection("UNSUBSCRIBE", -1, subscription);
        connection("PUNSUBSCRIBE", -1, subscription);
        connection("SUNSUBSCRIBE", -1, subscription);
        connection("PUBLISH", 3, List.of("pubsub", "loading", "stale", "fast", "may_replicate"));
        connection("SPUBLISH", 3, List.of("pubsub", "loading", "stale", "fast", "may_replicate"));
        connection("PUBSUB", -2, List.of("loading", "stale"));
        group = "server";
        connection("COMMAND", -1, List.of("loading", "stale"));
        connection("INFO", -1, List.of("loading", "stale"));
        connection("CONFIG", -2, List.of("admin", "loading", "stale"));
        connection("TIME", 1, List.of("loading", "stale", "fast"));
        connection("CSYNC", -2, List.of("admin", "noscript"));

        group = "string";
        key("GET", 2, "readonly", "fast");
        key("SET", -3, "write", "denyoom");
        key("SETNX", 3, "write", "denyoom", "fast");
        key("SETEX", 4, "write", "denyoom");
        key("PSETEX", 4, "write", "denyoom");
        key("GETSET", 3, "write", "denyoom", "fast");
        key("GETDEL", 2, "write", "fast");
        key("GETEX", -2, "write", "fast");
        key("INCR", 2, "write", "denyoom", "fast");
        key("INCRBY", 3, "write", "denyoom", "fast");
        key("DECR", 2, "write", "denyoom", "fast");
        key("DECRBY", 3, "write", "denyoom", "fast");
        key("INCRBYFLOAT", 3, "write", "denyoom", "fast");
        key("APPEND", 3, "write", "denyoom");
        key("STRLEN", 2, "readonly", "fast");
        key("GETRANGE", 4, "readonly");
        key("SUBSTR", 4, "readonly");
        key("SETRANGE", 4, "write", "denyoom");
        add(spec("MGET", -2, List.of("readonly", "fast"), 1, -1, 1, 0, Routing.KEYS_ARRAY));
        add(spec("MSET", -3, List.of("write", "denyoom"), 1, -1, 2, 0, Routing.PAIRS_OK));
        add(spec("MSETNX", -3, List.of("write", "denyoom"), 1, -1, 2, 0, Routing.SAME_SLOT));

        group = "generic";
        key("TYPE", 2, "readonly", "fast");
        key("EXPIRE", -3, "write", "fast");
        key("PEXPIRE", -3, "write", "fast");
        key("EXPIREAT", -3, "write", "fast");
        key("PEXPIREAT", -3, "write", "fast");
        key("TTL", 2, "readonly", "fast");
        key("PTTL", 2, "readonly", "fast");
        key("EXPIRETIME", 2, "readonly", "fast");
        key("PEXPIRETIME", 2, "readonly", "fast");
        key("PERSIST", 2, "write", "fast");
        key("DUMP", 2, "readonly");
        add(spec("SORT", -2, List.of("write", "denyoom", "movablekeys"), 1, 1, 1, 0, Routing.SINGLE_KEY));
        add(spec("SORT_RO", -2, List.of("readonly", "movablekeys"), 1, 1, 1, 0, Routing.SINGLE_KEY));
        key("RESTORE", -4, "write", "denyoom");
        sameSlot("RENAME", 3, 1, 2, 1, "write");
        sameSlot("RENAMENX", 3, 1, 2, 1, "write", "fast");
        sameSlot("COPY", -3, 1, 2, 1, "write", "denyoom");
        add(spec("OBJECT", -2, List.of("readonly"), 2, 2, 1, 0, Routing.SINGLE_KEY));
        add(spec("DEL", -2, List.of("write"), 1, -1, 1, 0, Routing.KEYS_SUM));
        add(spec("UNLINK", -2, List.of("write", "fast"), 1, -1, 1, 0, Routing.KEYS_SUM));
        add(spec("EXISTS", -2, List.of("readonly", "fast"), 1, -1, 1, 0, Routing.KEYS_SUM));
        add(spec("TOUCH", -2, List.of("readonly", "fast"), 1, -1, 1, 0, Routing.KEYS_SUM));
        add(spec("RANDOMKEY", 1, List.of("readonly"), 0, 0, 0, 0, Routing.ANY));
        add(spec("KEYS", 2, List.of("readonly"), 0, 0, 0, 0, Routing.ALL_ARRAY));
        add(spec("SCAN", -2, List.of("readonly"), 0, 0, 0, 0, Routing.SCAN));
        group = "server";
        add(spec("DBSIZE", 1, List.of("readonly", "fast"), 0, 0, 0, 0, Routing.ALL_SUM));
        add(spec("FLUSHDB", -1, List.of("write"), 0, 0, 0, 0, Routing.ALL_OK));
        add(spec("FLUSHALL", -1, List.of("write"), 0, 0, 0, 0, Routing.ALL_OK));

        group = "hash";
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
        key("HINCRBYFLOAT", 4, "write", "denyoom", "fast");
        key("HSCAN", -3, "readonly");
        key("HRANDFIELD", -2, "readonly");

        group = "list";
        key("LPUSH", -3, "write", "denyoom", "fast");
        key("RPUSH", -3, "write", "denyoom", "fast");
        key("LPUSHX", -3, "write", "denyoom", "fast");
        key("RPUSHX", -3, "write", "denyoom", "fast");
        key("LPOP", -2, "write", "fast");
        key("RPOP", -2, "write", "fast");
        key("LLEN", 2, "readonly", "fast");
        key("LRANGE", 4, "readonly");
        key("LINDEX", 3, "readonly");
        key("LSET", 4, "write", "denyoom");
        key("LINSERT", 5, "write", "denyoom");
        key("LREM", 4, "write");
        key("LTRIM", 4, "write");
        key("LPOS", -3, "readonly");
        sameSlot("LMOVE", 5, 1, 2, 1, "write", "denyoom");
        sameSlot("RPOPLPUSH", 3, 1, 2, 1, "write", "denyoom");
        numkeys("LMPOP", -4, 0, 1, "write");
        sameSlot("BLPOP", -3, 1, -2, 1, "write", "blocking");
        sameSlot("BRPOP", -3, 1, -2, 1, "write", "blocking");
        sameSlot("BLMOVE", 6, 1, 2, 1, "write", "denyoom", "blocking");
        sameSlot("BRPOPLPUSH", 4, 1, 2, 1, "write", "denyoom", "blocking");
        numkeys("BLMPOP", -5, 0, 2, "write", "blocking");

        group = "set";
        key("SADD", -3, "write", "denyoom", "fast");
        key("SREM", -3, "write", "fast");
        key("SCARD", 2, "readonly", "fast");
        key("SISMEMBER", 3, "readonly", "fast");
        key("SMISMEMBER", -3, "readonly", "fast");
        key("SMEMBERS", 2, "readonly");
        key("SPOP", -2, "write", "fast");
        key("SRANDMEMBER", -2, "readonly");
        key("SSCAN", -3, "readonly");
        sameSlot("SMOVE", 4, 1, 2, 1, "write", "fast");
        sameSlot("SINTER", -2, 1, -1, 1, "readonly");
        sameSlot("SUNION", -2, 1, -1, 1, "readonly");
        sameSlot("SDIFF", -2, 1, -1, 1, "readonly");
        sameSlot("SINTERSTORE", -3, 1, -1, 1, "write", "denyoom");
        sameSlot("SUNIONSTORE", -3, 1, -1, 1, "write", "denyoom");
        sameSlot("SDIFFSTORE", -3, 1, -1, 1, "write", "denyoom");
        numkeys("SINTERCARD", -3, 0, 1, "readonly");

        group = "sorted-set";
        key("ZADD", -4, "write", "denyoom", "fast");
        key("ZINCRBY", 4, "write", "denyoom", "fast");
        key("ZCARD", 2, "readonly", "fast");
        key("ZSCORE", 3, "readonly", "fast");
        key("ZMSCORE", -3, "readonly", "fast");
        key("ZRANK", 3, "readonly", "fast");
        key("ZREVRANK", 3, "readonly", "fast");
        key("ZREM", -3, "write", "fast");
        key("ZPOPMIN", -2, "write", "fast");
        key("ZPOPMAX", -2, "write", "fast");
        key("ZRANDMEMBER", -2, "readonly");
        key("ZSCAN", -3, "readonly");
        key("ZRANGE", -4, "readonly");
        key("ZREVRANGE", -4, "readonly");
        key("ZRANGEBYSCORE", -4, "readonly");
        key("ZREVRANGEBYSCORE", -4, "readonly");
        key("ZRANGEBYLEX", -4, "readonly");
        key("ZREVRANGEBYLEX", -4, "readonly");
        key("ZCOUNT", 4, "readonly", "fast");
        key("ZLEXCOUNT", 4, "readonly", "fast");
        key("ZREMRANGEBYRANK", 4, "write");
        key("ZREMRANGEBYSCORE", 4, "write");
        key("ZREMRANGEBYLEX", 4, "write");
        sameSlot("ZRANGESTORE", -5, 1, 2, 1, "write", "denyoom");
        numkeys("ZMPOP", -4, 0, 1, "write");
        sameSlot("BZPOPMIN", -3, 1, -2, 1, "write", "fast", "blocking");
        sameSlot("BZPOPMAX", -3, 1, -2, 1, "write", "fast", "blocking");
        numkeys("BZMPOP", -5, 0, 2, "write", "blocking");
        numkeys("ZUNION", -3, 0, 1, "readonly");
        numkeys("ZINTER", -3, 0, 1, "readonly");
        numkeys("ZDIFF", -3, 0, 1, "readonly");
        numkeys("ZUNIONSTORE", -4, 1, 2, "write", "denyoom");
        numkeys("ZINTERSTORE", -4, 1, 2, "write", "denyoom");
        numkeys("ZDIFFSTORE", -4, 1, 2, "write", "denyoom");
        numkeys("ZINTERCARD", -3, 0, 1, "readonly");
    }

    /** Names of up to 7 letters packed into a long (see {@link #pack}), sorted, beside their specs: no allocation per lookup. */
    private static final long[] PACKED;
    private static final CommandSpec[] PACKED_SPECS;

    static {
        TreeMap<Long, CommandSpec> packed = new TreeMap<>();
        for (CommandSpec spec : COMMANDS.values()) {
            long key = pack(spec.name().getBytes(StandardCharsets.US_ASCII));
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

    private static CommandSpec spec(String name, int arity, List<String> flags, int firstKey, int lastKey, int step,
                                    int numkeysAt, Routing routing) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, step, numkeysAt, group, routing);
    }

    private static void connection(String name, int arity, List<String> flags) {
        add(spec(name, arity, flags, 0, 0, 0, 0, Routing.CONNECTION));
    }

    private static void key(String name, int arity, String... flags) {
        add(spec(name, arity, List.of(flags), 1, 1, 1, 0, Routing.SINGLE_KEY));
    }

    private static void sameSlot(String name, int arity, int firstKey, int lastKey, int step, String... flags) {
        add(spec(name, arity, List.of(flags), firstKey, lastKey, step, 0, Routing.SAME_SLOT));
    }

    /** A command whose keys follow a numkeys argument at {@code numkeysAt} (after a destination key at 1 when {@code destination} is 1). */
    private static void numkeys(String name, int arity, int destination, int numkeysAt, String... flags) {
        add(spec(name, arity, Arrays.asList(flags).contains("movablekeys") ? List.of(flags)
                        : concat(flags, "movablekeys"), destination, destination, destination, numkeysAt, Routing.SAME_SLOT));
    }

    private static List<String> concat(String[] flags, String more) {
        String[] all = Arrays.copyOf(flags, flags.length + 1);
        all[flags.length] = more;
        return List.of(all);
    }

    private static void add(CommandSpec spec) {
        COMMANDS.put(spec.name(), spec);
    }

    /** The spec of a command by its name in any case, or null. */
    public static CommandSpec find(byte[] name) {
        long packed = pack(name);
        if (packed >= 0) {
            int at = Arrays.binarySearch(PACKED, packed);
            return at >= 0 ? PACKED_SPECS[at] : null;
        }
        if (name.length > 16) {
            return null;
        }
        String text = new String(name, StandardCharsets.ISO_8859_1);
        CommandSpec spec = COMMANDS.get(text);
        return spec != null ? spec : COMMANDS.get(text.toUpperCase(Locale.ROOT));
    }

    public static Collection<CommandSpec> all() {
        return COMMANDS.values();
    }
}
