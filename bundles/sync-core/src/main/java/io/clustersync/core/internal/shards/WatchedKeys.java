package io.clustersync.core.internal.shards;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys of one shard that clients WATCH, each with a version that every write of the key moves on (a write of
 * the database through any proxy, a replicated write, an expiry, a FLUSHDB). A transaction runs only when the
 * versions it read at WATCH are still current. Only watched keys are tracked: a key nobody watches costs nothing.
 */
final class WatchedKeys {

    private static final byte[] FLUSHDB = ShardStore.bytes("FLUSHDB");
    private static final byte[] FLUSHALL = ShardStore.bytes("FLUSHALL");
    private static final List<String> TWO_KEYS = List.of("RENAME", "LMOVE", "SMOVE");

    /** [version, watchers] per key. */
    private final Map<Key, long[]> watched = new HashMap<>();

    /** Registers one more watcher of the key; answers its current version. */
    long watch(Key key) {
        long[] entry = watched.computeIfAbsent(key, k -> new long[2]);
        entry[1]++;
        return entry[0];
    }

    void unwatch(Key key) {
        long[] entry = watched.get(key);
        if (entry != null && --entry[1] <= 0) {
            watched.remove(key);
        }
    }

    /** The key's version, or -1 when nobody watches it (then it cannot be compared: the transaction is refused). */
    long version(Key key) {
        long[] entry = watched.get(key);
        return entry == null ? -1 : entry[0];
    }

    /** Moves on the versions of the watched keys a recorded write changes. */
    void written(byte[][] write) {
        if (watched.isEmpty() || write.length == 0) {
            return;
        }
        byte[] name = write[0];
        if (Arguments.is(name, "FLUSHDB") || Arguments.is(name, "FLUSHALL") || Arrays.equals(name, FLUSHDB)
                || Arrays.equals(name, FLUSHALL) || Arguments.is(name, "CSYNC.FLUSHSLOTS")) {
            watched.values().forEach(entry -> entry[0]++);
            return;
        }
        if (Arrays.equals(name, ShardStore.EFFECTS)) {
            for (int at = 1; at < write.length; ) {
                int words = (int) Arguments.integer(write[at]);
                written(Arrays.copyOfRange(write, at + 1, at + 1 + words));
                at += 1 + words;
            }
            return;
        }
        String command = Arguments.text(name).toUpperCase(Locale.ROOT);
        if (command.equals("DEL") || command.equals("UNLINK")) {
            for (int i = 1; i < write.length; i++) {
                bump(write[i]);
            }
        } else if (command.equals("MSET")) {
            for (int i = 1; i < write.length; i += 2) {
                bump(write[i]);
            }
        } else if (command.equals("COPY") && write.length > 2) {
            bump(write[2]); // the source is only read
        } else if (TWO_KEYS.contains(command) && write.length > 2) {
            bump(write[1]);
            bump(write[2]);
        } else if (write.length > 1) {
            bump(write[1]);
        }
    }

    private void bump(byte[] key) {
        long[] entry = watched.get(new Key(key));
        if (entry != null) {
            entry[0]++;
        }
    }
}
