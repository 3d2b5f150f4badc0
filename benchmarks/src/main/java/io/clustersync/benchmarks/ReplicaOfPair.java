package io.clustersync.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two 3-node clusters for the Replica Of benchmarks: source {@code bench-east} (127.0.0.1-3) with database
 * {@code orders}, and destination {@code bench-west} (127.0.0.4-6) with database {@code copy}, both with 3 shards
 * and endpoints bound to all-master-shards. {@link #replicate} makes {@code copy} a Replica Of {@code orders}.
 */
final class ReplicaOfPair implements AutoCloseable {

    final List<BenchNode> east;
    final List<BenchNode> west;
    final int sourcePort;
    final int copyPort;

    ReplicaOfPair(Path base) throws IOException {
        east = List.of(new BenchNode(base, 1, "bench-east", 1), new BenchNode(base, 2, "bench-east", 1),
                new BenchNode(base, 3, "bench-east", 1));
        west = List.of(new BenchNode(base, 4, "bench-west", 4), new BenchNode(base, 5, "bench-west", 4),
                new BenchNode(base, 6, "bench-west", 4));
        sourcePort = Ports.free("127.0.0.1");
        copyPort = Ports.free("127.0.0.1");
    }

    /** Starts both clusters and creates their databases; {@code beforeCreate} runs first on the started source. */
    void start(Setup beforeCreate) throws Exception {
        for (BenchNode n : east) {
            n.start(east, east.get(0));
        }
        for (BenchNode n : west) {
            n.start(west, west.get(0));
        }
        for (BenchNode primary : List.of(east.get(0), west.get(0))) {
            RedisBenchmark.admin(primary, "set", "param", "sync.allow_shared_computer", "yes");
            RedisBenchmark.admin(primary, "synchronize-all");
        }
        beforeCreate.run(this);
        RedisBenchmark.admin(east.get(0), "create", "db", "orders", "shards", "3", "port", String.valueOf(sourcePort));
        RedisBenchmark.admin(east.get(0), "bind", "db", "orders", "endpoint", "1:1", "policy", "all-master-shards");
        RedisBenchmark.admin(west.get(0), "create", "db", "copy", "shards", "3", "port", String.valueOf(copyPort));
        RedisBenchmark.admin(west.get(0), "bind", "db", "copy", "endpoint", "1:1", "policy", "all-master-shards");
        for (BenchNode n : east) {
            RedisBenchmark.awaitListening(n.address, sourcePort);
        }
    }

    /** What a benchmark sets up on the source before its database exists. */
    interface Setup {
        void run(ReplicaOfPair pair) throws Exception;
    }

    /** Replica Of through the source proxy at {@code sourceHost}:{@link #sourcePort}, then waits for synced. */
    void replicate(String sourceHost) throws Exception {
        RedisBenchmark.admin(west.get(0), "replica-of", "db", "copy", "source",
                "redis://" + sourceHost + ":" + sourcePort + "/orders");
        ReplicationBenchmark.awaitSynced(west.get(0));
    }

    void mode(String mode) throws Exception {
        RedisBenchmark.admin(west.get(0), "tune", "db", "copy", "syncer_mode", mode);
        ReplicationBenchmark.awaitSynced(west.get(0));
    }

    @Override
    public void close() {
        List<BenchNode> all = new ArrayList<>(east);
        all.addAll(west);
        for (BenchNode n : all) {
            try {
                n.stop();
            } catch (IOException e) {
                System.err.println("cannot stop node:" + n.id + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
