package io.clustersync.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * Every data type against redis-server, in one run: redis-benchmark's default test list (no {@code -t}: PING, SET,
 * GET, INCR, LPUSH, RPUSH, LPOP, RPOP, SADD, HSET, SPOP, ZADD, ZPOPMIN, LRANGE_100..600, MSET) at pipelines 1 and 16
 * on a 1-shard database and on redis-server with {@code appendonly yes, appendfsync everysec}; then the memory the
 * node's heap holds per key after a full collection beside redis-server's {@code used_memory} growth for the same
 * keys: 1,000,000 small strings, then 100,000 lists, sets, sorted sets and hashes of 100 members each, and the
 * node's resident set (read once it settles after the collection) beside redis-server's {@code used_memory_rss}.
 *
 * <p>{@code benchmarks/run types [n] [collections] [rounds] [tests]} sets the requests per test (default 100,000; 0
 * measures memory only), the number of keys of each collection type (default 100,000; 0 measures speed only), the
 * rounds whose median is taken (default 3) and, to run again some of redis-benchmark's tests alone, its {@code -t}
 * list (default: its whole default list).
 */
public final class TypesBenchmark {

    private static final String ANCHOR_ADDRESS = "127.0.0.9";
    private static final int CLIENTS = 50;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int collections = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String tests = args.length > 3 ? args[3] : null;
        Scratch scratch = new Scratch("clustersync-types-bench");
        BenchNode node = new BenchNode(scratch.dir, 1);
        Process anchor = null;
        try {
            node.start(List.of(node), node);
            int port = Ports.free("127.0.0.1");
            RedisBenchmark.admin(node, "create", "db", "types", "shards", "1", "port", String.valueOf(port));
            int anchorPort = Ports.free(ANCHOR_ADDRESS);
            anchor = redisServer(scratch.dir.resolve("redis"), anchorPort);
            RedisBenchmark.awaitListening(node.address, port);
            RedisBenchmark.awaitListening(ANCHOR_ADDRESS, anchorPort);
            System.out.printf("redis-benchmark default tests, -n %,d -c %d, %d rounds of clustersync then redis-server"
                    + " (the median of each); %s; %d processors%n", requests, CLIENTS, rounds,
                    RedisBenchmark.version(), Runtime.getRuntime().availableProcessors());
            if (requests > 0) {
                System.out.println("warming up the proxy (JIT) ...");
                run(node.address, port, 1, Math.max(50_000, requests / 2), tests);
                run(node.address, port, 16, requests, tests);
            }

            for (int pipeline : requests > 0 ? new int[] {1, 16} : new int[0]) {
                List<Map<String, Double>> oursRounds = new ArrayList<>();
                List<Map<String, Double>> theirsRounds = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    oursRounds.add(run(node.address, port, pipeline, requests, tests));
                    theirsRounds.add(run(ANCHOR_ADDRESS, anchorPort, pipeline, requests, tests));
                }
                Map<String, Double> ours = median(oursRounds);
                Map<String, Double> theirs = median(theirsRounds);
                double target = pipeline == 1 ? 0.9 : 0.7;
                System.out.println();
                System.out.printf("pipeline %d (target >= %.1fx)%n", pipeline, target);
                System.out.printf("%-36s %14s %14s %7s%n", "test", "clustersync/s", "redis-server/s", "ratio");
                int met = 0;
                for (String test : ours.keySet()) {
                    double ratio = ours.get(test) / theirs.getOrDefault(test, Double.NaN);
                    met += ratio >= target ? 1 : 0;
                    System.out.printf("%-36s %,14.0f %,14.0f %6.2fx%s%n", test, ours.get(test), theirs.getOrDefault(test, Double.NaN),
                            ratio, ratio >= target ? "" : "  below target");
                }
                System.out.printf("%d of %d tests at or above %.1fx%n", met, ours.size(), target);
            }

            if (collections == 0) {
                return;
            }
            System.out.println();
            System.out.println("memory per key: the node's heap after a full collection (clustersync) beside redis-server's"
                    + " used_memory; then the node's resident set (VmRSS, after the same collection) beside redis-server's used_memory_rss");
            System.out.printf("%-40s %14s %14s %7s %14s %14s %7s%n", "data set", "clustersync B", "redis-server B", "ratio",
                    "node RSS B", "redis RSS B", "ratio");
            List<String[]> sets = List.of(
                    new String[] {"1,000,000 strings of 10 bytes", "strings", "1000000"},
                    new String[] {String.format("%,d lists of 100 members", collections), "lists", Integer.toString(collections)},
                    new String[] {String.format("%,d sets of 100 members", collections), "sets", Integer.toString(collections)},
                    new String[] {String.format("%,d sorted sets of 100 members", collections), "zsets", Integer.toString(collections)},
                    new String[] {String.format("%,d hashes of 100 fields", collections), "hashes", Integer.toString(collections)});
            for (String[] set : sets) {
                int keys = Integer.parseInt(set[2]);
                Path load = scratch.dir.resolve(set[1] + ".resp");
                write(load, set[1], keys);
                flush(node.address, port);
                flush(ANCHOR_ADDRESS, anchorPort);
                long oursBefore = heapAfterCollection(node.pid());
                long oursRssBefore = residentSet(node.pid());
                long theirsBefore = redisMemory(anchorPort, "used_memory");
                long theirsRssBefore = redisMemory(anchorPort, "used_memory_rss");
                pipe(node.address, port, load);
                pipe(ANCHOR_ADDRESS, anchorPort, load);
                long oursAfter = heapAfterCollection(node.pid());
                long oursRssAfter = residentSet(node.pid());
                long theirsAfter = redisMemory(anchorPort, "used_memory");
                long theirsRssAfter = redisMemory(anchorPort, "used_memory_rss");
                double oursPerKey = (double) (oursAfter - oursBefore) / keys;
                double theirsPerKey = (double) (theirsAfter - theirsBefore) / keys;
                double oursRss = (double) (oursRssAfter - oursRssBefore) / keys;
                double theirsRss = (double) (theirsRssAfter - theirsRssBefore) / keys;
                System.out.printf("%-40s %,14.0f %,14.0f %6.2fx %,14.0f %,14.0f %6.2fx%n", set[0], oursPerKey, theirsPerKey,
                        oursPerKey / theirsPerKey, oursRss, theirsRss, oursRss / theirsRss);
                Files.delete(load);
            }
            System.out.println("goal: <= 2x redis-server's memory per key");
        } finally {
            if (anchor != null) {
                anchor.destroy();
                anchor.waitFor(10, TimeUnit.SECONDS);
                anchor.destroyForcibly();
            }
            node.stop();
            scratch.close();
        }
    }

    /** Per test, the median of its figures over the rounds (the machine's other work moves single runs by 10-30%). */
    private static Map<String, Double> median(List<Map<String, Double>> rounds) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String test : rounds.get(0).keySet()) {
            List<Double> figures = new ArrayList<>();
            for (Map<String, Double> round : rounds) {
                if (round.containsKey(test)) {
                    figures.add(round.get(test));
                }
            }
            figures.sort(Double::compare);
            out.put(test, figures.get(figures.size() / 2));
        }
        return out;
    }

    /** One redis-benchmark run of the default tests: requests per second by test. */
    private static Map<String, Double> run(String host, int port, int pipeline, int requests, String tests) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", host, "-p", String.valueOf(port),
                "-n", String.valueOf(requests), "-c", String.valueOf(CLIENTS), "-P", String.valueOf(pipeline), "--csv"));
        if (tests != null) {
            command.addAll(List.of("-t", tests));
        }
        String csv = RedisBenchmark.finish(RedisBenchmark.start(command));
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : csv.split("\n")) {
            String[] cells = line.split("\",\"");
            if (cells.length >= 2 && !cells[0].startsWith("\"test")) {
                try {
                    out.put(cells[0].replace("\"", ""), Double.parseDouble(cells[1].replace("\"", "")));
                } catch (NumberFormatException notAFigure) {
                    // a header or progress line
                }
            }
        }
        if (tests == null && out.size() < 15 || out.isEmpty()) {
            throw new IOException("redis-benchmark on " + host + ":" + port + " did not complete the default tests:\n" + csv);
        }
        return out;
    }

    /** The commands that load a data set, in RESP, for redis-cli --pipe. */
    private static void write(Path file, String kind, int keys) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int k = 0; k < keys; k++) {
                List<String> command = new ArrayList<>();
                switch (kind) {
                    case "strings" -> command.addAll(List.of("SET", "string:" + k, "value:" + (1000 + k % 9000)));
                    case "lists" -> command.addAll(List.of("RPUSH", "list:" + k));
                    case "sets" -> command.addAll(List.of("SADD", "set:" + k));
                    case "zsets" -> command.addAll(List.of("ZADD", "zset:" + k));
                    default -> command.addAll(List.of("HSET", "hash:" + k));
                }
                if (!kind.equals("strings")) {
                    for (int m = 0; m < 100; m++) {
                        if (kind.equals("zsets")) {
                            command.add(Integer.toString(m));
                        }
                        command.add("member-" + m);
                        if (kind.equals("hashes")) {
                            command.add("value-" + m);
                        }
                    }
                }
                out.write(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                for (String word : command) {
                    byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
                    out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.write(new byte[] {'\r', '\n'});
                }
            }
        }
    }

    private static void pipe(String host, int port, Path load) throws Exception {
        Process process = new ProcessBuilder("redis-cli", "-h", host, "-p", String.valueOf(port), "--pipe")
                .redirectInput(load.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(1200, TimeUnit.SECONDS) || process.exitValue() != 0 || !output.contains("errors: 0")) {
            throw new IOException("redis-cli --pipe to " + host + ":" + port + " failed:\n" + output);
        }
        Thread.sleep(2000); // let the node's log writer and collector settle
    }

    private static void flush(String host, int port) throws Exception {
        RedisBenchmark.finish(RedisBenchmark.start(List.of("redis-cli", "-h", host, "-p", String.valueOf(port), "FLUSHALL")));
    }

    /** The bytes the node's heap holds after a full collection (jcmd GC.run, then GC.heap_info's "used"). */
    private static long heapAfterCollection(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        RedisBenchmark.finish(RedisBenchmark.start(List.of(jcmd, Long.toString(pid), "GC.run")));
        String info = RedisBenchmark.finish(RedisBenchmark.start(List.of(jcmd, Long.toString(pid), "GC.heap_info")));
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IOException("no heap use in jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** A figure of redis-server's INFO memory, in bytes. */
    private static long redisMemory(int port, String field) throws Exception {
        String info = RedisBenchmark.finish(RedisBenchmark.start(List.of("redis-cli", "-h", ANCHOR_ADDRESS, "-p",
                String.valueOf(port), "INFO", "memory")));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        throw new IOException("no " + field + " in:\n" + info);
    }

    /**
     * The process's resident set once it has settled after a collection (the JVM gives freed heap back to the
     * system from a thread of its own, a moment after the collection): read until two readings half a second apart
     * agree within 1%, for 20 s at most.
     */
    private static long residentSet(long pid) throws IOException, InterruptedException {
        long previous = residentSetNow(pid);
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            long now = residentSetNow(pid);
            if (Math.abs(now - previous) <= previous / 100) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** The process's resident set (VmRSS of /proc/<pid>/status), in bytes. */
    private static long residentSetNow(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    private static Process redisServer(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        return new ProcessBuilder("redis-server", "--bind", ANCHOR_ADDRESS, "--port", String.valueOf(port), "--dir", dir.toString(),
                "--save", "", "--daemonize", "no", "--protected-mode", "no", "--appendonly", "yes", "--appendfsync", "everysec")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    }
}
