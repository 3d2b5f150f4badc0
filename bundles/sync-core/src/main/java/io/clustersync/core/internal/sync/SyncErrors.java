package io.clustersync.core.internal.sync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The most recent changes that could not be applied somewhere, with when (bounded). */
final class SyncErrors {

    static final int MAX = 100;
    private final Deque<String> entries = new ArrayDeque<>();

    private final List<java.util.function.Consumer<io.clustersync.core.api.SyncEvent>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    void add(String error) {
        synchronized (this) {
            entries.addLast(Instant.now() + " " + error);
            while (entries.size() > MAX) {
                entries.removeFirst();
            }
        }
        event(io.clustersync.core.api.SyncEvent.ERROR, error);
    }

    /** Tells the listeners; a listener that fails does not keep the event from the others. */
    void event(String type, String message) {
        for (var listener : listeners) {
            try {
                listener.accept(new io.clustersync.core.api.SyncEvent(type, message));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SyncErrors.class).warn("sync event listener failed: {}", e.toString());
            }
        }
    }

    void addListener(java.util.function.Consumer<io.clustersync.core.api.SyncEvent> listener) {
        listeners.add(listener);
    }

    void removeListener(java.util.function.Consumer<io.clustersync.core.api.SyncEvent> listener) {
        listeners.remove(listener);
    }

    synchronized List<String> list() {
        return List.copyOf(entries);
    }
}
