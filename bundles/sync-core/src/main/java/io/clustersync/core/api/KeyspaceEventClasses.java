package io.clustersync.core.api;

/**
 * Redis's keyspace notification classes ({@code notify-keyspace-events}) as bits, read from and written as Redis's
 * letters: the cluster parameter {@value #PARAMETER} holds them, the shards notify by them, CONFIG GET answers them.
 */
public final class KeyspaceEventClasses {

    /** The cluster parameter holding the classes, in Redis's letters. */
    public static final String PARAMETER = "notify_keyspace_events";

    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 13;
    public static final int NEW = 1 << 14;
    /** Redis's 'A': every class but key misses and new keys. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    private static final String LETTERS = "g$lshzxetdn";
    private static final int[] CLASSES = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM, MODULE, NEW};

    private KeyspaceEventClasses() {
    }

    /** Redis's {@code keyspaceEventsStringToFlags}: the classes in {@code letters}, or -1 for a letter it does not know. */
    public static int parse(String letters) {
        int parsed = 0;
        for (char c : letters.toCharArray()) {
            int at = LETTERS.indexOf(c);
            if (at >= 0) {
                parsed |= CLASSES[at];
            } else if (c == 'A') {
                parsed |= ALL;
            } else if (c == 'K') {
                parsed |= KEYSPACE;
            } else if (c == 'E') {
                parsed |= KEYEVENT;
            } else if (c == 'm') {
                parsed |= KEY_MISS;
            } else {
                return -1;
            }
        }
        return parsed;
    }

    /** Redis's {@code keyspaceEventsFlagsToString}, as CONFIG GET answers: "AKE" for "KEA". */
    public static String format(int flags) {
        StringBuilder out = new StringBuilder();
        if ((flags & ALL) == ALL) {
            out.append('A');
        } else {
            for (int i = 0; i < CLASSES.length; i++) {
                if ((flags & CLASSES[i]) != 0) {
                    out.append(LETTERS.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            out.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            out.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            out.append('m');
        }
        return out.toString();
    }
}
