package io.clustersync.core.internal.crdt;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * A map from instance id (1 to 255) to a value, in id order, held in an array indexed by id: the few instances
 * of an Active-Active database cost a slot each, not a tree node each (a key of a large database holds several of
 * these maps). The array is made at the first put.
 */
final class InstanceMap<V> extends AbstractMap<Integer, V> {

    private Object[] slots;
    private int size;

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (!(key instanceof Integer id) || slots == null || id < 0 || id >= slots.length) {
            return null;
        }
        return (V) slots[id];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(Integer id, V value) {
        if (value == null) {
            throw new NullPointerException("a null value for instance " + id);
        }
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("an instance id is 1 to 255, not " + id);
        }
        if (slots == null) {
            slots = new Object[Math.max(id + 1, 4)];
        } else if (id >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(id + 1, slots.length * 2));
        }
        V was = (V) slots[id];
        slots[id] = value;
        if (was == null) {
            size++;
        }
        return was;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        V was = get(key);
        if (was != null) {
            slots[(Integer) key] = null;
            size--;
        }
        return was;
    }

    @Override
    public void clear() {
        if (slots != null) {
            Arrays.fill(slots, null);
        }
        size = 0;
    }

    /** Copies another instance map array to array; any other map entry by entry. */
    @Override
    public void putAll(Map<? extends Integer, ? extends V> other) {
        if (!(other instanceof InstanceMap<?> same) || size != 0 || same.slots == null) {
            super.putAll(other);
            return;
        }
        slots = same.slots.clone();
        size = same.size;
    }

    /** The values in id order, read straight from the array (no entry objects): the maps are walked on every write. */
    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Iterator<V> iterator() {
                return new Slots<>(at -> (V) slots[at]);
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super Integer, ? super V> action) {
        if (slots == null) {
            return;
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                action.accept(i, (V) slots[i]);
            }
        }
    }

    @Override
    public Set<Entry<Integer, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Iterator<Entry<Integer, V>> iterator() {
                return new Slots<>(at -> new SimpleImmutableEntry<>(at, (V) slots[at]));
            }
        };
    }

    /** Walks the filled slots in id order, answering {@code element} of each; removal empties the slot. */
    private final class Slots<T> implements Iterator<T> {
        private final IntFunction<T> element;
        private int next = advance(0);
        private int last = -1;

        Slots(IntFunction<T> element) {
            this.element = element;
        }

        private int advance(int from) {
            int at = from;
            while (slots != null && at < slots.length && slots[at] == null) {
                at++;
            }
            return at;
        }

        @Override
        public boolean hasNext() {
            return slots != null && next < slots.length;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = next;
            next = advance(next + 1);
            return element.apply(last);
        }

        @Override
        public void remove() {
            if (last < 0 || slots[last] == null) {
                throw new IllegalStateException();
            }
            slots[last] = null;
            size--;
        }
    }
}
