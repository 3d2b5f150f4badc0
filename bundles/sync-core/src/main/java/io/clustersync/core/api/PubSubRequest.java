package io.clustersync.core.api;

import java.util.List;

/**
 * A pub/sub request that concerns the subscribers of a database on every node: a message to deliver, or a question
 * about the subscriptions. Each node answers for the subscribers of its own proxies; the proxy that asked joins the
 * answers into Redis's reply.
 *
 * @param kind       what is asked
 * @param databaseId the database whose subscribers are meant
 * @param args       PUBLISH: channel and message; CHANNELS: an optional pattern; NUMSUB: the channels
 */
public record PubSubRequest(Kind kind, int databaseId, List<byte[]> args) {

    /** The requests, each answered by every node. */
    public enum Kind {
        /** Delivers a message (channel, message) to the subscribers of the channel and of matching patterns; answers how many. */
        PUBLISH,
        /** Delivers a message to the subscribers of a shard channel (SPUBLISH); answers how many. */
        SPUBLISH,
        /** The channels with subscribers, matching an optional pattern: an array. */
        CHANNELS,
        /** The shard channels with subscribers: an array. */
        SHARDCHANNELS,
        /** Per channel asked, its number of subscribers: an array of integers. */
        NUMSUB,
        /** Per shard channel asked, its number of subscribers: an array of integers. */
        SHARDNUMSUB,
        /** The number of pattern subscriptions: an integer. */
        NUMPAT
    }
}
