package io.clustersync.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a node's pub/sub requests are answered: the proxy endpoints register one with the {@link DataPlane}, which
 * hands it every request for a database, from this node or from another over the cluster bus, in the order they
 * were made on each node.
 */
@ConsumerType
public interface PubSubSink {

    /** Answers the request for this node's subscribers (delivering the message when it is one). Never throws. */
    Reply answer(PubSubRequest request);
}
