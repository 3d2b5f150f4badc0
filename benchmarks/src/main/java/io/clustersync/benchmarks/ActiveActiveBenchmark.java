package io.clustersync.benchmarks;

import io.clustersync.admin.api.ActiveActiveMXBean;
import io.clustersync.admin.api.CrdbPeerRow;
import io.clustersync.admin.cli.JmxTls;

import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An Active-Active database with an instance in each of three 1-node clusters (127.0.0.1, .4, .7), against the
 * same kind of database in the first cluster replicated by Replica Of to the two others (the same fan-out), in
 * one run:
 * <ol>
 *   <li>writes accepted and replicated by one instance while it replicates to the two others (redis-benchmark SET,
 *       100-byte values, 50 clients), beside the same load on a Replica Of source;</li>
 *   <li>cross-instance lag (p50/p99) with every instance written at half the SET rate one instance accepted above:
 *       probes written on one instance, timed until another answers them;</li>
 *   <li>a partition: every instance stops pulling for {@value #PARTITION_S} s while clients keep writing in all
 *       three, then pulls again; the time until every instance holds every write, and the bytes pulled meanwhile,
 *       beside the number of writes.</li>
 * </ol>
 */
public final class ActiveActiveBenchmark {

    private static int REQUESTS = 200_000;
    private static final int CLIENTS = 50;
    private static final int VALUE_BYTES = 100;
    private static final int SENTINELS = 10;
    private static int PARTITION_S = 60;
    private static final String AA = "shared";

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            REQUESTS = Integer.parseInt(args[0]);
        }
        if (args.length > 1) {
            PARTITION_S = Integer.parseInt(args[1]);
        }
        try (Scratch scratch = new Scratch("clustersync-active-active-bench")) {
            List<BenchNode> nodes = List.of(new BenchNode(scratch.dir, 1, "aa-one", 1), new BenchNode(scratch.dir, 4, "aa-two", 4),
                    new BenchNode(scratch.dir, 7, "aa-three", 7));
            try {
                for (BenchNode node : nodes) {
                    node.start(List.of(node), node);
                }
                measure(nodes);
            } finally {
                for (BenchNode node : nodes) {
                    try {
                        node.stop();
                    } catch (IOException e) {
                        System.err.println("cannot stop node:" + node.id + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** A backlog per shard that holds what a partition's writes add (SET deltas of about 150 bytes). */
    private static final String SIZED_BACKLOG = "64mb";

    private static void measure(List<BenchNode> nodes) throws Exception {
        int port = Ports.free("127.0.0.1");
        int plainPort = Ports.free("127.0.0.1");
        int copyPort = Ports.free("127.0.0.4");
        int copy2Port = Ports.free("127.0.0.7");
        List<String> create = new ArrayList<>(List.of("crdb", "create", "name", AA, "shards", "2", "port", String.valueOf(port)));
        for (BenchNode node : nodes) {
            create.addAll(List.of("instance", "fqdn=" + node.address + ":" + node.jmxPort + ",username=admin,password="
                    + node.adminPassword() + ",truststore=" + node.home.resolve("etc").resolve(JmxTls.TRUSTSTORE)));
        }
        RedisBenchmark.admin(nodes.get(0), create.toArray(new String[0]));
        RedisBenchmark.admin(nodes.get(0), "create", "db", "plain", "shards", "2", "port", String.valueOf(plainPort));
        RedisBenchmark.admin(nodes.get(1), "create", "db", "copy", "shards", "2", "port", String.valueOf(copyPort));
        RedisBenchmark.admin(nodes.get(1), "replica-of", "db", "copy", "source", "redis://127.0.0.1:" + plainPort + "/plain");
        RedisBenchmark.admin(nodes.get(2), "create", "db", "copy", "shards", "2", "port", String.valueOf(copy2Port));
        RedisBenchmark.admin(nodes.get(2), "replica-of", "db", "copy", "source", "redis://127.0.0.1:" + plainPort + "/plain");
        ReplicationBenchmark.awaitSynced(nodes.get(1));
        ReplicationBenchmark.awaitSynced(nodes.get(2));
        for (BenchNode node : nodes) {
            RedisBenchmark.awaitListening(node.address, port);
        }
        System.out.printf("Active-Active: 3 clusters of 1 node, redis-benchmark -t set -d %d -c %d -n %,d -r 100000; %s;"
                + " %d processors%n", VALUE_BYTES, CLIENTS, REQUESTS, RedisBenchmark.version(),
                Runtime.getRuntime().availableProcessors());
        List<Long> pids = BenchNode.pids(nodes);
        // warm both paths first, then measure each
        ReplicationBenchmark.run(List.of(nodes.get(0)), plainPort, "127.0.0.4", copyPort, REQUESTS / 2, pids);
        ReplicationBenchmark.run(List.of(nodes.get(0)), port, "127.0.0.4", port, REQUESTS / 2, pids);
        ReplicationBenchmark.Result replicaOf = ReplicationBenchmark.run(List.of(nodes.get(0)), plainPort, "127.0.0.4", copyPort,
                REQUESTS, pids);
        ReplicationBenchmark.Result active = ReplicationBenchmark.run(List.of(nodes.get(0)), port, "127.0.0.4", port, REQUESTS, pids);

        // all three written at once: what each accepts when the machine is shared by the three clusters
        ReplicationBenchmark.Result together = ReplicationBenchmark.run(nodes, port, "127.0.0.4", port, REQUESTS, pids);
        double half = active.writeOps() / 2;
        double halfTogether = together.writeOps() / nodes.size() / 2;
        double[] lag = lagUnderLoad(nodes, port, half, 20);
        double[] lagTogether = lagUnderLoad(nodes, port, halfTogether, 20);
        String partition = partition(nodes, port, Math.min(halfTogether, 5_000));
        // the same with backlogs that hold the partition's writes: every instance resumes from its checkpoints
        for (BenchNode node : nodes) {
            RedisBenchmark.admin(node, "set", "param", "repl_backlog", SIZED_BACKLOG);
        }
        String partitionSized = partition(nodes, port, Math.min(halfTogether, 5_000));

        System.out.println();
        System.out.printf("%-34s | %14s | %16s | %12s | %12s | %10s | %s%n", "", "writes/s", "replicated ops/s", "lag p50 ms",
                "lag p99 ms", "CPU us/SET", "ratio (writes/s, replicated)");
        System.out.println(row("Active-Active, instance 1 written", active) + String.format("%.2fx, %.2fx",
                active.writeOps() / replicaOf.writeOps(), active.replicatedOps() / replicaOf.replicatedOps()));
        System.out.println(row("Replica Of to two clusters", replicaOf));
        System.out.println(row("all three written at once", together) + String.format("(%,.0f writes/s each)",
                together.writeOps() / nodes.size()));
        System.out.printf("%nall three instances written at %,.0f SETs/s each (half of what one accepted alone): cross-instance"
                + " lag p50 %.1f ms, p99 %.1f ms over %d probes%n", half, lag[0], lag[1], (int) lag[2]);
        System.out.printf("all three instances written at %,.0f SETs/s each (half of what each accepted with all three"
                + " written): cross-instance lag p50 %.1f ms, p99 %.1f ms over %d probes%n", halfTogether, lagTogether[0],
                lagTogether[1], (int) lagTogether[2]);
        System.out.println("default backlog (1mb per shard): " + partition);
        System.out.println("backlog of " + SIZED_BACKLOG + " per shard (set param repl_backlog): " + partitionSized);
        System.out.println("targets: lag p99 <= 100 ms; writes accepted while replicating >= 0.7x Replica Of's");
    }

    private static String row(String name, ReplicationBenchmark.Result r) {
        return String.format("%-34s | %,14.0f | %,16.0f | %12.1f | %12.1f | %10.1f | ", name, r.writeOps(), r.replicatedOps(),
                r.lagP50(), r.lagP99(), r.cpuMicrosPerWrite());
    }

    /** Every instance written at {@code rate} SETs/s for {@code seconds}; probes from instance i timed on instance i+1. */
    private static double[] lagUnderLoad(List<BenchNode> nodes, int port, double rate, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> loads = new ArrayList<>();
        AtomicLong written = new AtomicLong();
        for (BenchNode node : nodes) {
            loads.add(load(node.address, port, rate, running, written, "lag"));
        }
        List<Long> lags = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<ReplicationBenchmark.Resp> writers = new ArrayList<>();
        List<ReplicationBenchmark.Resp> readers = new ArrayList<>();
        try {
            for (int i = 0; i < nodes.size(); i++) {
                writers.add(new ReplicationBenchmark.Resp(nodes.get(i).address, port));
                readers.add(new ReplicationBenchmark.Resp(nodes.get((i + 1) % nodes.size()).address, port));
            }
            for (int probe = 0; System.nanoTime() < end && probe < 100_000; probe++) {
                int from = probe % nodes.size();
                String key = "probe:" + probe;
                String value = Long.toString(System.nanoTime());
                writers.get(from).call("SET", key, value);
                long sent = System.nanoTime();
                while (!value.equals(readers.get(from).call("GET", key)) && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(10)) {
                    LockSupport.parkNanos(200_000);
                }
                lags.add(System.nanoTime() - sent);
                Thread.sleep(10);
            }
        } finally {
            running.set(false);
            for (Thread t : loads) {
                t.join(10_000);
            }
            for (ReplicationBenchmark.Resp r : writers) {
                r.close();
            }
            for (ReplicationBenchmark.Resp r : readers) {
                r.close();
            }
        }
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6,
                sorted.length};
    }

    /** Every instance stops pulling, all three are written, every instance pulls again: time and bytes to converge. */
    private static String partition(List<BenchNode> nodes, int port, double rate) throws Exception {
        long bytesBefore = ingress(nodes)[0];
        for (BenchNode node : nodes) {
            RedisBenchmark.admin(node, "replica-of", "db", AA, "pause");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        List<Thread> loads = new ArrayList<>();
        for (BenchNode node : nodes) {
            loads.add(load(node.address, port, rate, running, written, "cut-" + node.id));
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(PARTITION_S));
        running.set(false);
        for (Thread t : loads) {
            t.join(10_000);
        }
        String tag = Long.toString(System.nanoTime());
        for (BenchNode node : nodes) {
            try (ReplicationBenchmark.Resp client = new ReplicationBenchmark.Resp(node.address, port)) {
                for (int i = 0; i < SENTINELS; i++) {
                    client.call("SET", "sentinel:" + node.id + ":" + i, tag);
                }
            }
        }
        long[] paused = ingress(nodes);
        long resumed = System.nanoTime();
        for (BenchNode node : nodes) {
            RedisBenchmark.admin(node, "replica-of", "db", AA, "resume");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        for (BenchNode reader : nodes) {
            try (ReplicationBenchmark.Resp client = new ReplicationBenchmark.Resp(reader.address, port)) {
                for (BenchNode writer : nodes) {
                    for (int i = 0; i < SENTINELS; i++) {
                        while (!tag.equals(client.call("GET", "sentinel:" + writer.id + ":" + i))) {
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("the instances did not converge within 600 s of the partition's end");
                            }
                            Thread.sleep(5);
                        }
                    }
                }
            }
        }
        // a full resync sends keys in no particular order: equal also means the same number of keys everywhere
        List<String> sizes = sizes(nodes, port);
        while (sizes.stream().distinct().count() > 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the instances hold different numbers of keys 600 s after the partition: " + sizes);
            }
            Thread.sleep(20);
            sizes = sizes(nodes, port);
        }
        long converged = System.nanoTime();
        long[] after = ingress(nodes);
        long bytes = after[0] - paused[0];
        return String.format("partition of %d s, every instance written at %,.0f SETs/s: %,d writes meanwhile; after it,"
                + " all instances equal in %.1f s (keys %s), %,d bytes pulled (%.0f bytes per write; %,d before the cut),"
                + " %d full and %d partial resyncs of a peer's shard", PARTITION_S, rate, written.get(),
                (converged - resumed) / 1e9, String.join(" / ", sizes), bytes, (double) bytes / Math.max(1, written.get()),
                bytesBefore, after[1] - paused[1], after[2] - paused[2]);
    }

    private static List<String> sizes(List<BenchNode> nodes, int port) throws IOException {
        List<String> sizes = new ArrayList<>();
        for (BenchNode node : nodes) {
            try (ReplicationBenchmark.Resp client = new ReplicationBenchmark.Resp(node.address, port)) {
                sizes.add(client.call("DBSIZE"));
            }
        }
        return sizes;
    }

    /** The bytes every instance's syncer has read from its peers, and the full and partial resyncs, added up. */
    private static long[] ingress(List<BenchNode> nodes) throws IOException {
        long[] total = new long[3];
        for (BenchNode node : nodes) {
            try (JMXConnector jmx = node.jmx()) {
                ActiveActiveMXBean bean = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                        new ObjectName(ActiveActiveMXBean.objectName(AA)), ActiveActiveMXBean.class);
                for (CrdbPeerRow peer : bean.getPeers()) {
                    total[0] += peer.ingressBytes();
                    total[1] += peer.fullSyncs();
                    total[2] += peer.partialSyncs();
                }
            } catch (MalformedObjectNameException e) {
                throw new IOException(e);
            }
        }
        return total;
    }

    /** SETs of 100-byte values to random keys at {@code rate} per second, pipelined in batches every 5 ms. */
    private static Thread load(String host, int port, double rate, AtomicBoolean running, AtomicLong written, String prefix) {
        Thread thread = new Thread(() -> {
            String value = "x".repeat(VALUE_BYTES);
            try (Socket socket = new Socket(host, port)) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                long started = System.nanoTime();
                long sent = 0;
                Random random = new Random(host.hashCode());
                while (running.get()) {
                    long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
                    int batch = (int) Math.min(2_000, due - sent);
                    if (batch <= 0) {
                        LockSupport.parkNanos(1_000_000);
                        continue;
                    }
                    StringBuilder commands = new StringBuilder();
                    for (int i = 0; i < batch; i++) {
                        String key = prefix + ":" + random.nextInt(100_000);
                        commands.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
                                .append("\r\n$").append(VALUE_BYTES).append("\r\n").append(value).append("\r\n");
                    }
                    out.write(commands.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    for (int i = 0; i < batch; i++) {
                        int type = in.read();
                        while (type != '\n') {
                            if (type < 0) {
                                throw new IOException("connection closed");
                            }
                            type = in.read();
                        }
                    }
                    sent += batch;
                    written.addAndGet(batch);
                }
            } catch (IOException e) {
                System.err.println("load on " + host + ": " + e);
            }
        }, "load-" + host);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
