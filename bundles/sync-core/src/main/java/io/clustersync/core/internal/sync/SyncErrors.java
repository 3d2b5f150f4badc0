package io.clustersync.core.internal.sync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The most recent changes that could not be applied somewhere, with when (bounded). */
final class SyncErrors {

    static final int MAX = 100;
    private final Deque<String> entries = new ArrayDeque<>();

    synchronized void add(String error) {
        entries.addLast(Instant.now() + " " + error);
        while (entries.size() > MAX) {
            entries.removeFirst();
        }
    }

    synchronized List<String> list() {
        return List.copyOf(entries);
    }
}
