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
    Multi NIL_ARRAY = new Multi(null, Shape.ARRAY);
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

    /** How a RESP3 client sees an aggregate; a RESP2 client sees each as a flat array. */
    enum Shape {
        ARRAY,
        /** A RESP3 map ({@code %}) of alternating keys and values. */
        MAP,
        /** A RESP3 set ({@code ~}): SMEMBERS, SINTER, ... */
        SET,
        /** Alternating members and scores, which RESP3 nests as two-element arrays (ZRANGE ... WITHSCORES). */
        PAIRS,
        /** Out-of-band data, a RESP3 push ({@code >}): pub/sub messages and subscription confirmations. */
        PUSH,
        /** Several replies to one command, each written on its own (SUBSCRIBE a b answers twice); never nested. */
        REPLIES
    }

    /** An aggregate of replies, shaped as {@link Shape} says; null items is the nil array. */
    record Multi(List<Reply> items, Shape shape) implements Reply {

        public Multi(List<Reply> items, boolean map) {
            this(items, map ? Shape.MAP : Shape.ARRAY);
        }

        public boolean map() {
            return shape == Shape.MAP;
        }
    }

    /**
     * A floating-point number (a score), with the exact text Redis writes for it: a bulk string in RESP2, a RESP3
     * double ({@code ,}) otherwise.
     */
    record Real(String text) implements Reply {
    }

    /** Text meant for a person (INFO, CLIENT INFO): a bulk string in RESP2, a RESP3 verbatim string ({@code =txt:}). */
    record Verbatim(String text) implements Reply {
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
        return new Multi(items, Shape.ARRAY);
    }

    static Multi map(List<Reply> keysAndValues) {
        return new Multi(keysAndValues, Shape.MAP);
    }

    static Multi set(List<Reply> members) {
        return new Multi(members, Shape.SET);
    }

    static Multi push(List<Reply> items) {
        return new Multi(items, Shape.PUSH);
    }

    /** Several replies to one command, written one after the other. */
    static Multi replies(List<Reply> replies) {
        return new Multi(replies, Shape.REPLIES);
    }

    /** Alternating members and scores. */
    static Multi pairs(List<Reply> membersAndScores) {
        return new Multi(membersAndScores, Shape.PAIRS);
    }

    Err WRONGTYPE = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
    Err SYNTAX = new Err("ERR syntax error");
}
