package io.clustersync.proxy.internal.commands;

import java.util.List;

/**
 * What the proxy knows of a command: its arity (Redis's convention: {@code n} exactly, {@code -n} at least), where
 * its keys are, its flags for COMMAND, and how it is routed.
 */
public record CommandSpec(String name, int arity, List<String> flags, int firstKey, int lastKey, int step, Routing routing) {

    /** A command that changes data (Redis's {@code write} flag): refused on a read-only database. */
    public boolean writes() {
        return flags.contains("write");
    }

    /** How a command reaches the shards. */
    public enum Routing {
        /** Answered by the proxy itself (PING, AUTH, HELLO, ...). */
        CONNECTION,
        /** One key, at argument 1: to the shard owning its slot. */
        SINGLE_KEY,
        /** Keys from argument 1 on, split by shard; the arrays are joined in the order of the keys (MGET). */
        KEYS_ARRAY,
        /** Keys from argument 1 on, split by shard; the integers are added up (DEL, EXISTS, UNLINK). */
        KEYS_SUM,
        /** Key-value pairs from argument 1 on, split by shard; OK when every shard said OK (MSET). */
        PAIRS_OK,
        /** Sent to every shard; the integers are added up (DBSIZE). */
        ALL_SUM,
        /** Sent to every shard; OK when every shard said OK (FLUSHDB). */
        ALL_OK,
        /** Sent to every shard; the arrays are joined (KEYS). */
        ALL_ARRAY,
        /** SCAN over the shards in slot order. */
        SCAN
    }

    public boolean arityMatches(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
