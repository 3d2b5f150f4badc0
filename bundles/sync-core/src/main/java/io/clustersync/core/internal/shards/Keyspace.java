package io.clustersync.core.internal.shards;

import io.clustersync.core.api.HashSlot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * The keys of one shard, kept in one map per hash slot of the shard's range, so that SCAN can walk the keyspace
 * slot by slot with a cursor that stays valid while keys come and go. A value is a {@code byte[]} (a string)
 * or a {@code Map<Key, byte[]>} (a hash). Expiry is the caller's business; this class only stores.
 */
final class Keyspace {

    private final int firstSlot;
    private final int lastSlot;
    private final Map<Key, Object>[] slots;
    private long size;

    @SuppressWarnings("unchecked")
    Keyspace(int firstSlot, int lastSlot) {
        this.firstSlot = firstSlot;
        this.lastSlot = lastSlot;
        this.slots = new Map[lastSlot - firstSlot + 1];
    }

    int firstSlot() {
        return firstSlot;
    }

    int lastSlot() {
        return lastSlot;
    }

    boolean ownsSlot(int slot) {
        return slot >= firstSlot && slot <= lastSlot;
    }

    Object get(Key key) {
        Map<Key, Object> slot = slots[index(key)];
        return slot == null ? null : slot.get(key);
    }

    /** Puts the value; answers true when the key is new. */
    boolean put(Key key, Object value) {
        int index = index(key);
        Map<Key, Object> slot = slots[index];
        if (slot == null) {
            slot = new HashMap<>();
            slots[index] = slot;
        }
        if (slot.put(key, value) == null) {
            size++;
            return true;
        }
        return false;
    }

    Object remove(Key key) {
        Map<Key, Object> slot = slots[index(key)];
        Object was = slot == null ? null : slot.remove(key);
        if (was != null) {
            size--;
        }
        return was;
    }

    long size() {
        return size;
    }

    void clear() {
        Arrays.fill(slots, null);
        size = 0;
    }

    void forEach(BiConsumer<Key, Object> action) {
        for (Map<Key, Object> slot : slots) {
            if (slot != null) {
                slot.forEach(action);
            }
        }
    }

    /** A key picked at random (a random non-empty slot, then a random key of it), or null when there is none. */
    Key random() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int start = random.nextInt(slots.length);
        for (int i = 0; i < slots.length; i++) {
            Map<Key, Object> slot = slots[(start + i) % slots.length];
            if (slot != null && !slot.isEmpty()) {
                int pick = random.nextInt(slot.size());
                for (Key key : slot.keySet()) {
                    if (pick-- == 0) {
                        return key;
                    }
                }
            }
        }
        return null;
    }

    /** The keys of one slot of this shard's range (a copy). */
    List<Key> keysOfSlot(int slot) {
        Map<Key, Object> map = slots[slot - firstSlot];
        return map == null ? List.of() : new ArrayList<>(map.keySet());
    }

    private int index(Key key) {
        int slot = HashSlot.of(key.bytes);
        if (slot < firstSlot || slot > lastSlot) {
            throw new WrongSlotException(key, slot, firstSlot, lastSlot);
        }
        return slot - firstSlot;
    }

    /** A key that hashes outside the shard's slots: a routing fault of the caller, answered as an error. */
    static final class WrongSlotException extends RuntimeException {
        WrongSlotException(Key key, int slot, int first, int last) {
            super("key '" + key + "' hashes to slot " + slot + ", outside this shard's slots " + first + "-" + last);
        }
    }
}
