package io.clustersync.core.api;

import java.util.List;
import java.util.Locale;

/**
 * A Synchronize All job: {@code running}, {@code done} (every secondary switched over) or {@code failed}
 * (refused before it started, or at least one secondary failed; the others are done).
 */
public record SyncJobStatus(String id, State state, int progressPercent, long startedMs, long endedMs,
                           long sequence, String failure, List<NodeResult> nodes) {

    /** A job's state, and each secondary's part of it. */
    public enum State {
        RUNNING, DONE, FAILED;

        /** The word operators see. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return label();
        }
    }

    public SyncJobStatus {
        nodes = List.copyOf(nodes);
    }

    /**
     * One secondary's part: {@code running}, {@code done} or {@code failed}, with what happened, and where the
     * secondary is administered ("JMX host:port[, HTTP url]", as it said at the requirement check; "" when unknown).
     */
    public record NodeResult(int nodeId, State state, String detail, long durationMs, String administeredAt) {

        public NodeResult {
            administeredAt = administeredAt == null ? "" : administeredAt;
        }

        public NodeResult(int nodeId, State state, String detail, long durationMs) {
            this(nodeId, state, detail, durationMs, "");
        }
    }
}
