package io.clustersync.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Replica Of under a sustained SET load (100-byte values, 50 clients, random keys) from a 3-node source cluster
 * (127.0.0.1-3) to a 3-node destination cluster (127.0.0.4-6), with the centralized and the distributed syncer,
 * against redis-server replicating to a redis-server {@code replicaof} (127.0.0.9 to 127.0.0.10), in one run.
 *
 * <p>Replicated ops/s: the writes of the load divided by the time from its start until the destination holds
 * every one of them (sentinel keys written after the load, one stream per source shard, are visible on the
 * destination). Lag: a probe writes a key to the source every 10 ms during the load and times until the
 * destination answers it (p50/p99), the same way for both.
 */
public final class ReplicationBenchmark {

    private static int REQUESTS = 300_000;
    private static final int CLIENTS = 50;
    private static final int VALUE_BYTES = 100;
    private static final int SENTINELS = 30;
    private static final String MASTER = "127.0.0.9";
    private static final String REPLICA = "127.0.0.10";
    /** The steady state: over a round of load, no node compiled more than this share of the time. */
    private static final double JIT_IDLE_SHARE = 0.05;
    /** The syncer modes measured, in order. */
    private static List<String> MODES = List.of("centralized", "distributed");
    /** How long the load may run in rounds waiting for the steady state (a slow machine needs more than two minutes). */
    private static final long JIT_SETTLE_MS = 240_000;

    record Result(double writeOps, double replicatedOps, double lagP50, double lagP99, int probes, double cpuMicrosPerWrite) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            REQUESTS = Integer.parseInt(args[0]);
        }
        if (args.length > 1) {
            MODES = List.of(args[1].split(","));
        }
        List<Process> anchors = new ArrayList<>();
        try (Scratch scratch = new Scratch("clustersync-replication-bench")) {
            try (ReplicaOfPair pair = new ReplicaOfPair(scratch.dir)) {
                measure(pair, anchors, scratch.dir);
            } finally {
                for (Process anchor : anchors) {
                    anchor.destroy();
                    anchor.waitFor(10, TimeUnit.SECONDS);
                    anchor.destroyForcibly();
                }
            }
        }
    }

    private static void measure(ReplicaOfPair pair, List<Process> anchors, Path base) throws Exception {
        pair.start(p -> { });
        pair.replicate(pair.east.get(0).address);
        List<BenchNode> east = pair.east;
        String west = pair.west.get(0).address;
        List<BenchNode> all = new ArrayList<>(east);
        all.addAll(pair.west);

        int masterPort = Ports.free("127.0.0.1");
        int replicaPort = Ports.free("127.0.0.1");
        anchors.add(redisServer(base.resolve("master"), MASTER, masterPort, List.of()));
        anchors.add(redisServer(base.resolve("replica"), REPLICA, replicaPort, List.of("--replicaof", MASTER,
                String.valueOf(masterPort))));
        RedisBenchmark.awaitListening(MASTER, masterPort);
        RedisBenchmark.awaitListening(REPLICA, replicaPort);
        awaitReplicaLinked(REPLICA, replicaPort);

        System.out.printf("Replica Of: redis-benchmark -t set -d %d -c %d -n %,d -r 100000 on the source; %s; %d processors%n",
                VALUE_BYTES, CLIENTS, REQUESTS, RedisBenchmark.version(), Runtime.getRuntime().availableProcessors());
        List<Long> redisPids = anchors.stream().map(Process::pid).toList();
        List<Long> nodePids = BenchNode.pids(all);
        run(List.of(MASTER), masterPort, REPLICA, replicaPort, REQUESTS / 3, redisPids);

        List<String> rows = new ArrayList<>();
        List<String> firsts = new ArrayList<>();
        for (String mode : MODES) {
            pair.mode(mode);
            Result first = run(east, pair.sourcePort, west, pair.copyPort, REQUESTS / 3, nodePids);
            System.out.printf("%s: first round done; loading in rounds of %,d SETs until the nodes' JIT compilers are"
                    + " quiet ...%n", mode, REQUESTS / 3);
            JitQuiet.Settled settled = JitQuiet.await(all, JIT_IDLE_SHARE, JIT_SETTLE_MS,
                    () -> run(east, pair.sourcePort, west, pair.copyPort, REQUESTS / 3, nodePids));
            Result ours = run(east, pair.sourcePort, west, pair.copyPort, REQUESTS, nodePids);
            Result anchor = run(List.of(MASTER), masterPort, REPLICA, replicaPort, REQUESTS, redisPids);
            rows.add(row("clustersync " + mode, ours) + String.format("   %.2fx", ours.replicatedOps / anchor.replicatedOps));
            rows.add(row("redis-server replicaof", anchor));
            firsts.add(row("  " + mode + ", 1st round", first) + String.format("   %.2fx   (then %s)",
                    first.replicatedOps / anchor.replicatedOps, settled));
        }
        String catchUp = catchUp(pair, east, west) + "\n" + fullResync(pair, east, west);
        System.out.println();
        System.out.printf("%-26s | %14s | %16s | %12s | %12s | %10s | %s%n", "", "writes/s", "replicated ops/s", "lag p50 ms",
                "lag p99 ms", "CPU us/SET", "ratio (replicated ops/s)");
        rows.forEach(System.out::println);
        System.out.printf("%njust after the mode was set (%,d SETs; the JIT compilers of the six nodes still at work):%n",
                REQUESTS / 3);
        firsts.forEach(System.out::println);
        System.out.println();
        System.out.println("targets: lag p99 < 100 ms; replicated ops/s >= 0.5x redis-server's (steady state, the rows above)");
        System.out.println(catchUp);
    }

    /**
     * Catch-up (distributed): replication paused, {@code REQUESTS / 3} SETs written, resumed (a partial resync
     * from a 64 MB backlog); the time from the resume until sentinels written after the load are on the destination.
     */
    private static String catchUp(ReplicaOfPair pair, List<BenchNode> east, String west) throws Exception {
        RedisBenchmark.admin(east.get(0), "set", "param", "repl_backlog", "64mb");
        RedisBenchmark.admin(pair.west.get(0), "replica-of", "db", "copy", "pause");
        int requests = REQUESTS / 3 / east.size() * east.size();
        List<Process> load = new ArrayList<>();
        long loading = System.nanoTime();
        for (BenchNode node : east) {
            load.add(RedisBenchmark.start(List.of("redis-benchmark", "-h", node.address, "-p", String.valueOf(pair.sourcePort),
                    "-t", "set", "-d", String.valueOf(VALUE_BYTES), "-n", String.valueOf(requests / east.size()), "-c",
                    String.valueOf(CLIENTS / east.size()), "-r", "100000", "--csv")));
        }
        for (Process p : load) {
            RedisBenchmark.finish(p);
        }
        double pausedWrites = requests / ((System.nanoTime() - loading) / 1e9);
        String tag = "catch-up-" + System.nanoTime();
        try (Resp source = new Resp(east.get(0).address, pair.sourcePort)) {
            for (int i = 0; i < SENTINELS; i++) {
                source.call("SET", "sentinel:" + i, tag);
            }
        }
        long asking = System.nanoTime();
        adminOut(pair.west.get(0), "info", "db", "copy"); // what an admin command costs (its JVM, JMX connection)
        long adminNanos = System.nanoTime() - asking;
        long resumed = System.nanoTime();
        RedisBenchmark.admin(pair.west.get(0), "replica-of", "db", "copy", "resume");
        try (Resp copy = new Resp(west, pair.copyPort)) {
            awaitSentinels(copy, tag);
        }
        double seconds = (System.nanoTime() - resumed - adminNanos) / 1e9;
        String info = adminOut(pair.west.get(0), "info", "db", "copy");
        String resyncs = info.lines().filter(l -> l.contains("resyncs")).findFirst().orElse("").trim();
        return String.format("catch-up (distributed): %,d writes made while paused (the source took them at %,.0f/s) applied"
                + " %.2f s after the resume: %,.0f writes/s (less the %.2f s an admin command takes); %s", requests + SENTINELS,
                pausedWrites, seconds, (requests + SENTINELS) / seconds, adminNanos / 1e9, resyncs.replaceAll(".*offsets", "offsets"));
    }

    /**
     * Full resync (distributed): replication stopped, then the source added again, which flushes the destination
     * and loads every source shard's snapshot; timed until the destination holds as many keys as the source.
     */
    private static String fullResync(ReplicaOfPair pair, List<BenchNode> east, String west) throws Exception {
        RedisBenchmark.admin(pair.west.get(0), "replica-of", "db", "copy", "stop");
        long keys;
        try (Resp source = new Resp(east.get(0).address, pair.sourcePort)) {
            // keys the destination lacks: its key count reaches the source's only once every snapshot is loaded
            for (int i = 0; i < SENTINELS; i++) {
                source.call("SET", "resync:" + i + ":" + System.nanoTime(), "new");
            }
            keys = Long.parseLong(source.call("DBSIZE"));
        }
        long asking = System.nanoTime();
        adminOut(pair.west.get(0), "info", "db", "copy");
        long adminNanos = System.nanoTime() - asking;
        long started = System.nanoTime();
        RedisBenchmark.admin(pair.west.get(0), "replica-of", "db", "copy", "source",
                "redis://" + east.get(0).address + ":" + pair.sourcePort + "/orders");
        long deadline = started + TimeUnit.SECONDS.toNanos(120);
        try (Resp copy = new Resp(west, pair.copyPort)) {
            while (Long.parseLong(copy.call("DBSIZE")) != keys) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the full resync did not end within 120 s");
                }
                Thread.sleep(2);
            }
        }
        double seconds = (System.nanoTime() - started - adminNanos) / 1e9;
        return String.format("full resync (distributed): %,d keys of 100 bytes loaded %.2f s after the source was added again:"
                + " %,.0f keys/s (less the %.2f s an admin command takes)", keys, seconds, keys / seconds, adminNanos / 1e9);
    }

    /** Waits (at most 60 s) until the redis-server replica has loaded its master's data and follows it. */
    private static void awaitReplicaLinked(String host, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Resp replica = new Resp(host, port)) {
            while (!replica.call("INFO", "replication").contains("master_link_status:up")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the redis-server replica did not link to its master within 60 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Waits (at most 120 s) until every sentinel key holds {@code tag} on the destination. */
    private static void awaitSentinels(Resp copy, String tag) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < SENTINELS; i++) {
            while (!tag.equals(copy.call("GET", "sentinel:" + i))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the destination did not catch up within 120 s");
                }
                Thread.sleep(1);
            }
        }
    }

    static String row(String name, Result r) {
        return String.format("%-26s | %,14.0f | %,16.0f | %12.1f | %12.1f | %10.1f |", name, r.writeOps, r.replicatedOps, r.lagP50,
                r.lagP99, r.cpuMicrosPerWrite);
    }

    static void awaitSynced(BenchNode node) throws Exception {
        for (int i = 0; i < 600; i++) {
            String out = adminOut(node, "info", "db", "copy");
            if (out.contains(": synced (")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the replication of 'copy' did not reach synced within 60 s");
    }

    private static String adminOut(BenchNode node, String... words) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BenchNode.INSTALL.resolve("bin/clustersync-admin").toString(),
                "--home", node.home.toString()));
        command.addAll(List.of(words));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    /**
     * The source's addresses (its proxies, or the master) take the load; the destination answers probes. The CPU
     * time the {@code servers} (both sides' processes) used from the load's start until the destination caught up is
     * reported per write.
     */
    static Result run(List<?> sources, int sourcePort, String destination, int destinationPort, int requests,
                      List<Long> servers) throws Exception {
        List<String> hosts = sources.stream().map(s -> s instanceof BenchNode n ? n.address : (String) s).toList();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Long> lags = new ArrayList<>();
        List<String[]> late = new ArrayList<>();
        Thread probe = new Thread(() -> probe(hosts.get(0), sourcePort, destination, destinationPort, loading, lags, late),
                "probe");
        long cpuBefore = ProcessCpu.ticks(servers);
        long started = System.nanoTime();
        List<Process> load = new ArrayList<>();
        for (String host : hosts) {
            load.add(RedisBenchmark.start(List.of("redis-benchmark", "-h", host, "-p", String.valueOf(sourcePort), "-t", "set",
                    "-d", String.valueOf(VALUE_BYTES), "-n", String.valueOf(requests / hosts.size()), "-c",
                    String.valueOf(Math.max(1, CLIENTS / hosts.size())), "-r", "100000", "--csv")));
        }
        probe.start();
        for (Process p : load) {
            RedisBenchmark.finish(p);
        }
        long written = System.nanoTime();
        loading.set(false);
        probe.join(30_000);
        String tag = Long.toString(System.nanoTime());
        try (Resp source = new Resp(hosts.get(0), sourcePort); Resp copy = new Resp(destination, destinationPort)) {
            for (int i = 0; i < SENTINELS; i++) {
                source.call("SET", "sentinel:" + i, tag);
            }
            awaitSentinels(copy, tag);
        }
        long caughtUp = System.nanoTime();
        long cpuTicks = ProcessCpu.ticks(servers) - cpuBefore;
        if (!late.isEmpty()) {
            try (Resp copy = new Resp(destination, destinationPort)) {
                int missing = 0;
                for (String[] keyValue : late) {
                    missing += keyValue[1].equals(copy.call("GET", keyValue[0])) ? 0 : 1;
                }
                System.out.printf("  %d probe(s) not on the destination within 10 s; after the catch-up %d still missing%n",
                        late.size(), missing);
            }
        }
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2] / 1e6;
        double p99 = sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
        int total = requests / hosts.size() * hosts.size();
        return new Result(total / ((written - started) / 1e9), total / ((caughtUp - started) / 1e9), p50, p99, sorted.length,
                cpuTicks / ProcessCpu.TICKS_PER_SECOND * 1e6 / total);
    }

    /** Every 10 ms while the load runs: a write to the source, timed until the destination answers it. */
    private static void probe(String source, int sourcePort, String destination, int destinationPort, AtomicBoolean loading,
                              List<Long> lags, List<String[]> late) {
        try (Resp writer = new Resp(source, sourcePort); Resp reader = new Resp(destination, destinationPort)) {
            for (int i = 0; loading.get() && i < 100_000; i++) {
                String key = "probe:" + i;
                String value = Long.toString(System.nanoTime());
                writer.call("SET", key, value);
                long sent = System.nanoTime();
                while (!value.equals(reader.call("GET", key)) && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(10)) {
                    LockSupport.parkNanos(200_000);
                }
                lags.add(System.nanoTime() - sent);
                if (!value.equals(reader.call("GET", key))) {
                    late.add(new String[] {key, value});
                }
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("probe: " + e);
        }
    }

    private static Process redisServer(Path dir, String address, int port, List<String> extra) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", address, "--port", String.valueOf(port),
                "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--protected-mode", "no", "--appendonly", "yes",
                "--appendfsync", "everysec"));
        command.addAll(extra);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    }

    /** A minimal RESP client: one command, one reply (a bulk or status as text, null for a nil). */
    static final class Resp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Resp(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        String call(String... words) throws IOException {
            StringBuilder command = new StringBuilder("*" + words.length + "\r\n");
            for (String w : words) {
                command.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
            }
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            int type = in.read();
            String line = line();
            return switch (type) {
                case '+', ':' -> line;
                case '-' -> throw new IOException("error reply: " + line);
                case '$' -> {
                    int n = Integer.parseInt(line);
                    if (n < 0) {
                        yield null;
                    }
                    byte[] bytes = in.readNBytes(n + 2);
                    yield new String(Arrays.copyOf(bytes, n), StandardCharsets.UTF_8);
                }
                default -> throw new IOException("unexpected reply type " + (char) type);
            };
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\r'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                b.append((char) c);
            }
            in.read();
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
