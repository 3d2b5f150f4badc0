package io.clustersync.core.internal.crdt;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map by name that holds its first entry in two fields and makes a hash map only for a second one: a string key
 * is one field, many hashes and sets are small, and a key of a large database holds one of these per part.
 */
final class SmallMap<V> extends AbstractMap<String, V> {

    private String soleKey;
    private V soleValue;
    /** Every entry, once there were two at a time; then the sole fields are unused. */
    private HashMap<String, V> many;

    @Override
    public int size() {
        return many != null ? many.size() : soleKey == null ? 0 : 1;
    }

    @Override
    public V get(Object key) {
        if (many != null) {
            return many.get(key);
        }
        return soleKey != null && soleKey.equals(key) ? soleValue : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public V put(String key, V value) {
        if (many != null) {
            return many.put(key, value);
        }
        if (soleKey == null || soleKey.equals(key)) {
            V was = soleValue;
            soleKey = key;
            soleValue = value;
            return was;
        }
        many = new HashMap<>(4);
        many.put(soleKey, soleValue);
        soleKey = null;
        soleValue = null;
        return many.put(key, value);
    }

    @Override
    public V remove(Object key) {
        if (many != null) {
            return many.remove(key);
        }
        if (soleKey != null && soleKey.equals(key)) {
            V was = soleValue;
            soleKey = null;
            soleValue = null;
            return was;
        }
        return null;
    }

    @Override
    public void clear() {
        many = null;
        soleKey = null;
        soleValue = null;
    }

    /** The values, without an entry set: the maps are walked on every write and merge (read only; remove through entrySet). */
    @Override
    public Collection<V> values() {
        if (many != null) {
            return many.values();
        }
        return soleKey == null ? List.of() : List.of(soleValue);
    }

    /** The key of the one entry when there is exactly one, held in the sole fields (no entry set made); else null. */
    String soleKey() {
        return many == null ? soleKey : null;
    }

    V soleValue() {
        return many == null ? soleValue : null;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        if (many != null) {
            return many.entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public int size() {
                return soleKey == null ? 0 : 1;
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private boolean given = soleKey == null;
                    private boolean removable;

                    @Override
                    public boolean hasNext() {
                        return !given;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (given) {
                            throw new NoSuchElementException();
                        }
                        given = true;
                        removable = true;
                        return new SimpleEntry<>(soleKey, soleValue) {
                            @Override
                            public V setValue(V value) {
                                soleValue = value;
                                return super.setValue(value);
                            }
                        };
                    }

                    @Override
                    public void remove() {
                        if (!removable) {
                            throw new IllegalStateException();
                        }
                        removable = false;
                        soleKey = null;
                        soleValue = null;
                    }
                };
            }
        };
    }
}
