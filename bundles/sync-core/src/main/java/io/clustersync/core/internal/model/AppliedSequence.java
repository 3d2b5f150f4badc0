package io.clustersync.core.internal.model;

import io.clustersync.core.api.ModelException;

import java.util.function.LongSupplier;

/**
 * Lets an operator's call on a secondary wait until the change the primary accepted for it has been applied
 * here, so that the call returns only once its result can be read on this node.
 */
final class AppliedSequence {

    private final Object signal = new Object();

    void signal() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    void await(long seq, long timeoutMs, LongSupplier applied) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (signal) {
            while (applied.getAsLong() < seq) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new ModelException("the primary accepted the change as sequence " + seq + ", but it has not"
                            + " been applied on this node within " + timeoutMs + " ms; see 'clustersync-admin sync status'");
                }
                try {
                    signal.wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelException("interrupted while waiting for change " + seq + " to be applied here");
                }
            }
        }
    }
}
