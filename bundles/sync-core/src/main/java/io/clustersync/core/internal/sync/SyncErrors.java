package io.clustersync.core.internal.sync;

import io.clustersync.core.api.SyncEvent;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The most recent changes that could not be applied somewhere, with when (bounded). */
final class SyncErrors {

    static final int MAX = 100;
    private final Deque<String> entries = new ArrayDeque<>();

    private final List<Consumer<SyncEvent>> listeners =
            new CopyOnWriteArrayList<>();

    void add(String error) {
        synchronized (this) {
            entries.addLast(Instant.now() + " " + error);
            while (entries.size() > MAX) {
                entries.removeFirst();
            }
        }
        event(SyncEvent.ERROR, error);
    }

    /** Tells the listeners; a listener that fails does not keep the event from the others. */
    void event(String type, String message) {
        for (var listener : listeners) {
            try {
                listener.accept(new SyncEvent(type, message));
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(SyncErrors.class).warn("sync event listener failed: {}", e.toString());
            }
        }
    }

    void addListener(Consumer<SyncEvent> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<SyncEvent> listener) {
        listeners.remove(listener);
    }

    synchronized List<String> list() {
        return List.copyOf(entries);
    }
}
