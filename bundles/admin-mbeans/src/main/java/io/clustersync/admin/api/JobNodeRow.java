package io.clustersync.admin.api;

/**
 * One secondary's part in a Synchronize All job.
 *
 * @param node {@code node:N}.
 * @param state {@code running}, {@code done} or {@code failed}.
 * @param detail Rows sent and unchanged, or why it failed.
 */
public record JobNodeRow(String node, String state, String detail, long durationMs) {
}
