package io.clustersync.core.api;

/**
 * What the cluster bus knows of another node: whether it is heard from, when it last was, and the last
 * error of the link to it.
 *
 * @param nodeId     the peer's id
 * @param address    the peer's bus address, host:port
 * @param online     true while its heartbeats arrive
 * @param lastSeenMs epoch millis of its last heartbeat, 0 if never
 * @param lastError  the last failure of the link to it, or "" when none
 */
public record PeerStatus(int nodeId, String address, boolean online, long lastSeenMs, String lastError) {

    public String ref() {
        return "node:" + nodeId;
    }
}
