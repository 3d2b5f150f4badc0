package io.clustersync.itests.process;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three real nodes on 127.0.0.1-3 (or 4-6, ...) sharing one cluster certificate, the first primary; closes
 * (stops, then kills) every node it started.
 */
final class ThreeNodeCluster implements AutoCloseable {

    final NodeProcess n1;
    final NodeProcess n2;
    final NodeProcess n3;

    ThreeNodeCluster(Path dir, String name) {
        this(dir, name, 1);
    }

    /** Nodes {@code first}..{@code first+2} on 127.0.0.{first}.., the first of them primary. */
    ThreeNodeCluster(Path dir, String name, int first) {
        n1 = new NodeProcess(dir.resolve("node" + first), first, name);
        n2 = new NodeProcess(dir.resolve("node" + (first + 1)), first + 1, name);
        n3 = new NodeProcess(dir.resolve("node" + (first + 2)), first + 2, name);
        for (NodeProcess n : nodes()) {
            n.peers(n1, n2, n3);
            if (first != 1) {
                n.primary(first);
            }
        }
        n2.clusterFrom(n1);
        n3.clusterFrom(n1);
    }

    /** Gives every node this many network threads at its first start (connections then often sit on different ones). */
    ThreeNodeCluster ioThreads(int threads) {
        nodes().forEach(n -> n.ioThreads(threads));
        return this;
    }

    List<NodeProcess> nodes() {
        return List.of(n1, n2, n3);
    }

    ThreeNodeCluster start() {
        for (NodeProcess n : nodes()) {
            NodeProcess.Result r = n.start();
            assertEquals(0, r.exitCode(), () -> r + "\n" + n.log());
        }
        for (NodeProcess n : nodes()) {
            await(n, "every node online", s -> !s.contains("OFFLINE") && !s.contains("UNKNOWN"), 20_000, "status", "nodes");
        }
        // the three nodes share this computer: a requirement of Synchronize All the cluster must waive, as a lab's does
        NodeProcess.Result shared = n1.admin("set", "param", "sync.allow_shared_computer", "yes");
        assertEquals(0, shared.exitCode(), shared::toString);
        NodeProcess.Result full = n1.admin("synchronize-all");
        assertEquals(0, full.exitCode(), full::toString);
        await(n1, "sync status", s -> s.matches("(?s).*node:" + n2.nodeId + " +secondary +synced.*")
                && s.matches("(?s).*node:" + n3.nodeId + " +secondary +synced.*"), 20_000, "sync", "status");
        return this;
    }

    /** The id (N of db:N) of a database, as the primary's {@code status databases} lists it. */
    String dbId(String name) {
        String databases = n1.admin("status", "databases").out();
        for (String line : databases.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length > 1 && words[1].equals(name)) {
                return words[0].substring("db:".length());
            }
        }
        throw new AssertionError("no database " + name + " in\n" + databases);
    }

    /** Runs a clustersync-admin command on a node until its output passes, bounded in count and time. */
    static String await(NodeProcess node, String what, Predicate<String> done, long timeoutMs, String... command) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = "";
        for (int i = 0; i < 300 && System.currentTimeMillis() < deadline; i++) {
            NodeProcess.Result r = node.admin(command);
            last = r.out() + r.err();
            if (r.exitCode() == 0 && done.test(r.out())) {
                return r.out();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("node:" + node.nodeId + ": '" + what + "' not reached within " + timeoutMs + " ms; last output:\n" + last);
    }

    /** The last lines of every node's log, to explain a failure. */
    String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (NodeProcess n : nodes()) {
            List<String> all = n.log().lines().toList();
            out.append("\n--- node:").append(n.nodeId).append(" log, last ").append(lines).append(" lines ---\n");
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (NodeProcess n : nodes()) {
            n.close();
        }
    }
}
