package io.clustersync.core.internal.shards;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The deadlines of a shard's keys that have a time to live, with O(1) random sampling for active expiry (as
 * Redis samples a few keys with a TTL at a time rather than scanning them all).
 */
final class ExpiryIndex {

    private final Map<Key, long[]> deadlines = new HashMap<>();
    private final List<Key> keys = new ArrayList<>();

    /** The deadline (epoch millis) of the key, or -1 when it has none. */
    long deadline(Key key) {
        if (keys.isEmpty()) {
            return -1;
        }
        long[] entry = deadlines.get(key);
        return entry == null ? -1 : entry[0];
    }

    void set(Key key, long deadlineMs) {
        long[] entry = deadlines.get(key);
        if (entry != null) {
            entry[0] = deadlineMs;
            return;
        }
        deadlines.put(key, new long[] {deadlineMs, keys.size()});
        keys.add(key);
    }

    boolean remove(Key key) {
        if (keys.isEmpty()) {
            return false;
        }
        long[] entry = deadlines.remove(key);
        if (entry == null) {
            return false;
        }
        int position = (int) entry[1];
        Key last = keys.remove(keys.size() - 1);
        if (position < keys.size()) {
            keys.set(position, last);
            deadlines.get(last)[1] = position;
        }
        return true;
    }

    int size() {
        return keys.size();
    }

    /** Up to {@code count} keys with a deadline, picked at random (repeats possible). */
    List<Key> sample(int count) {
        List<Key> picked = new ArrayList<>(Math.min(count, keys.size()));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count && !keys.isEmpty(); i++) {
            picked.add(keys.get(random.nextInt(keys.size())));
        }
        return picked;
    }

    void clear() {
        deadlines.clear();
        keys.clear();
    }
}
