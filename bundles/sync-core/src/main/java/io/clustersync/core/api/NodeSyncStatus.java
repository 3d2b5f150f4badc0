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
public record NodeSyncStatus(int nodeId, State state, long appliedSeq, String lastError) {

    /** A node's configuration as the primary sees it. */
    public enum State {
        SYNCED("synced"), BEHIND("behind"), OFFLINE("offline"), NEEDS_FULL_SYNC("needs-full-sync"), UNKNOWN("unknown");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The word operators see. */
        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public String ref() {
        return "node:" + nodeId;
    }
}
