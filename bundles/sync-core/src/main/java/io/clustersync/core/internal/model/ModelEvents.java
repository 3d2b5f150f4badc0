package io.clustersync.core.internal.model;

import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands each committed model change to every {@link ModelListener}; one listener's failure is logged and
 * does not keep the change from the others.
 */
final class ModelEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ModelEvents.class);
    private final List<ModelListener> listeners = new CopyOnWriteArrayList<>();

    void add(ModelListener listener) {
        listeners.add(listener);
    }

    void remove(ModelListener listener) {
        listeners.remove(listener);
    }

    void publish(ModelChange change) {
        LOG.debug("model change {}", change);
        for (ModelListener listener : listeners) {
            try {
                listener.modelChanged(change);
            } catch (RuntimeException e) {
                LOG.error("model listener {} failed on {} of {}: {}", listener.getClass().getName(), change.kind(),
                        change.database() == null ? change.attribute() : change.database().ref(), e.toString(), e);
            }
        }
    }
}
