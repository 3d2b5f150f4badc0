package io.clustersync.core.internal.shards;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The persistent store of one shard: an append-only file of its writes, each with its offset and a CRC, after a
 * header naming the replication id and the offset the file starts from. A rewrite replaces the file by the
 * shard's current contents (records at the base offset) so that it does not grow without end.
 *
 * <p>Writes are appended to a memory buffer under the shard's lock; {@link #flush()} hands the buffer to the
 * operating system (every 50 ms, and at once when it passes 1 MB), {@link #sync()} forces it to the disk
 * (every second). So kill -9 of the node loses at most the last 50 ms of acknowledged writes, and a crash of
 * the machine at most the last second or so.
 */
final class ShardLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardLog.class);
    private static final byte[] MAGIC = "CSSHARD1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 40 + 8;
    private static final int FLUSH_AT_BYTES = 1 << 20;
    /** A record larger than this is taken for garbage when reading. */
    private static final int MAX_RECORD_BYTES = 1 << 30;

    /** What replaying a file gives each record to. */
    interface Replay {
        void record(long offset, byte[][] args);
    }

    /** What a file held: its replication id, base offset, last offset and the length of its good part. */
    record Loaded(String replicationId, long baseOffset, long lastOffset, long records) {
    }

    private final Path file;
    private FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final CRC32 crc = new CRC32();
    private long size;

    private ShardLog(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    Path file() {
        return file;
    }

    /** Bytes on disk and in the buffer. */
    synchronized long size() {
        return size + buffer.position();
    }

    /** Creates a new, empty file (replacing any) for a fresh shard. */
    static ShardLog create(Path file, String replicationId, long baseOffset) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(header(replicationId, baseOffset));
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return open(file);
    }

    private static ShardLog open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long size = channel.size();
        channel.position(size);
        return new ShardLog(file, channel, size);
    }

    /**
     * Reads the file, giving every intact record to {@code replay}, then opens it for appending. A torn or
     * damaged tail (a node killed while writing) is moved to {@code <file>.damaged-<byte>} and cut off, with a
     * warning that names where; everything before it is kept.
     */
    static ShardLog load(Path file, Replay replay, Loaded[] loaded) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < HEADER_BYTES || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("shard store " + file + " is not a clustersync shard file (bad header); move it away"
                    + " to start the shard empty");
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        in.position(MAGIC.length);
        byte[] id = new byte[40];
        in.get(id);
        long baseOffset = in.getLong();
        long lastOffset = baseOffset;
        long records = 0;
        CRC32 crc = new CRC32();
        String problem = null;
        while (in.remaining() > 0) {
            int start = in.position();
            if (in.remaining() < 8) {
                problem = "a record header cut short";
                break;
            }
            int length = in.getInt();
            int expected = in.getInt();
            if (length < 12 || length > MAX_RECORD_BYTES || length > in.remaining()) {
                problem = length > in.remaining() && length <= MAX_RECORD_BYTES ? "a record cut short" : "a bad record length " + length;
                in.position(start);
                break;
            }
            crc.reset();
            crc.update(all, in.position(), length);
            if ((int) crc.getValue() != expected) {
                problem = "a record whose checksum does not match";
                in.position(start);
                break;
            }
            long offset = in.getLong();
            int argc = in.getInt();
            byte[][] args = new byte[argc][];
            for (int i = 0; i < argc; i++) {
                args[i] = new byte[in.getInt()];
                in.get(args[i]);
            }
            replay.record(offset, args);
            lastOffset = Math.max(lastOffset, offset);
            records++;
        }
        int good = in.position();
        if (problem != null) {
            Path damaged = file.resolveSibling(file.getFileName() + ".damaged-" + good);
            Files.write(damaged, Arrays.copyOfRange(all, good, all.length));
            try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
                cut.truncate(good);
                cut.force(true);
            }
            LOG.warn("shard store {}: {} at byte {} (the node was probably killed while writing); kept {} writes up to"
                    + " offset {}, moved the {} bytes after it to {}", file, problem, good, records, lastOffset,
                    all.length - good, damaged);
        }
        loaded[0] = new Loaded(new String(id, StandardCharsets.US_ASCII), baseOffset, lastOffset, records);
        return open(file);
    }

    /** Appends one write (called under the shard's lock). */
    synchronized void append(long offset, byte[][] args) {
        int length = 12;
        for (byte[] arg : args) {
            length += 4 + arg.length;
        }
        ensure(8 + length);
        int start = buffer.position();
        buffer.putInt(length).putInt(0).putLong(offset).putInt(args.length);
        for (byte[] arg : args) {
            buffer.putInt(arg.length).put(arg);
        }
        crc.reset();
        crc.update(buffer.array(), start + 8, length);
        buffer.putInt(start + 4, (int) crc.getValue());
        if (buffer.position() >= FLUSH_AT_BYTES) {
            flush();
        }
    }

    private void ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    /** Hands buffered writes to the operating system. */
    synchronized void flush() {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                size += channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write shard store " + file + ": " + e.getMessage(), e);
        } finally {
            buffer.clear();
        }
    }

    /** Forces written bytes to the disk. */
    void sync() throws IOException {
        FileChannel current;
        synchronized (this) {
            current = channel;
        }
        current.force(false);
    }

    /**
     * Replaces the file by a new one starting at {@code baseOffset}, written by {@code contents} (called under the
     * shard's lock, so the contents and the offset agree).
     */
    synchronized void rewrite(String replicationId, long baseOffset, Consumer<ShardLog> contents) throws IOException {
        flush();
        Path temporary = file.resolveSibling(file.getFileName() + ".rewrite");
        ShardLog fresh = create(temporary, replicationId, baseOffset);
        contents.accept(fresh);
        fresh.flush();
        fresh.channel.force(true);
        fresh.channel.close();
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel.close();
        ShardLog reopened = open(file);
        channel = reopened.channel;
        size = reopened.size;
    }

    private static ByteBuffer header(String replicationId, long baseOffset) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).put(replicationId.getBytes(StandardCharsets.US_ASCII)).putLong(baseOffset);
        return header.flip();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        channel.force(false);
        channel.close();
    }
}
