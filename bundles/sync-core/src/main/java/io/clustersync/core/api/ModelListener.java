package io.clustersync.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: every registered listener is told of each committed model change, in commit order,
 * on the thread that committed it. A listener that throws is logged and does not stop the others.
 */
@ConsumerType
public interface ModelListener {

    void modelChanged(ModelChange change);
}
