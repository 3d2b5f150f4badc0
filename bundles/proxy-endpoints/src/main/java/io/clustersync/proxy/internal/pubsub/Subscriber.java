package io.clustersync.proxy.internal.pubsub;

import io.clustersync.core.api.Reply;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A client connection as pub/sub sees it: the channels, patterns and shard channels it subscribes to, and where
 * its messages go. {@link #push} may be called from any thread; the connection writes the message on its own.
 */
public abstract class Subscriber {

    final Set<String> channels = new LinkedHashSet<>();
    final Set<String> patterns = new LinkedHashSet<>();
    final Set<String> shardChannels = new LinkedHashSet<>();

    /** Writes a message (a RESP3 push, an array in RESP2) to the client, from any thread. */
    public abstract void push(Reply message);

    /** Every subscription, kept up to date under the subscriber's lock and read without it (once per command). */
    private volatile int subscriptions;

    /** Every subscription of the client: what puts a RESP2 client in subscribed mode. */
    public int subscriptions() {
        return subscriptions;
    }

    /** Called under the subscriber's lock after its subscriptions changed. */
    void recount() {
        subscriptions = channels.size() + patterns.size() + shardChannels.size();
    }

    synchronized int channelsAndPatterns() {
        return channels.size() + patterns.size();
    }

    synchronized int shardSubscriptions() {
        return shardChannels.size();
    }

    /** Channel names are kept as ISO-8859-1 text: one char per byte, so any bytes round-trip. */
    static String name(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }
}
