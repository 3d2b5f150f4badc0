package io.clustersync.itests.process;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy endpoints against a real redis-server, command for command: seeded random sequences over every type
 * ({@link CommandGenerator}) run on both, every reply and the final state of every key compared. The database has
 * three shards on three nodes, so that most commands travel over the cluster bus. A mismatch is reported with its
 * seed and case, and shrunk to the shortest sequence that still shows it.
 *
 * <p>{@code -Ddifferential.cases=N -Ddifferential.ops=M -Ddifferential.seed=S} change the run (the README's longer
 * run); {@code -Ddifferential.case=C} replays one case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDifferentialIT {

    private static final long SEED = Long.getLong("differential.seed", 20261206L);
    private static final int CASES = Integer.getInteger("differential.cases", 1000);
    private static final int OPS = Integer.getInteger("differential.ops", 100);
    private static final int ONLY_CASE = Integer.getInteger("differential.case", -1);
    private static final int BATCH = 25;
    private static final int MAX_REPORTED = 15;
    private static final int MAX_SHRINK_RUNS = 400;

    private ThreeNodeCluster cluster;
    private RedisServerProcess redis;
    private RespClient anchor;
    private RespClient proxy;
    private RespClient anchorEvents;
    private RespClient proxyEvents;
    private static final String MARKER = "differential:marker:";
    private static final AtomicLong ROUNDS = new AtomicLong();

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        redis = RedisServerProcess.start(dir.resolve("redis"));
        cluster = new ThreeNodeCluster(dir, "differential").start();
        int port = NodeProcess.freePort("127.0.0.1");
        NodeProcess.Result created = cluster.n1.admin("create", "db", "diff", "shards", "3", "port", String.valueOf(port));
        assertEquals(0, created.exitCode(), created::toString);
        Eventually.until("the proxy of db 'diff' on node:1", () -> {
            try (RespClient probe = new RespClient("127.0.0.1", port)) {
                return probe.call("PING");
            } catch (IOException e) {
                return e.getMessage();
            }
        }, "+PONG"::equals, 30_000);
        anchor = new RespClient("127.0.0.1", redis.port);
        proxy = new RespClient("127.0.0.1", port);
        // keyspace notifications of every class, compared key by key after each sequence
        for (RespClient client : List.of(anchor, proxy)) {
            assertEquals("+OK", client.call("CONFIG", "SET", "notify-keyspace-events", "KEAn"));
            assertEquals("AKE", ((List<?>) client.call("CONFIG", "GET", "notify-keyspace-events")).get(1));
        }
        anchorEvents = subscriber("127.0.0.1", redis.port);
        proxyEvents = subscriber("127.0.0.1", port);
        // the cluster parameter reaches every node's shards: each marker's events arrive
        Eventually.until("keyspace notifications from every shard", () -> {
            try {
                events(proxy, proxyEvents);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, ok -> ok, 30_000);
    }

    private static RespClient subscriber(String host, int port) throws IOException {
        RespClient client = new RespClient(host, port);
        Object confirmed = client.call("PSUBSCRIBE", "__key*__:*");
        assertEquals(List.of("psubscribe", "__key*__:*", 1L), confirmed);
        return client;
    }

    /**
     * The keyspace notifications since the last call, by key: each key's events in the order they came ("K:set",
     * "E:set", ...). One marker key per hash tag (one per shard) is written last; its events close the collection,
     * since a shard's notifications arrive in the order it made them.
     */
    private static Map<String, List<String>> events(RespClient client, RespClient subscriber) throws IOException {
        String round = MARKER + ROUNDS.incrementAndGet() + ":";
        List<List<String>> markers = new ArrayList<>();
        for (String tag : CommandGenerator.TAGS) {
            markers.add(List.of("SET", round + tag, "1"));
        }
        client.pipeline(markers);
        Map<String, List<String>> byKey = new TreeMap<>();
        Set<String> closed = new HashSet<>();
        for (int messages = 0; closed.size() < markers.size(); messages++) {
            if (messages > 100_000) {
                throw new IOException("no end of keyspace notifications after " + messages + " messages");
            }
            List<?> message = (List<?>) subscriber.nextPush(); // pmessage, pattern, channel, payload
            String channel = (String) message.get(2);
            String payload = (String) message.get(3);
            boolean keyspace = channel.startsWith("__keyspace@0__:");
            String key = keyspace ? channel.substring("__keyspace@0__:".length()) : payload;
            String event = keyspace ? payload : channel.substring("__keyevent@0__:".length());
            if (key.startsWith(MARKER)) {
                if (key.startsWith(round) && !keyspace && event.equals("set")) {
                    closed.add(key);
                }
            } else if (!key.endsWith(":restored")) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add((keyspace ? "K:" : "E:") + event);
            }
        }
        // a key past its deadline that nothing touched again is notified "expired" whenever the expiry cycle meets
        // it (redis-server's runs between commands, a shard's every 100 ms): such trailing events are not compared
        for (List<String> events : byKey.values()) {
            while (!events.isEmpty() && events.get(events.size() - 1).endsWith(":expired")) {
                events.remove(events.size() - 1);
            }
        }
        byKey.values().removeIf(List::isEmpty);
        return byKey;
    }

    @AfterAll
    void stop() throws IOException {
        if (anchor != null) {
            anchor.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        for (RespClient client : Arrays.asList(anchorEvents, proxyEvents)) {
            if (client != null) {
                client.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What went differently in one run of a sequence, or null when the two servers agreed throughout. */
    private record Mismatch(int index, List<String> command, Object redis, Object proxy) {

        /** The same command going wrong the same way (the same error code, or nil, or a value): what shrinking keeps. */
        boolean sameKindAs(Mismatch other) {
            return command.equals(other.command) && kind(proxy).equals(kind(other.proxy));
        }

        private static String kind(Object reply) {
            if (reply instanceof String text && text.startsWith("-")) {
                return text.split(" ")[0];
            }
            return reply == null || reply == RespClient.NIL_ARRAY ? String.valueOf(reply) : reply.getClass().getSimpleName();
        }

        String describe() {
            return (index < 0 ? "final state of " + command : "command " + (index + 1) + " " + command) + "\n      redis-server: "
                    + ReplyComparison.show(redis) + "\n      clustersync:  " + ReplyComparison.show(proxy);
        }
    }

    @Test
    void randomCommandsOfEveryTypeAnswerAsRedisDoes() throws IOException {
        List<String> failures = new ArrayList<>();
        int operations = 0;
        for (int c = 0; c < CASES && failures.size() < MAX_REPORTED; c++) {
            if (ONLY_CASE >= 0 && c != ONLY_CASE) {
                continue;
            }
            List<List<String>> sequence = generate(SEED + c);
            operations += sequence.size();
            Mismatch mismatch = run(sequence);
            if (mismatch != null) {
                List<List<String>> shortest = shrink(sequence, mismatch);
                Mismatch shown = run(shortest);
                failures.add("seed " + SEED + " case " + c + " (-Ddifferential.seed=" + SEED + " -Ddifferential.case=" + c
                        + "): " + mismatch.describe() + "\n    shortest sequence (" + shortest.size() + " commands): "
                        + shortest + (shown == null ? "" : "\n    where " + shown.describe()));
            }
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " case(s) of " + CASES + " differ from redis-server:\n  "
                + String.join("\n  ", failures));
        assertTrue(ONLY_CASE >= 0 || operations >= CASES * OPS, "ran " + operations + " operations");
    }

    private static List<List<String>> generate(long seed) {
        CommandGenerator generator = new CommandGenerator(seed);
        List<List<String>> sequence = new ArrayList<>(OPS);
        while (sequence.size() < OPS) {
            sequence.addAll(generator.nextSteps());
        }
        return sequence;
    }

    private Mismatch run(List<List<String>> sequence) throws IOException {
        for (RespClient client : List.of(anchor, proxy)) {
            client.call("DISCARD"); // a shrunk sequence may leave MULTI open
            client.call("UNWATCH");
            assertEquals("+OK", client.call("FLUSHALL"));
        }
        events(anchor, anchorEvents); // what the last comparison of states notified (a read expires a key)
        events(proxy, proxyEvents);
        List<List<String>> queued = new ArrayList<>();
        boolean inMulti = false;
        for (int from = 0; from < sequence.size(); from += BATCH) {
            List<List<String>> batch = sequence.subList(from, Math.min(sequence.size(), from + BATCH));
            List<Object> expected = anchor.pipeline(batch);
            List<Object> actual = proxy.pipeline(batch);
            for (int i = 0; i < batch.size(); i++) {
                List<String> command = batch.get(i);
                String name = command.get(0).toUpperCase(Locale.ROOT);
                boolean agree = name.equals("EXEC") && inMulti
                        ? ReplyComparison.agreeInTransaction(queued, expected.get(i), actual.get(i))
                        : ReplyComparison.agree(command, expected.get(i), actual.get(i));
                if (!agree) {
                    return new Mismatch(from + i, command, expected.get(i), actual.get(i));
                }
                if (name.equals("MULTI") && "+OK".equals(expected.get(i))) {
                    inMulti = true;
                    queued.clear();
                } else if (name.equals("EXEC") || name.equals("DISCARD")) {
                    inMulti = false;
                } else if (inMulti && "+QUEUED".equals(expected.get(i))) {
                    queued.add(command);
                }
            }
        }
        anchor.call("DISCARD"); // a sequence may end inside MULTI
        proxy.call("DISCARD");
        Map<String, List<String>> expectedEvents = events(anchor, anchorEvents);
        Map<String, List<String>> actualEvents = events(proxy, proxyEvents);
        if (!expectedEvents.equals(actualEvents)) {
            for (String key : CommandGenerator.allKeys()) {
                List<String> want = expectedEvents.getOrDefault(key, List.of());
                List<String> got = actualEvents.getOrDefault(key, List.of());
                if (!want.equals(got)) {
                    return new Mismatch(-1, List.of("keyspace notifications of", key), want, got);
                }
            }
            return new Mismatch(-1, List.of("keyspace notifications"), expectedEvents, actualEvents);
        }
        return compareStates();
    }

    /**
     * Every key's type, value (in a canonical order) and whether it has a time to live, on both servers; and each
     * value's DUMP restored on the other server (Redis's serialization both ways) gives the same value again.
     */
    private Mismatch compareStates() throws IOException {
        for (String key : CommandGenerator.allKeys()) {
            Object redisState = state(anchor, key);
            Object proxyState = state(proxy, key);
            if (!redisState.equals(proxyState)) {
                return new Mismatch(-1, List.of(key), redisState, proxyState);
            }
            Mismatch dumped = restoredElsewhere(key, proxy, anchor, "clustersync's DUMP restored on redis-server");
            if (dumped == null) {
                dumped = restoredElsewhere(key, anchor, proxy, "redis-server's DUMP restored on clustersync");
            }
            if (dumped != null) {
                return dumped;
            }
        }
        return null;
    }

    private static Mismatch restoredElsewhere(String key, RespClient from, RespClient to, String what) throws IOException {
        Object payload = from.call("DUMP", key);
        if (payload == null) {
            return null;
        }
        String copy = key + ":restored";
        Object restored = to.call("RESTORE", copy, "0", (String) payload, "REPLACE");
        Object expected = state(from, key).subList(0, 1).toString() + state(from, key).get(2);
        Object got = "+OK".equals(restored) ? state(to, copy).subList(0, 1).toString() + state(to, copy).get(2) : restored;
        to.call("DEL", copy);
        return expected.equals(got) ? null : new Mismatch(-1, List.of(what, key), expected, got);
    }

    private static List<String> state(RespClient client, String key) throws IOException {
        return KeyspaceState.state(client, key);
    }

    /**
     * The shortest sequence found that still differs on the same command: chunks removed while that mismatch stays
     * (bounded in runs).
     */
    private List<List<String>> shrink(List<List<String>> sequence, Mismatch original) throws IOException {
        List<List<String>> current = new ArrayList<>(sequence);
        int runs = 0;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && runs < MAX_SHRINK_RUNS; chunk /= 2) {
            for (int start = 0; start < current.size() && runs < MAX_SHRINK_RUNS; ) {
                List<List<String>> candidate = new ArrayList<>(current.subList(0, start));
                candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                runs++;
                Mismatch found = candidate.isEmpty() ? null : run(candidate);
                if (found != null && found.sameKindAs(original)) {
                    current = candidate;
                } else {
                    start += chunk;
                }
            }
        }
        return current;
    }
}
