package io.clustersync.core.internal.sync;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parts of a Synchronize All snapshot as they arrive from the primary, read as one stream by the switch-over
 * on another thread. A part out of order, or none for {@code idleMs} (the primary stopped, the link went down),
 * makes the stream fail, which rolls the switch-over back.
 */
final class SnapshotInbox extends InputStream {

    private static final byte[] GONE = new byte[0];

    final String jobId;
    private final long idleMs;
    private final BlockingQueue<byte[]> parts = new LinkedBlockingQueue<>();
    private volatile int expected;
    private volatile String failure;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;
    private long bytes;

    SnapshotInbox(String jobId, long idleMs) {
        this.jobId = jobId;
        this.idleMs = idleMs;
    }

    /** Takes part {@code index} (on the bus's thread); one out of order fails the stream. */
    void offer(SyncFrames.SnapshotPart part) {
        if (part.index() != expected) {
            fail("part " + (part.index() + 1) + " of the snapshot of job " + jobId + " came after part " + expected);
            return;
        }
        expected++;
        parts.add(part.data());
        if (part.last()) {
            parts.add(GONE);
        }
    }

    /** The stream fails at its next read with this reason. */
    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        parts.add(GONE);
    }

    /** The compressed bytes taken so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            byte[] next;
            try {
                next = parts.poll(idleMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the snapshot of job " + jobId);
            }
            if (next == null) {
                throw new IOException("no part of the snapshot of job " + jobId + " came for " + idleMs + " ms (after "
                        + expected + " part(s))");
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            if (next == GONE) {
                ended = true;
                return -1;
            }
            current = next;
            position = 0;
            bytes += next.length;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
