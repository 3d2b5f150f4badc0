package io.clustersync.core.internal;

import java.util.List;

/**
 * The cluster model as the configuration sync component sees it: what this node has applied, the primary's
 * change log, applying a change shipped by the primary, and running a change forwarded by a secondary.
 */
public interface ModelReplica {

    /** The sequence number of the last change applied here (on the primary: the last one it ordered). */
    long appliedSeq();

    /** The primary's log after {@code seq}, in order, at most {@code limit} entries. */
    List<byte[]> logAfter(long seq, int limit);

    /**
     * Applies change {@code seq} shipped by the primary: a change at or below {@link #appliedSeq()} is ignored
     * (applying is idempotent by sequence); a gap is refused. Returns false if ignored.
     */
    boolean apply(long seq, byte[] payload);

    /** Runs a forwarded change on the primary; returns the sequence number and the id it created, if any. */
    ReplicationSink.Forwarded execute(Mutation mutation);

    /** True when this node is the primary. */
    boolean isPrimary();
}
