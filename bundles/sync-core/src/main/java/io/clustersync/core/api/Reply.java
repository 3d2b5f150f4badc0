package io.clustersync.core.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answer to a data command, independent of the wire: shard stores produce it, the cluster bus carries it
 * between nodes and the proxy endpoints encode it in RESP2 or RESP3.
 */
public sealed interface Reply {

    Simple OK = new Simple("OK");
    Simple PONG = new Simple("PONG");
    Bulk NIL = new Bulk(null);
    Multi NIL_ARRAY = new Multi(null, false);
    Int ZERO = new Int(0);
    Int ONE = new Int(1);

    /** A status line such as {@code +OK}. */
    record Simple(String text) implements Reply {
    }

    /** An error; {@code message} starts with its code, e.g. {@code ERR ...}, {@code WRONGTYPE ...}. */
    record Err(String message) implements Reply {
    }

    record Int(long value) implements Reply {
    }

    /** A bulk string; null is the nil reply. */
    record Bulk(byte[] value) implements Reply {
    }

    /** An array (or, with {@code map}, a RESP3 map of alternating keys and values); null items is the nil array. */
    record Multi(List<Reply> items, boolean map) implements Reply {
    }

    static Int integer(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : new Int(value);
    }

    static Bulk bulk(String text) {
        return new Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    static Err error(String message) {
        return new Err(message);
    }

    static Multi array(List<Reply> items) {
        return new Multi(items, false);
    }

    static Multi map(List<Reply> keysAndValues) {
        return new Multi(keysAndValues, true);
    }

    Err WRONGTYPE = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    Err SYNTAX = new Err("ERR syntax error");
}
