package io.clustersync.core.api;

/**
 * How far a node's configuration is, as the primary sees it.
 *
 * @param nodeId     the node
 * @param state      {@code synced}, {@code behind}, {@code needs-full-sync} or {@code offline} ({@code unknown}
 *                   when asked of a secondary about a third node)
 * @param appliedSeq the last change sequence the node applied
 * @param lastError  why the node could not apply a change, or ""
 */
public record NodeSyncStatus(int nodeId, String state, long appliedSeq, String lastError) {

    public static final String SYNCED = "synced";
    public static final String BEHIND = "behind";
    public static final String OFFLINE = "offline";
    public static final String NEEDS_FULL_SYNC = "needs-full-sync";
    public static final String UNKNOWN = "unknown";

    public String ref() {
        return "node:" + nodeId;
    }
}
