package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** One secondary's part in a Synchronize All job. */
public final class JobNodeRow {
    private final String node;
    private final String state;
    private final String detail;
    private final long durationMs;

    @ConstructorParameters({"node", "state", "detail", "durationMs"})
    public JobNodeRow(String node, String state, String detail, long durationMs) {
        this.node = node;
        this.state = state;
        this.detail = detail;
        this.durationMs = durationMs;
    }

    /** {@code node:N}. */
    public String getNode() { return node; }

    /** {@code running}, {@code done} or {@code failed}. */
    public String getState() { return state; }

    /** Rows sent and unchanged, or why it failed. */
    public String getDetail() { return detail; }

    public long getDurationMs() { return durationMs; }
}
