package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.function.Consumer;

/**
 * Dynamic synchronization of the cluster configuration: the primary orders every change (a sequence number)
 * and pushes it to the online secondaries, which apply it and acknowledge; a secondary that missed changes
 * gets them from the primary's change log.
 */
@ProviderType
public interface ConfigSync {

    /** On the primary: the last change it ordered. On a secondary: the last one it heard the primary order. */
    long lastSequence();

    /** Every node of the cluster with its sync state, this node included. */
    List<NodeSyncStatus> nodes();

    /** Recent changes a node could not apply, newest last (bounded): "seq N on node:M: reason". */
    List<String> errors();

    /**
     * Why files and tables are not synchronized now: a malformed line of conf/sync.conf, conf/sync.excl or
     * conf/sync_tables.conf (file and line named), or "" when the rules are in force.
     */
    String rulesError();

    /** Told each {@link SyncEvent} as it happens. */
    void addListener(Consumer<SyncEvent> listener);

    void removeListener(Consumer<SyncEvent> listener);

    /**
     * Synchronize All: replaces every secondary's configuration with the primary's. Returns the job id at once;
     * follow it with {@link #lastJob()}. Refused (with the reasons) on a secondary, while a job runs, or when a
     * secondary is not reachable.
     */
    String synchronizeAll();

    /**
     * Makes this node the primary (operator-driven; there is no election): every node reachable from here is told
     * and rewrites {@code primary} in its node configuration, and this node's next change takes a sequence above
     * any node's. Secondaries come back in needs-full-sync: run Synchronize All here afterwards. Returns a report.
     */
    String promote();

    /** On the primary: checks every requirement of Synchronize All against every secondary. */
    List<RequirementResult> checkRequirements();

    /**
     * On the primary: compares the digest of every synchronized item on every node with its own and lists the
     * drift, one line per node and per differing item.
     */
    List<String> verify();

    /** The last Synchronize All job of this node, or null. */
    SyncJobStatus lastJob();

    /** True on a secondary that (re)started and has not yet received a full synchronization. */
    boolean needsFullSync();

    /** When the last full synchronization reached this node (epoch millis), 0 if never. */
    long lastFullSyncMs();

    /**
     * On the primary: why a Synchronize All is due (the primary or the whole cluster restarted, a secondary is ahead
     * of a restored primary, a node of another version joined), until one has run; empty when none is, and on a
     * secondary.
     */
    default List<String> syncAllDue() {
        return List.of();
    }
}
