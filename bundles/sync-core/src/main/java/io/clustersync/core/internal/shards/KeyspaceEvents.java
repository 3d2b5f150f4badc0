package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;

import java.nio.charset.StandardCharsets;

/**
 * Redis's keyspace notifications on this node's shards: a shard store calls {@link #notify} as Redis's commands
 * call {@code notifyKeyspaceEvent}, and each event whose class is on (the cluster parameter
 * {@value KeyspaceEventClasses#PARAMETER}) goes to the database's subscribers on every node, in the order the shard
 * made them.
 */
final class KeyspaceEvents {

    /** Where the events go: to the database's subscribers on every node. */
    interface Publisher {
        /** Takes one event; called in the order the shard made them, under its monitor: must not block. */
        void publish(int databaseId, byte[] channel, byte[] message);
    }

    private volatile int flags;
    private final Publisher publisher;

    KeyspaceEvents(Publisher publisher) {
        this.publisher = publisher;
    }

    /** Takes the classes of the cluster parameter (a value with an unknown letter turns them off). */
    void configure(String letters) {
        flags = letters == null ? 0 : Math.max(KeyspaceEventClasses.parse(letters), 0);
    }

    int flags() {
        return flags;
    }

    /** One event of class {@code type} on {@code key}, published when its class and K or E are on. */
    void notify(int databaseId, int type, String event, byte[] key) {
        int on = flags;
        if ((on & type) == 0 || (on & (KeyspaceEventClasses.KEYSPACE | KeyspaceEventClasses.KEYEVENT)) == 0) {
            return;
        }
        byte[] name = event.getBytes(StandardCharsets.US_ASCII);
        if ((on & KeyspaceEventClasses.KEYSPACE) != 0) {
            publisher.publish(databaseId, channel("__keyspace@0__:", key), name);
        }
        if ((on & KeyspaceEventClasses.KEYEVENT) != 0) {
            publisher.publish(databaseId, channel("__keyevent@0__:", name), key);
        }
    }

    private static byte[] channel(String prefix, byte[] suffix) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] channel = new byte[head.length + suffix.length];
        System.arraycopy(head, 0, channel, 0, head.length);
        System.arraycopy(suffix, 0, channel, head.length, suffix.length);
        return channel;
    }
}
