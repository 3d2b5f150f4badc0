package io.clustersync.proxy.internal.commands;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy knows of a command: its arity (Redis's convention: {@code n} exactly, {@code -n} at least), where
 * its keys are, its flags and group for COMMAND, and how it is routed.
 *
 * <p>Keys are at {@code firstKey..lastKey} by {@code step} ({@code lastKey} negative counts from the end, as in
 * Redis's COMMAND), plus, when {@code numkeysAt} is not 0, the {@code numkeys} keys that follow the argument at
 * {@code numkeysAt} (ZUNIONSTORE, LMPOP, EVAL, ...).
 */
public record CommandSpec(String name, int arity, List<String> flags, int firstKey, int lastKey, int step,
                          int numkeysAt, String group, Routing routing) {

    public CommandSpec(String name, int arity, List<String> flags, int firstKey, int lastKey, int step, Routing routing) {
        this(name, arity, flags, firstKey, lastKey, step, 0, "generic", routing);
    }

    /** A command that changes data (Redis's {@code write} flag): refused on a read-only database. */
    public boolean writes() {
        return flags.contains("write");
    }

    /** How a command reaches the shards. */
    public enum Routing {
        /** Answered by the proxy itself (PING, AUTH, HELLO, ...). */
        CONNECTION,
        /** One key, at argument {@code firstKey}: to the shard owning its slot. */
        SINGLE_KEY,
        /** Several keys that must hash to one slot (else CROSSSLOT, as Redis Cluster): to the shard owning it. */
        SAME_SLOT,
        /** Keys from argument 1 on, split by shard; the arrays are joined in the order of the keys (MGET). */
        KEYS_ARRAY,
        /** Keys from argument 1 on, split by shard; the integers are added up (DEL, EXISTS, UNLINK, TOUCH). */
        KEYS_SUM,
        /** Key-value pairs from argument 1 on, split by shard; OK when every shard said OK (MSET). */
        PAIRS_OK,
        /** Sent to every shard; the integers are added up (DBSIZE). */
        ALL_SUM,
        /** Sent to every shard; OK when every shard said OK (FLUSHDB). */
        ALL_OK,
        /** Sent to every shard; the arrays are joined (KEYS). */
        ALL_ARRAY,
        /** Sent to the shards in a random order until one answers something else than nil (RANDOMKEY). */
        ANY,
        /** SCAN over the shards in slot order. */
        SCAN,
        /** SCRIPT LOAD, EXISTS, FLUSH: every shard keeps its own script cache. */
        SCRIPT
    }

    public boolean arityMatches(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /**
     * The keys of this call of the command, or null when its numkeys argument is not a count of the arguments
     * there are (the shard then answers Redis's error for it).
     */
    public List<byte[]> keys(byte[][] args) {
        List<byte[]> keys = new ArrayList<>();
        if (firstKey > 0) {
            int last = lastKey < 0 ? args.length + lastKey : Math.min(lastKey, args.length - 1);
            for (int i = firstKey; i <= last; i += step) {
                keys.add(args[i]);
            }
        }
        if (numkeysAt > 0) {
            if (numkeysAt >= args.length) {
                return null;
            }
            long numkeys;
            try {
                numkeys = Long.parseLong(new String(args[numkeysAt], StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return null;
            }
            if (numkeys < 1 || numkeys > args.length - numkeysAt - 1) {
                return null;
            }
            for (int i = 0; i < numkeys; i++) {
                keys.add(args[numkeysAt + 1 + i]);
            }
        }
        return keys;
    }
}
