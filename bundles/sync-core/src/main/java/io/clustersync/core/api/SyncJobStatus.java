package io.clustersync.core.api;

import java.util.List;

/**
 * A Synchronize All job: {@code running}, {@code done} (every secondary switched over) or {@code failed}
 * (refused before it started, or at least one secondary failed; the others are done).
 */
public record SyncJobStatus(String id, String state, int progressPercent, long startedMs, long endedMs,
                           long sequence, String failure, List<NodeResult> nodes) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public SyncJobStatus {
        nodes = List.copyOf(nodes);
    }

    /** One secondary's part: {@code running}, {@code done} or {@code failed}, with what happened. */
    public record NodeResult(int nodeId, String state, String detail, long durationMs) {
    }
}
