package io.clustersync.core.api;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The data of the replicated databases, as the proxy endpoints reach it. Shard stores live in sync-core; a
 * command for a shard mastered on another node travels over the cluster bus, pipelined with the others.
 */
@ProviderType
public interface DataPlane {

    /**
     * Runs one data command ({@code args[0]} is its name, e.g. {@code GET}) on the master of the shard, on this
     * node or over the cluster bus. The future completes with the reply, or with an error reply naming the
     * shard and node when the node holding it cannot be reached; it never completes exceptionally.
     */
    CompletableFuture<Reply> execute(Shard shard, byte[][] args);

    /**
     * Opens the replication stream of a shard from {@code (replicationId, offset)}: a partial resync from the
     * backlog when it still covers that offset under the same replication id, otherwise a full snapshot and then
     * the writes that follow it. The shard may be mastered on another node: its events then travel over the
     * cluster bus. The listener bounds what it holds itself (and closes the stream when it falls too far behind).
     */
    ShardStream stream(Shard shard, String replicationId, long offset, ShardStreamListener listener);

    /**
     * Hands a pub/sub request to the {@link PubSubSink} of every node (this one included, first); completes with
     * their answers once every reachable node answered (a node that does not answer within a second is left out).
     */
    CompletableFuture<List<Reply>> pubsub(PubSubRequest request);

    /** Sets this node's pub/sub sink (the proxy endpoints'), or removes it with null. */
    void pubsubSink(PubSubSink sink);

    /** True when the password is the database's; a database without a password accepts no AUTH. */
    boolean authenticate(Database database, byte[] password);

    /** The figures of every shard of the database, asked of the nodes holding them (waits up to a second). */
    List<ShardStats> shardStats(Database database);

    /** Where proxies of the database's endpoints really listen now, asked of every node (waits up to a second). */
    List<ProxyBinding> bindings(Database database);

    /** TLS handshakes the proxies of this database on this node refused since they started. */
    long tlsRefusals(Database database);

    /** Wrong passwords the proxies of this database on this node refused since they started. */
    long passwordRefusals(Database database);

    /** Tells sync-core of a proxy that now listens, so that status and JMX show the real bindings. */
    void register(RunningProxy proxy);

    void unregister(RunningProxy proxy);
}
