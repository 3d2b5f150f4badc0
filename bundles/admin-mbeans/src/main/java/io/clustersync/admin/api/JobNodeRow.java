package io.clustersync.admin.api;

/** One secondary's part in a Synchronize All job. */
@Description("One secondary's part in a Synchronize All job")
public record JobNodeRow(
        @Description("node:N") String node,
        @Description("running, done or failed") String state,
        @Description("Rows sent and unchanged, or why it failed") String detail,
        @Description("How long its part took, in ms") long durationMs,
        @Description("Where the secondary is administered: JMX host:port, and the HTTP management URL when it serves one")
        String administeredAt) {

    public JobNodeRow(String node, String state, String detail, long durationMs) {
        this(node, state, detail, durationMs, "");
    }
}
