package io.clustersync.core.internal.fullsync;

import io.clustersync.core.internal.files.FileChange;
import io.clustersync.core.internal.tables.RowChange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A Synchronize All snapshot: the primary's synchronized tables at one change, every row, then every synchronized
 * file, as one deflated stream. A table travels as its name, columns and key columns once, then its rows as values
 * alone; a file as its path and content. The stream ends with the counts of rows and files it carried, so that a
 * stream cut short is told from a complete one.
 */
public final class SnapshotStream {

    /** "CSN1": a snapshot stream of this layout. */
    static final int MAGIC = 0x43534E31;
    static final byte TABLE = 'T';
    static final byte ROW = 'r';
    static final byte TABLE_END = 'e';
    static final byte FILE = 'F';
    static final byte END = 'E';
    /** Limits a malformed stream cannot pass: columns of a table, and the length of a name. */
    static final int MAX_COLUMNS = 4096;

    private SnapshotStream() {
    }

    /** Writes a snapshot into {@code sink} (which it closes at {@link #finish}). */
    public static final class Writer {
        private final DataOutputStream out;
        private long rows;
        private int files;

        public Writer(OutputStream sink, long seq) throws IOException {
            // the fastest level: most of a configuration is text that deflates by 4-5x even so
            out = new DataOutputStream(new BufferedOutputStream(
                    new DeflaterOutputStream(sink, new Deflater(Deflater.BEST_SPEED), 64 * 1024), 64 * 1024));
            out.writeInt(MAGIC);
            out.writeLong(seq);
        }

        /** Every row of a synchronized table that travels (its filter applied), read on {@code c}. */
        public int table(Connection c, SyncedTable table) throws SQLException, IOException {
            List<String> keys = TableRows.primaryKey(c, table.name());
            int count = 0;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM PUBLIC." + table.name() + table.where())) {
                int columns = rs.getMetaData().getColumnCount();
                out.writeByte(TABLE);
                out.writeUTF(table.name());
                out.writeInt(columns);
                for (int i = 1; i <= columns; i++) {
                    out.writeUTF(rs.getMetaData().getColumnName(i));
                }
                out.writeInt(keys.size());
                for (String key : keys) {
                    out.writeUTF(key);
                }
                while (rs.next()) {
                    out.writeByte(ROW);
                    for (int i = 1; i <= columns; i++) {
                        RowChange.writeValue(out, TableRows.normalize(rs.getObject(i)));
                    }
                    count++;
                }
                out.writeByte(TABLE_END);
            }
            rows += count;
            return count;
        }

        public void file(FileChange file) throws IOException {
            out.writeByte(FILE);
            out.writeUTF(file.path());
            out.writeInt(file.content().length);
            out.write(file.content());
            files++;
        }

        /** Ends the stream with its counts and closes it. */
        public void finish() throws IOException {
            out.writeByte(END);
            out.writeLong(rows);
            out.writeInt(files);
            out.close();
        }

        public long rows() {
            return rows;
        }

        public int files() {
            return files;
        }
    }

    /** What a snapshot holds, item by item. */
    public sealed interface Item permits TableStart, Row, FileItem, End { }

    /** A table's rows follow, with these columns and key columns. */
    public record TableStart(String table, List<String> columns, List<String> keys) implements Item { }

    /** One row of the table last started. */
    public record Row(RowChange row) implements Item { }

    public record FileItem(FileChange file) implements Item { }

    /** The end of the stream, its counts checked. */
    public record End(long rows, int files) implements Item { }

    /** Reads a snapshot; every malformed or short stream is an {@link IOException} that says what and where. */
    public static final class Reader {
        private final DataInputStream in;
        private final long seq;
        private TableStart table;
        private long rows;
        private int files;
        private boolean ended;

        public Reader(InputStream source) throws IOException {
            in = new DataInputStream(new BufferedInputStream(new InflaterInputStream(source, new Inflater(), 64 * 1024), 64 * 1024));
            try {
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw new IOException("not a Synchronize All snapshot (it starts with 0x" + Integer.toHexString(magic) + ")");
                }
                seq = in.readLong();
            } catch (EOFException e) {
                throw new IOException("the snapshot ended before its header", e);
            } catch (java.util.zip.ZipException e) {
                throw new IOException("the snapshot is not a deflated stream: " + e.getMessage(), e);
            }
        }

        /** The change the primary's snapshot was read at. */
        public long seq() {
            return seq;
        }

        /** The next item; after {@link End}, none (an {@link IOException}). */
        public Item next() throws IOException {
            if (ended) {
                throw new IOException("the snapshot has ended");
            }
            String where = table == null ? "after " + rows + " row(s) and " + files + " file(s)"
                    : "in table " + table.table() + ", after " + rows + " row(s)";
            try {
                byte kind = in.readByte();
                if (table != null) {
                    if (kind == ROW) {
                        List<Object> values = new ArrayList<>(table.columns().size());
                        for (int i = 0; i < table.columns().size(); i++) {
                            values.add(RowChange.readValue(in));
                        }
                        rows++;
                        return new Row(new RowChange(table.table(), false, table.columns(), table.keys(), values));
                    }
                    if (kind != TABLE_END) {
                        throw new IOException("unknown item '" + (char) kind + "'");
                    }
                    table = null;
                    kind = in.readByte();
                }
                return switch (kind) {
                    case TABLE -> startTable();
                    case FILE -> readFile();
                    case END -> end();
                    default -> throw new IOException("unknown item '" + (char) kind + "'");
                };
            } catch (EOFException e) {
                throw new IOException("the snapshot was cut short " + where, e);
            } catch (IOException e) {
                throw new IOException("malformed snapshot " + where + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed snapshot " + where + ": " + e.getMessage(), e);
            }
        }

        private TableStart startTable() throws IOException {
            String name = in.readUTF();
            List<String> columns = names(in.readInt(), "columns");
            List<String> keys = names(in.readInt(), "key columns");
            if (columns.isEmpty() || keys.isEmpty() || !columns.containsAll(keys)) {
                throw new IOException("table " + name + " has columns " + columns + " and key " + keys);
            }
            table = new TableStart(name, columns, keys);
            return table;
        }

        private List<String> names(int count, String what) throws IOException {
            if (count < 0 || count > MAX_COLUMNS) {
                throw new IOException("bad count of " + what + ": " + count);
            }
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(in.readUTF());
            }
            return List.copyOf(out);
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
            long sentRows = in.readLong();
            int sentFiles = in.readInt();
            if (sentRows != rows || sentFiles != files) {
                throw new IOException("it says it carried " + sentRows + " row(s) and " + sentFiles + " file(s), but "
                        + rows + " and " + files + " came");
            }
            if (in.read() != -1) {
                throw new IOException("bytes follow its end");
            }
            ended = true;
            return new End(rows, files);
        }
    }
}
