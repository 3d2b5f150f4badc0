package io.clustersync.admin.api;

/** One secondary's part in a Synchronize All job. */
@Description("One secondary's part in a Synchronize All job")
public record JobNodeRow(
        @Description("node:N") String node,
        @Description("running, done or failed") String state,
        @Description("Rows sent and unchanged, or why it failed") String detail,
        @Description("How long its part took, in ms") long durationMs) {
}
