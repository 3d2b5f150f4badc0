package io.clustersync.core.api;

/**
 * Whiteboard service: every registered listener is told of each committed model change, in commit order,
 * on the thread that committed it. A listener that throws is logged and does not stop the others.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ModelListener {

    void modelChanged(ModelChange change);
}
