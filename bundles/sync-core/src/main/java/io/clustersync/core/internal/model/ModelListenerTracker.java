package io.clustersync.core.internal.model;

import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * The {@link ModelListener} services, followed as a whiteboard: each is taken from the service registry the first
 * time a change is handed to it, not while the model starts. The listeners are components that use the model
 * themselves (the data plane, the proxies, the replication controller); binding them while the model was being
 * activated made the component runtime report a circular reference at every start.
 */
final class ModelListenerTracker implements ServiceTrackerCustomizer<ModelListener, ModelListener> {

    /** A listener service, got from the registry at its first change. */
    private static final class Lazy implements ModelListener {
        private final BundleContext context;
        private final ServiceReference<ModelListener> reference;
        private volatile ModelListener service;

        Lazy(BundleContext context, ServiceReference<ModelListener> reference) {
            this.context = context;
            this.reference = reference;
        }

        @Override
        public void modelChanged(ModelChange change) {
            ModelListener current = service;
            if (current == null) {
                current = context.getService(reference);
                service = current;
            }
            if (current != null) {
                current.modelChanged(change);
            }
        }

        void release() {
            if (service != null) {
                service = null;
                try {
                    context.ungetService(reference);
                } catch (IllegalStateException stopping) {
                    // the bundle is stopping: the registry releases it
                }
            }
        }
    }

    private final BundleContext context;
    private final ModelEvents events;
    private final ServiceTracker<ModelListener, ModelListener> tracker;

    ModelListenerTracker(BundleContext context, ModelEvents events) {
        this.context = context;
        this.events = events;
        this.tracker = new ServiceTracker<>(context, ModelListener.class, this);
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
    }

    @Override
    public ModelListener addingService(ServiceReference<ModelListener> reference) {
        Lazy listener = new Lazy(context, reference);
        events.add(listener);
        return listener;
    }

    @Override
    public void modifiedService(ServiceReference<ModelListener> reference, ModelListener listener) {
    }

    @Override
    public void removedService(ServiceReference<ModelListener> reference, ModelListener listener) {
        events.remove(listener);
        ((Lazy) listener).release();
    }
}
