package io.clustersync.core.internal.model;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.NodeIdentity;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model's hook for its replica side (model sync): the store and its change log, the model's lock, and the
 * few steps that need to know the model's attributes (applying a logged change, announcing changes, running
 * a forwarded command). Model sync never edits the model's tables itself.
 */
public interface ModelCore {

    /** The sync state holding the sequence number of the last change applied (or ordered) here. */
    String APPLIED_SEQ = "applied_seq";
    /** The sync state set on a secondary from its start until a full synchronization reaches it. */
    String NEEDS_FULL_SYNC = "needs_full_sync";

    NodeIdentity node();

    ModelStore store();

    DataSource dataSource();

    /** A server parameter's value, or null. */
    String parameter(String name);

    /**
     * On the primary, under the model's lock: a copy of the configuration database for a snapshot, at the change
     * applied here, holding only the rows of {@code synced} (table to the condition of its rows that travel, empty
     * for all) that travel, opened by {@code user} with the one-time {@code token}; {@code dir} is the caller's to
     * delete once it is sent.
     */
    SnapshotCopy snapshotCopy(Map<String, String> synced);

    /** A database copy made for a snapshot at change {@code seq}, in {@code dir}, holding {@code rows} synchronized rows. */
    record SnapshotCopy(long seq, String user, String token, Path file, Path dir, long rows) { }

    /** On a secondary: where the database copy of snapshot {@code id} is written before the switch-over. */
    Path snapshotFile(long id);

    /**
     * On a secondary, under the model's lock: the snapshot's copy {@code file} becomes this node's database, with
     * this node's local tables and rows and {@code finish}'s sync state (see {@code SnapshotDatabase}).
     */
    void adoptSnapshot(Path file, String primaryUser, String token, Map<String, String> synced, ModelStore.Work<Void> finish);

    /** Runs {@code work} under the model's lock: sequence numbers are handed out one at a time. */
    <T> T locked(Supplier<T> work);

    /**
     * Inside the caller's transaction: writes a model change the primary logged (idempotent: the item's whole new
     * state); returns the change to {@link #announce} after the commit. Refusals are {@link IllegalStateException}.
     */
    ModelChange applyLogged(Connection c, byte[] payload) throws SQLException;

    /** Describes a logged model change for log lines and failure reasons. */
    String describeLogged(byte[] payload);

    /** Tells the model's listeners of a change written through {@link #applyLogged}. */
    void announce(ModelChange change);

    /** After a full synchronization replaced the databases at once: announces what changed since {@code before}. */
    void announceReplaced(List<Database> before);

    /** Wakes the operator calls waiting for a sequence number to be applied here. */
    void applied();

    /** The configuration sync links itself in while it runs (null when it stops). */
    void useLink(ConfigSyncLink link);

    /** The link in use, or null. */
    ConfigSyncLink link();

    /** On the primary: runs an operator's command forwarded by a secondary, with the primary's own validation. */
    ConfigSyncLink.Forwarded execute(ModelCommand command);
}
