package io.clustersync.benchmarks;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * redis-benchmark against a clustersync proxy endpoint and against redis-server, in the same run, interleaved:
 * {@code -t set,get -n 1000000 -c 50} at pipelines 1 and 16 on a 1-shard database (policy single) and on the
 * redis-server anchor; then the same through a 3-shard database on 3 nodes (policy all-master-shards) with the
 * clients spread over the three proxies.
 *
 * <p>The anchor runs with {@code appendonly yes, appendfsync everysec}, the durability clustersync's shard stores
 * give (a write reaches the operating system within 50 ms and the disk within a second); redis-server without
 * persistence is measured too and printed for reference.
 */
public final class RedisBenchmark {

    /** -n of each measured run; {@code benchmarks/run redis <n>} sets another (1,000,000 is the figure of record). */
    private static int REQUESTS = 1_000_000;
    private static final int CLIENTS = 50;
    private static final String ANCHOR_ADDRESS = "127.0.0.9";
    private static final int ROUNDS = 3;

    /** One redis-benchmark result line. */
    record Figures(double rps, double p50, double p99) {
        Figures plus(Figures other) {
            return new Figures(rps + other.rps, Math.max(p50, other.p50), Math.max(p99, other.p99));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            REQUESTS = Integer.parseInt(args[0]);
        }
        Scratch scratch = new Scratch("clustersync-redis-bench");
        Path base = scratch.dir;
        List<BenchNode> nodes = List.of(new BenchNode(base, 1), new BenchNode(base, 2), new BenchNode(base, 3));
        List<Process> anchors = new ArrayList<>();
        try {
            for (BenchNode n : nodes) {
                n.start(nodes, nodes.get(0));
            }
            admin(nodes.get(0), "synchronize-all");
            int onePort = Ports.free("127.0.0.1");
            int threePort = Ports.free("127.0.0.1");
            admin(nodes.get(0), "create", "db", "bench1", "shards", "1", "port", String.valueOf(onePort));
            admin(nodes.get(0), "create", "db", "bench3", "shards", "3", "port", String.valueOf(threePort));
            admin(nodes.get(0), "bind", "db", "bench3", "endpoint", "2:1", "policy", "all-master-shards");
            int aofPort = Ports.free("127.0.0.1");
            int plainPort = Ports.free("127.0.0.1");
            anchors.add(redisServer(base.resolve("redis-aof"), aofPort, true));
            anchors.add(redisServer(base.resolve("redis-plain"), plainPort, false));
            for (int port : new int[] {onePort, threePort}) {
                awaitListening(nodes.get(0).address, port);
            }
            for (BenchNode n : nodes) {
                awaitListening(n.address, threePort);
            }
            awaitListening(ANCHOR_ADDRESS, aofPort);
            awaitListening(ANCHOR_ADDRESS, plainPort);

            System.out.printf("redis-benchmark -t set,get -n %,d -c %d, pipelines 1 and 16; %s; %d processors%n",
                    REQUESTS, CLIENTS, version(), Runtime.getRuntime().availableProcessors());
            System.out.println("warming up the clustersync proxies (JIT) ...");
            benchmark(nodes.get(0).address, onePort, 1, 300_000, CLIENTS, false);
            benchmark(nodes.get(0).address, onePort, 16, 1_000_000, CLIENTS, false);
            warmThree(nodes, threePort);

            System.out.println();
            System.out.println("1-shard database, its proxy on node:1, against redis-server: " + ROUNDS
                    + " interleaved rounds, medians (and the ratio of each round)");
            System.out.printf("%-9s %-4s | %-30s | %-30s | %-6s | %-20s | %-30s%n", "pipeline", "test", "clustersync ops/s p50/p99 ms",
                    "redis-server AOF everysec", "ratio", "rounds", "redis-server no persistence");
            for (int pipeline : new int[] {1, 16}) {
                Map<String, List<Figures>> ours = new LinkedHashMap<>();
                Map<String, List<Figures>> anchor = new LinkedHashMap<>();
                Map<String, List<Figures>> plain = new LinkedHashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    collect(ours, benchmark(nodes.get(0).address, onePort, pipeline, REQUESTS, CLIENTS, false));
                    collect(anchor, benchmark(ANCHOR_ADDRESS, aofPort, pipeline, REQUESTS, CLIENTS, false));
                    collect(plain, benchmark(ANCHOR_ADDRESS, plainPort, pipeline, REQUESTS, CLIENTS, false));
                }
                for (String test : ours.keySet()) {
                    Figures o = median(ours.get(test));
                    Figures a = median(anchor.get(test));
                    StringBuilder rounds = new StringBuilder();
                    for (int round = 0; round < ROUNDS; round++) {
                        rounds.append(String.format("%.2f ", ours.get(test).get(round).rps / anchor.get(test).get(round).rps));
                    }
                    System.out.printf("P%-8d %-4s | %-30s | %-30s | %5.2fx | %-20s | %-30s%n", pipeline, test, show(o), show(a),
                            o.rps / a.rps, rounds.toString().trim(), show(median(plain.get(test))));
                }
            }

            System.out.println();
            System.out.println("3-shard database on 3 nodes (all-master-shards), clients spread over the 3 proxies"
                    + " (random keys, -r 100000):");
            for (int pipeline : new int[] {1, 16}) {
                Map<String, Figures> spread = spread(nodes, threePort, pipeline);
                Map<String, Figures> anchor = benchmarkRandom(ANCHOR_ADDRESS, aofPort, pipeline, REQUESTS, CLIENTS);
                for (String test : spread.keySet()) {
                    Figures o = spread.get(test);
                    Figures a = anchor.get(test);
                    System.out.printf("P%-8d %-4s | clustersync %-30s | redis-server AOF %-30s | %5.2fx%n", pipeline, test,
                            show(o), show(a), o.rps / a.rps);
                }
            }
            System.out.println();
            System.out.println("targets (1-shard): >= 0.90x of redis-server's ops/s at pipeline 1, >= 0.70x at pipeline 16");
        } finally {
            for (Process anchor : anchors) {
                anchor.destroy();
                anchor.waitFor(10, TimeUnit.SECONDS);
                anchor.destroyForcibly();
            }
            for (BenchNode n : nodes) {
                try {
                    n.stop();
                } catch (IOException e) {
                    System.err.println("cannot stop node:" + n.id + ": " + e.getMessage());
                }
            }
            scratch.close();
        }
    }

    private static void warmThree(List<BenchNode> nodes, int port) throws Exception {
        List<Process> running = new ArrayList<>();
        for (BenchNode n : nodes) {
            running.add(start(command(n.address, port, 16, 300_000, CLIENTS / 3, true)));
        }
        for (Process p : running) {
            finish(p);
        }
    }

    private static Map<String, Figures> spread(List<BenchNode> nodes, int port, int pipeline) throws Exception {
        List<Process> running = new ArrayList<>();
        for (BenchNode n : nodes) {
            running.add(start(command(n.address, port, pipeline, REQUESTS / 3, (CLIENTS + 2) / 3, true)));
        }
        Map<String, Figures> total = new LinkedHashMap<>();
        for (Process p : running) {
            parse(finish(p)).forEach((test, figures) -> total.merge(test, figures, Figures::plus));
        }
        return total;
    }

    private static Map<String, Figures> benchmark(String host, int port, int pipeline, int requests, int clients,
                                                  boolean random) throws Exception {
        return parse(finish(start(command(host, port, pipeline, requests, clients, random))));
    }

    private static Map<String, Figures> benchmarkRandom(String host, int port, int pipeline, int requests, int clients) throws Exception {
        return benchmark(host, port, pipeline, requests, clients, true);
    }

    private static List<String> command(String host, int port, int pipeline, int requests, int clients, boolean random) {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", host, "-p", String.valueOf(port),
                "-t", "set,get", "-n", String.valueOf(requests), "-c", String.valueOf(clients), "-P", String.valueOf(pipeline),
                "--csv"));
        if (random) {
            command.addAll(List.of("-r", "100000"));
        }
        return command;
    }

    static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static String finish(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("redis-benchmark failed:\n" + output);
        }
        return output;
    }

    /** The CSV lines: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms",... */
    private static Map<String, Figures> parse(String csv) {
        Map<String, Figures> out = new LinkedHashMap<>();
        for (String line : csv.split("\n")) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length >= 7 && (cells[0].equals("SET") || cells[0].equals("GET"))) {
                out.put(cells[0], new Figures(Double.parseDouble(cells[1]), Double.parseDouble(cells[4]), Double.parseDouble(cells[6])));
            }
        }
        if (out.size() != 2) {
            throw new IllegalStateException("unexpected redis-benchmark output:\n" + csv);
        }
        return out;
    }

    private static void collect(Map<String, List<Figures>> into, Map<String, Figures> run) {
        run.forEach((test, figures) -> into.computeIfAbsent(test, t -> new ArrayList<>()).add(figures));
    }

    /** The median of each figure on its own. */
    private static Figures median(List<Figures> runs) {
        double[] rps = runs.stream().mapToDouble(Figures::rps).sorted().toArray();
        double[] p50 = runs.stream().mapToDouble(Figures::p50).sorted().toArray();
        double[] p99 = runs.stream().mapToDouble(Figures::p99).sorted().toArray();
        return new Figures(rps[rps.length / 2], p50[p50.length / 2], p99[p99.length / 2]);
    }

    private static String show(Figures f) {
        return String.format("%,10.0f  %6.3f / %6.3f", f.rps, f.p50, f.p99);
    }

    private static Process redisServer(Path dir, int port, boolean aof) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", ANCHOR_ADDRESS, "--port", String.valueOf(port),
                "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--protected-mode", "no"));
        command.addAll(aof ? List.of("--appendonly", "yes", "--appendfsync", "everysec") : List.of("--appendonly", "no"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    }

    static void admin(BenchNode node, String... words) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BenchNode.INSTALL.resolve("bin/clustersync-admin").toString(),
                "--home", node.home.toString()));
        command.addAll(List.of(words));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("clustersync-admin " + String.join(" ", words) + " failed:\n" + output);
        }
    }

    static void awaitListening(String host, int port) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (Socket ignored = new Socket(host, port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on " + host + ":" + port + " after 30 s");
    }

    static String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        process.waitFor(10, TimeUnit.SECONDS);
        return output.replaceAll(" sha=\\S+| malloc=\\S+| bits=\\S+| build=\\S+", "");
    }
}
