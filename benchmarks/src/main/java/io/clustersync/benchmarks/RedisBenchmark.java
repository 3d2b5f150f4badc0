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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * redis-benchmark against a clustersync proxy endpoint and against redis-server, in the same run, interleaved:
 * {@code -t set,get -n 1000000 -c 50} at pipelines 1 and 16 on a 1-shard database (policy single) and on the
 * redis-server anchor; then the same through a 3-shard database on 3 nodes (policy all-master-shards) with the
 * clients spread over the three proxies; then over TLS: a 1-shard database with {@code tls yes} (redis-benchmark
 * verifying the node's certificate against {@code etc/cluster-ca.pem}) against redis-server with TLS on its own
 * certificate, both with the same durability. {@code benchmarks/run redis <n> tls} runs the TLS part alone.
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
        boolean plainParts = args.length < 2 || !args[1].equals("tls");
        Scratch scratch = new Scratch("clustersync-redis-bench");
        Path base = scratch.dir;
        List<BenchNode> nodes = List.of(new BenchNode(base, 1), new BenchNode(base, 2), new BenchNode(base, 3));
        List<Process> anchors = new ArrayList<>();
        try {
            for (BenchNode n : nodes) {
                n.start(nodes, nodes.get(0));
            }
            admin(nodes.get(0), "set", "param", "sync.allow_shared_computer", "yes");
            admin(nodes.get(0), "synchronize-all");
            int onePort = Ports.free("127.0.0.1");
            int threePort = Ports.free("127.0.0.1");
            admin(nodes.get(0), "create", "db", "bench1", "shards", "1", "port", String.valueOf(onePort));
            admin(nodes.get(0), "create", "db", "bench3", "shards", "3", "port", String.valueOf(threePort));
            admin(nodes.get(0), "bind", "db", "bench3", "endpoint", "2:1", "policy", "all-master-shards");
            int tlsPort = Ports.free("127.0.0.1");
            // policy single puts the proxy on the node of the shard, as for bench1: no hop over the bus in either
            String created = adminOutput(nodes.get(0), "create", "db", "benchtls", "shards", "1", "port", String.valueOf(tlsPort),
                    "tls", "yes");
            Matcher at = Pattern.compile("endpoint:\\d+:1 ([0-9.]+):" + tlsPort).matcher(created);
            if (!at.find()) {
                throw new IOException("no proxy address in what create printed:\n" + created);
            }
            String tlsAddress = at.group(1);
            int aofPort = Ports.free("127.0.0.1");
            int plainPort = Ports.free("127.0.0.1");
            int anchorTlsPort = Ports.free("127.0.0.1");
            anchors.add(redisServer(base.resolve("redis-aof"), aofPort, true));
            anchors.add(redisServer(base.resolve("redis-plain"), plainPort, false));
            Path anchorCa = anchorCertificate(base.resolve("redis-tls"));
            anchors.add(redisServerTls(base.resolve("redis-tls"), anchorTlsPort));
            List<String> oursTls = List.of("--tls", "--cacert", nodes.get(0).home.resolve("etc/cluster-ca.pem").toString());
            List<String> anchorTls = List.of("--tls", "--cacert", anchorCa.toString());
            for (int port : new int[] {onePort, threePort}) {
                awaitListening(nodes.get(0).address, port);
            }
            for (BenchNode n : nodes) {
                awaitListening(n.address, threePort);
            }
            awaitListening(ANCHOR_ADDRESS, aofPort);
            awaitListening(ANCHOR_ADDRESS, plainPort);
            awaitListening(ANCHOR_ADDRESS, anchorTlsPort);
            awaitTls(tlsAddress, tlsPort, oursTls);

            System.out.printf("redis-benchmark -t set,get -n %,d -c %d, pipelines 1 and 16; %s; %d processors%n",
                    REQUESTS, CLIENTS, version(), Runtime.getRuntime().availableProcessors());
            System.out.println("warming up the clustersync proxies (JIT) ...");
            benchmark(nodes.get(0).address, onePort, 1, 300_000, CLIENTS, false);
            benchmark(nodes.get(0).address, onePort, 16, 1_000_000, CLIENTS, false);
            if (plainParts) {
                warmThree(nodes, threePort);
                plainRows(nodes, onePort, threePort, aofPort, plainPort);
            }
            tlsRows(tlsAddress, tlsPort, oursTls, anchorTlsPort, anchorTls);
            System.out.println();
            System.out.println("targets (1-shard): >= 0.90x of redis-server's ops/s at pipeline 1, >= 0.70x at pipeline 16;"
                    + " TLS: >= 0.80x of redis-server with TLS");
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

    /**
     * The TLS rows: the TLS proxy of a 1-shard database against redis-server with TLS and AOF everysec, interleaved
     * rounds, medians, at pipelines 1 and 16.
     */
    private static void tlsRows(String address, int port, List<String> oursTls, int anchorPort, List<String> anchorTls)
            throws Exception {
        System.out.println();
        System.out.println("warming up the TLS proxy (JIT) ...");
        run(command(address, port, 1, 300_000, CLIENTS, false, oursTls));
        run(command(address, port, 16, 1_000_000, CLIENTS, false, oursTls));
        System.out.println("TLS: 1-shard database with tls yes (its proxy on its shard's node) against redis-server with TLS, both"
                + " verified by redis-benchmark --tls --cacert; " + ROUNDS + " interleaved rounds, medians");
        System.out.printf("%-9s %-4s | %-30s | %-30s | %-6s | %-20s%n", "pipeline", "test", "clustersync TLS ops/s p50/p99 ms",
                "redis-server TLS, AOF everysec", "ratio", "rounds");
        for (int pipeline : new int[] {1, 16}) {
            Map<String, List<Figures>> ours = new LinkedHashMap<>();
            Map<String, List<Figures>> anchor = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                collect(ours, run(command(address, port, pipeline, REQUESTS, CLIENTS, false, oursTls)));
                collect(anchor, run(command(ANCHOR_ADDRESS, anchorPort, pipeline, REQUESTS, CLIENTS, false, anchorTls)));
            }
            printRows(pipeline, ours, anchor, null);
        }
    }

    /** The plain rows: the 1-shard database against redis-server, then the 3-shard database on 3 nodes. */
    private static void plainRows(List<BenchNode> nodes, int onePort, int threePort, int aofPort, int plainPort) throws Exception {
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
            printRows(pipeline, ours, anchor, plain);
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
    }

    /** One row per test: the medians, their ratio, each round's ratio, and the reference anchor's median if any. */
    private static void printRows(int pipeline, Map<String, List<Figures>> ours, Map<String, List<Figures>> anchor,
                                  Map<String, List<Figures>> reference) {
        for (String test : ours.keySet()) {
            Figures o = median(ours.get(test));
            Figures a = median(anchor.get(test));
            StringBuilder rounds = new StringBuilder();
            for (int round = 0; round < ROUNDS; round++) {
                rounds.append(String.format("%.2f ", ours.get(test).get(round).rps / anchor.get(test).get(round).rps));
            }
            System.out.printf("P%-8d %-4s | %-30s | %-30s | %5.2fx | %-20s%s%n", pipeline, test, show(o), show(a),
                    o.rps / a.rps, rounds.toString().trim(), reference == null ? "" : " | " + show(median(reference.get(test))));
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
        return command(host, port, pipeline, requests, clients, random, List.of());
    }

    private static Map<String, Figures> run(List<String> command) throws Exception {
        return parse(finish(start(command)));
    }

    private static List<String> command(String host, int port, int pipeline, int requests, int clients, boolean random,
                                        List<String> tls) {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", host, "-p", String.valueOf(port),
                "-t", "set,get", "-n", String.valueOf(requests), "-c", String.valueOf(clients), "-P", String.valueOf(pipeline),
                "--csv"));
        if (random) {
            command.addAll(List.of("-r", "100000"));
        }
        command.addAll(tls);
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

    /** A self-signed certificate and key for the redis-server TLS anchor, made with openssl; returns the certificate. */
    private static Path anchorCertificate(Path dir) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2", "-subj", "/CN=" + ANCHOR_ADDRESS, "-addext", "subjectAltName=IP:" + ANCHOR_ADDRESS,
                "-keyout", dir.resolve("redis.key").toString(), "-out", dir.resolve("redis.crt").toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl could not make the anchor's certificate:\n" + output);
        }
        return dir.resolve("redis.crt");
    }

    /** redis-server with TLS only (no plain port), AOF everysec like the other anchor, on the certificate above. */
    private static Process redisServerTls(Path dir, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", ANCHOR_ADDRESS, "--port", "0",
                "--tls-port", String.valueOf(port), "--tls-cert-file", dir.resolve("redis.crt").toString(),
                "--tls-key-file", dir.resolve("redis.key").toString(), "--tls-ca-cert-file", dir.resolve("redis.crt").toString(),
                "--tls-auth-clients", "no", "--dir", dir.toString(), "--save", "", "--daemonize", "no",
                "--protected-mode", "no", "--appendonly", "yes", "--appendfsync", "everysec"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    }

    /** Waits until the TLS proxy answers (the node issues its certificate with keytool the first time). */
    private static void awaitTls(String host, int port, List<String> tls) throws Exception {
        for (int i = 0; i < 120; i++) {
            List<String> ping = new ArrayList<>(List.of("redis-cli", "-h", host, "-p", String.valueOf(port)));
            ping.addAll(tls);
            ping.add("ping");
            Process p = new ProcessBuilder(ping).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor(10, TimeUnit.SECONDS) && out.trim().equals("PONG")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("the TLS proxy on " + host + ":" + port + " did not answer within 30 s");
    }

    static void admin(BenchNode node, String... words) throws IOException, InterruptedException {
        adminOutput(node, words);
    }

    /** Runs clustersync-admin against a node; returns what it printed, or throws with it when it failed. */
    static String adminOutput(BenchNode node, String... words) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BenchNode.INSTALL.resolve("bin/clustersync-admin").toString(),
                "--home", node.home.toString()));
        command.addAll(List.of(words));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("clustersync-admin " + String.join(" ", words) + " failed:\n" + output);
        }
        return output;
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
