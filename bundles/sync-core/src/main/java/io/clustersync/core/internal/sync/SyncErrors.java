package io.clustersync.core.internal.sync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The most recent changes that could not be applied somewhere, with when (bounded). */
final class SyncErrors {

    static final int MAX = 100;
    private final Deque<String> entries = new ArrayDeque<>();

    private final List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    void add(String error) {
        synchronized (this) {
            entries.addLast(Instant.now() + " " + error);
            while (entries.size() > MAX) {
                entries.removeFirst();
            }
        }
        for (java.util.function.Consumer<String> listener : listeners) {
            listener.accept(error);
        }
    }

    void addListener(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    void removeListener(java.util.function.Consumer<String> listener) {
        listeners.remove(listener);
    }

    synchronized List<String> list() {
        return List.copyOf(entries);
    }
}
