package io.clustersync.core.internal.fullsync;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot written once and read by every secondary that needs it, as it is written: the compressed stream cut
 * into chunks of {@code chunkBytes}, each sent as one bus frame. A reader waits for the next chunk, and learns that
 * there is none more, or that writing failed and why.
 */
public final class SnapshotChunks extends OutputStream {

    private final int chunkBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int filled;
    private boolean closed;
    private String failure;

    public SnapshotChunks(int chunkBytes) {
        this.chunkBytes = chunkBytes;
        this.current = new byte[chunkBytes];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the snapshot is closed");
        }
        while (len > 0) {
            int n = Math.min(len, chunkBytes - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunkBytes) {
                publish();
            }
        }
    }

    private void publish() {
        chunks.add(filled == current.length ? current : Arrays.copyOf(current, filled));
        current = new byte[chunkBytes];
        filled = 0;
        notifyAll();
    }

    /** The last chunk is out: readers see the end after it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (filled > 0) {
            publish();
        }
        closed = true;
        notifyAll();
    }

    /** Writing failed: readers waiting or to come learn why instead of the chunks after the last one written. */
    public synchronized void fail(String reason) {
        failure = reason;
        closed = true;
        notifyAll();
    }

    /**
     * Chunk {@code index}, waiting up to {@code timeoutMs} for it; null when the snapshot ended before it.
     * Writing that failed, or took too long, is an {@link IllegalStateException} naming why.
     */
    public synchronized byte[] chunk(int index, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (index >= chunks.size() && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException("the snapshot's chunk " + (index + 1) + " was not written within " + timeoutMs + " ms");
            }
            wait(left);
        }
        if (failure != null) {
            throw new IllegalStateException("the snapshot could not be written: " + failure);
        }
        return index < chunks.size() ? chunks.get(index) : null;
    }

    /** The compressed bytes written so far. */
    public synchronized long bytes() {
        return chunks.stream().mapToLong(c -> c.length).sum() + filled;
    }
}
