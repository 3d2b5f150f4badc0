package io.clustersync.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Centralized against distributed syncer_mode when each source node's proxy link is capped: every source node
 * N (127.0.0.N) is reached by the destination only through a relay on 127.0.1.N capping what it sends back at the
 * same rate (one network interface per node), which the node announces to syncers with its local server
 * parameter proxy_announce_address. The same SET load (100-byte values, 50 clients) is written straight to the
 * source proxies; the replicated ops/s of each mode are compared in one run, after a warm-up load in each mode.
 */
public final class CappedLinkBenchmark {

    private static final long DEFAULT_CAP = 512 * 1024;
    private static final int DEFAULT_REQUESTS = 60_000;

    public static void main(String[] args) throws Exception {
        long cap = args.length > 0 ? Long.parseLong(args[0]) * 1024 : DEFAULT_CAP;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_REQUESTS;
        List<CappedRelay> relays = new ArrayList<>();
        try (Scratch scratch = new Scratch("clustersync-capped-bench"); ReplicaOfPair pair = new ReplicaOfPair(scratch.dir)) {
            measure(pair, relays, cap, requests);
        }
    }

    /** Runs the load in each mode (the relays close before the nodes stop, so no syncer reconnects through them). */
    private static void measure(ReplicaOfPair pair, List<CappedRelay> relays, long cap, int requests) throws Exception {
        try {
            pair.start(p -> {
                // the source keeps enough backlog for the capped links to drain the load by partial resync
                RedisBenchmark.admin(p.east.get(0), "set", "param", "repl_backlog", "128mb");
                for (BenchNode n : p.east) {
                    RedisBenchmark.admin(n, "set", "param", "proxy_announce_address", relayHost(n), "local");
                }
            });
            for (BenchNode n : pair.east) {
                relays.add(new CappedRelay(relayHost(n), pair.sourcePort, n.address, cap));
            }
            pair.replicate(relayHost(pair.east.get(0)));
            String west = pair.west.get(0).address;

            System.out.printf("Replica Of over capped links: each source node's proxy reached through a relay capped at %,d KB/s;"
                    + " redis-benchmark -t set -d 100 -c 50 -n %,d -r 100000 on the source; %d processors%n", cap / 1024, requests,
                    Runtime.getRuntime().availableProcessors());
            Map<String, ReplicationBenchmark.Result> results = new LinkedHashMap<>();
            Map<String, long[]> carried = new LinkedHashMap<>();
            List<Long> nodePids = new ArrayList<>(BenchNode.pids(pair.east));
            nodePids.addAll(BenchNode.pids(pair.west));
            System.out.println("warming up (JIT) in both modes ...");
            for (String mode : List.of("centralized", "distributed")) {
                pair.mode(mode);
                ReplicationBenchmark.run(pair.east, pair.sourcePort, west, pair.copyPort, requests / 4, nodePids);
            }
            for (String mode : List.of("centralized", "distributed")) {
                pair.mode(mode);
                long[] before = relays.stream().mapToLong(CappedRelay::carried).toArray();
                results.put(mode, ReplicationBenchmark.run(pair.east, pair.sourcePort, west, pair.copyPort, requests, nodePids));
                long[] after = relays.stream().mapToLong(CappedRelay::carried).toArray();
                for (int i = 0; i < after.length; i++) {
                    after[i] -= before[i];
                }
                carried.put(mode, after);
            }
            System.out.println();
            System.out.printf("%-26s | %14s | %16s | %12s | %12s | %10s | %s%n", "", "writes/s", "replicated ops/s", "lag p50 ms",
                    "lag p99 ms", "CPU us/SET", "MB through the relays of node 1 / 2 / 3");
            for (Map.Entry<String, ReplicationBenchmark.Result> r : results.entrySet()) {
                long[] bytes = carried.get(r.getKey());
                System.out.println(ReplicationBenchmark.row("clustersync " + r.getKey(), r.getValue())
                        + String.format(" %.1f / %.1f / %.1f", bytes[0] / 1e6, bytes[1] / 1e6, bytes[2] / 1e6));
            }
            double ratio = results.get("distributed").replicatedOps() / results.get("centralized").replicatedOps();
            System.out.printf("%ndistributed / centralized replicated ops/s: %.2fx (target >= 2.5x with 3 capped source nodes)%n",
                    ratio);
            System.out.println("(lag grows with the backlog a capped link holds: it is not a target here)");
        } finally {
            for (CappedRelay relay : relays) {
                relay.close();
            }
        }
    }

    /** The "network interface" of source node N: 127.0.1.N. */
    private static String relayHost(BenchNode node) {
        return "127.0.1." + node.id;
    }
}
