package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A Synchronize All snapshot: every synchronized file, then the primary's synchronized tables at one change, as a
 * copy of its database file made for the purpose (while the files travel), as one deflated stream. A file travels
 * as its path and content. The stream ends with the counts of what it carried, so that a stream cut short is told
 * from a complete one.
 */
public final class SnapshotStream {

    /** "CSN1": a snapshot stream of this layout. */
    static final int MAGIC = 0x43534E31;
    static final byte DATABASE = 'D';
    /** How many bytes of files are deflated before the writer judges whether they deflate at all. */
    static final long SAMPLE_BYTES = 1024 * 1024;
    /** Files whose sample deflates to more than this share of its size travel stored. */
    static final double STORE_ABOVE = 0.9;
    static final byte FILE = 'F';
    static final byte END = 'E';

    private SnapshotStream() {
    }

    /** Writes a snapshot into {@code sink} (which it closes at {@link #finish}). */
    public static final class Writer {
        private final DataOutputStream out;
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        private int databases;
        private int files;
        private long sampleRead;
        private long sampleWritten;
        /** Whether the files' compressibility was judged (on their first {@link #SAMPLE_BYTES}). */
        private boolean judged;

        public Writer(OutputStream sink) throws IOException {
            // the fastest level: a database and most configuration files are text that deflates by 4-5x even so
            out = new DataOutputStream(new BufferedOutputStream(new DeflaterOutputStream(sink, deflater, 64 * 1024), 64 * 1024));
            out.writeInt(MAGIC);
        }

        /**
         * The database copy holding the synchronized tables' rows at change {@code seq} (see the model's
         * {@code SnapshotDatabase}), opened there by {@code user} with the job's one-time {@code token}.
         */
        public void database(long seq, String user, String token, Path copy) throws IOException {
            long length = Files.size(copy);
            deflater.setLevel(Deflater.BEST_SPEED);
            out.writeByte(DATABASE);
            out.writeLong(seq);
            out.writeUTF(user);
            out.writeUTF(token);
            out.writeLong(length);
            try (InputStream in = Files.newInputStream(copy)) {
                long copied = in.transferTo(out);
                if (copied != length) {
                    throw new IOException("the database copy " + copy + " changed while it was sent");
                }
            }
            databases++;
        }

        public void file(FileChange file) throws IOException {
            out.writeByte(FILE);
            out.writeUTF(file.path());
            out.writeInt(file.content().length);
            out.write(file.content());
            files++;
            if (files == 1) {
                sampleRead = deflater.getBytesRead();
                sampleWritten = deflater.getBytesWritten();
            } else if (!judged && deflater.getBytesRead() - sampleRead >= SAMPLE_BYTES) {
                // files that do not deflate (archives, keys, media) travel stored: deflating them costs CPU for nothing
                double ratio = (double) (deflater.getBytesWritten() - sampleWritten) / (deflater.getBytesRead() - sampleRead);
                if (ratio > STORE_ABOVE) {
                    deflater.setLevel(Deflater.NO_COMPRESSION);
                }
                judged = true;
            }
        }

        /** Ends the stream with its counts and closes it. */
        public void finish() throws IOException {
            out.writeByte(END);
            out.writeInt(databases);
            out.writeInt(files);
            out.close();
        }

        public int files() {
            return files;
        }
    }

    /** What a snapshot holds, item by item. */
    public sealed interface Item permits DatabaseCopy, FileItem, End { }

    /**
     * The database copy at change {@code seq} follows, {@code length} bytes, opened by {@code user} with {@code token}: the reader takes
     * it with {@link Reader#copyDatabase} before it asks for the next item.
     */
    public record DatabaseCopy(long seq, String user, String token, long length) implements Item { }

    public record FileItem(FileChange file) implements Item { }

    /** The end of the stream, its counts checked. */
    public record End(int databases, int files) implements Item { }

    /** Reads a snapshot; every malformed or short stream is an {@link IOException} that says what and where. */
    public static final class Reader {
        private final DataInputStream in;
        private DatabaseCopy pending;
        private int databases;
        private int files;
        private boolean ended;

        public Reader(InputStream source) throws IOException {
            in = new DataInputStream(new BufferedInputStream(new InflaterInputStream(source, new Inflater(), 64 * 1024), 64 * 1024));
            try {
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw new IOException("not a Synchronize All snapshot (it starts with 0x" + Integer.toHexString(magic) + ")");
                }
            } catch (EOFException e) {
                throw new IOException("the snapshot ended before its header", e);
            } catch (java.util.zip.ZipException e) {
                throw new IOException("the snapshot is not a deflated stream: " + e.getMessage(), e);
            }
        }

        /** The next item; after {@link End}, none (an {@link IOException}). */
        public Item next() throws IOException {
            if (ended) {
                throw new IOException("the snapshot has ended");
            }
            if (pending != null) {
                throw new IOException("the snapshot's database copy was not taken");
            }
            String where = "after " + databases + " database copy and " + files + " file(s)";
            try {
                byte kind = in.readByte();
                return switch (kind) {
                    case DATABASE -> {
                        DatabaseCopy copy = new DatabaseCopy(in.readLong(), in.readUTF(), in.readUTF(), in.readLong());
                        if (copy.length() < 0 || databases > 0) {
                            throw new IOException("a database copy of " + copy.length() + " bytes");
                        }
                        pending = copy;
                        yield copy;
                    }
                    case FILE -> readFile();
                    case END -> end();
                    default -> throw new IOException("unknown item '" + (char) kind + "'");
                };
            } catch (EOFException e) {
                throw new IOException("the snapshot was cut short " + where, e);
            } catch (IOException e) {
                throw new IOException("malformed snapshot " + where + ": " + e.getMessage(), e);
            }
        }

        /** Writes the database copy just announced to {@code target}. */
        public void copyDatabase(Path target) throws IOException {
            DatabaseCopy copy = pending;
            if (copy == null) {
                throw new IOException("no database copy comes next in the snapshot");
            }
            try (OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                long left = copy.length();
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new EOFException();
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            } catch (EOFException e) {
                throw new IOException("the snapshot was cut short in its database copy", e);
            } catch (IOException e) {
                throw new IOException("malformed snapshot in its database copy: " + e.getMessage(), e);
            }
            pending = null;
            databases++;
        }

        private FileItem readFile() throws IOException {
            String path = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length > FileChange.MAX_BYTES) {
                throw new IOException("file " + path + " of " + length + " bytes");
            }
            byte[] content = new byte[length];
            in.readFully(content);
            files++;
            return new FileItem(new FileChange(path, false, content));
        }

        private End end() throws IOException {
            int sentDatabases = in.readInt();
            int sentFiles = in.readInt();
            if (sentDatabases != databases || sentFiles != files) {
                throw new IOException("it says it carried " + sentDatabases + " database copy and " + sentFiles
                        + " file(s), but " + databases + " and " + files + " came");
            }
            if (in.read() != -1) {
                throw new IOException("bytes follow its end");
            }
            ended = true;
            return new End(databases, files);
        }
    }
}
