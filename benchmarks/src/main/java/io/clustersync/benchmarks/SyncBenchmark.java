package io.clustersync.benchmarks;

import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.ConfigSyncMXBean;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.management.JMX;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/**
 * Synchronize All of 10,000 files (1-4 KB, a 3-level tree) and 100,000 rows over 3 tables to 2 secondaries,
 * beside rsync -a of the same files to 2 local directories (in parallel), cold and again with nothing changed;
 * then dynamic sync latency from a JDBC commit on the primary until the row can be read on both secondaries,
 * and the sustained rate of changes. Three real nodes on 127.0.0.1-3; every figure comes from this one run.
 */
public final class SyncBenchmark {

    /** The cold target: Synchronize All of the files and rows within this many times rsync of the files. */
    static final double COLD_TARGET = 2.0;

    static final int FILES = 10_000;
    static final int TYPES = 1_000;
    static final int APPLICATIONS = 49_000;
    static final int ACCOUNTS = 50_000;
    static final int LATENCY_WARMUP = 100;
    static final int LATENCY_SAMPLES = 1_000;
    /** The steady state: no node's JIT compiler busy more than this share of a batch of changes... */
    static final double JIT_IDLE_SHARE = 0.05;
    static final int JIT_BATCH = 250;
    /** ...or this long since the sustained load ended, whichever comes first. */
    static final long JIT_SETTLE_MS = 60_000;
    static final int SUSTAINED_THREADS = 4;
    static final int SUSTAINED_CHANGES = 10_000;
    /**
     * Between two looks at the secondaries. A look is a JDBC query to each; looking every 0.2 ms kept a core busy
     * and doubled the latency it measured (the nodes' own timestamps: p99 9.7 ms against 5.4 ms when looking every
     * 2 ms). Every 1 ms adds at most 1 ms to a sample, never takes any off.
     */
    static final long POLL_PAUSE_NANOS = 1_000_000;

    private SyncBenchmark() {
    }

    /** The nothing-changed pass runs this many times, on both sides, a pause apart; the median is compared. */
    static final int NO_CHANGE_PASSES = 5;
    static final long NO_CHANGE_PAUSE_MS = 1000;

    public static void main(String[] args) throws Exception {
        Scratch scratch = new Scratch("clustersync-bench");
        Path base = scratch.dir;
        List<BenchNode> nodes = List.of(new BenchNode(base, 1), new BenchNode(base, 2), new BenchNode(base, 3));
        BenchNode primary = nodes.get(0);
        try {
            for (BenchNode n : nodes) {
                Files.createDirectories(n.home.resolve("conf"));
                Files.writeString(n.home.resolve("conf/sync_tables.conf"), "APPLICATION_TYPES full\nAPPLICATIONS full\nACCOUNTS full\n");
            }
            for (BenchNode n : nodes) {
                n.start(nodes, primary);
            }
            try (JMXConnector jmx = primary.jmx()) {
                ConfigSyncMXBean sync = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                        new ObjectName(ConfigSyncMXBean.OBJECT_NAME), ConfigSyncMXBean.class);
                awaitOnline(sync);
            allowSharedComputer(jmx);
                runJob(jmx, sync);
            }
            if (args.length > 0 && args[0].equals("dynamic")) {
                System.out.println("dynamic sync only (benchmarks/run sync dynamic): no files or rows beforehand");
                for (BenchNode n : nodes) {
                    Files.writeString(n.home.resolve("conf/sync_tables.conf"), "APPLICATION_TYPES full\nAPPLICATIONS\nACCOUNTS\n");
                }
                Thread.sleep(4000);
                dynamic(nodes);
                return;
            }
            primary.stop();
            long bytes = writeFiles(primary.home.resolve("conf/apps"), 42);
            primary.start(nodes, primary);
            writeRows(primary);
            System.out.printf("data: %,d files (%,d bytes) in a 3-level tree, %,d rows in 3 tables, 2 secondaries%n",
                    FILES, bytes, TYPES + APPLICATIONS + ACCOUNTS);

            flushDisk();
            double rsyncCold = rsyncTwice(primary.home.resolve("conf/apps"), base.resolve("rsync-a"), base.resolve("rsync-b"));
            double[] rsyncNoChanges = new double[NO_CHANGE_PASSES];
            for (int i = 0; i < NO_CHANGE_PASSES; i++) {
                Thread.sleep(NO_CHANGE_PAUSE_MS);
                rsyncNoChanges[i] = rsyncTwice(primary.home.resolve("conf/apps"), base.resolve("rsync-a"), base.resolve("rsync-b"));
            }
            double[] cold;
            double settled;
            double[][] noChanges = new double[NO_CHANGE_PASSES][];
            String drift;
            try (JMXConnector jmx = primary.jmx()) {
                ConfigSyncMXBean sync = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                        new ObjectName(ConfigSyncMXBean.OBJECT_NAME), ConfigSyncMXBean.class);
                awaitOnline(sync);
                allowSharedComputer(jmx);
                flushDisk();
                cold = runJob(jmx, sync);
                settled = awaitQuiet(nodes);
                for (int i = 0; i < NO_CHANGE_PASSES; i++) {
                    Thread.sleep(NO_CHANGE_PAUSE_MS);
                    noChanges[i] = runJob(jmx, sync);
                }
                drift = sync.verify();
            }
            for (BenchNode n : nodes.subList(1, 3)) {
                long files;
                try (Stream<Path> all = Files.walk(n.home.resolve("conf/apps"))) {
                    files = all.filter(Files::isRegularFile).count();
                }
                if (files != FILES || count(n, "ACCOUNTS") != ACCOUNTS || count(n, "APPLICATIONS") != APPLICATIONS) {
                    throw new IllegalStateException("node:" + n.id + " holds " + files + " files and "
                            + count(n, "ACCOUNTS") + " accounts after Synchronize All");
                }
            }
            double floorAlone = H2Floor.measure(base, 1);
            double floorTwo = H2Floor.measure(base, 2);
            System.out.println();
            System.out.println("Synchronize All (files + rows) vs rsync -a (files alone), 2 destinations in parallel:");
            System.out.printf("  %-34s %10s %10s %8s  %s%n", "pass", "clustersync", "rsync", "ratio", "target");
            System.out.printf("  %-34s %9.2fs %9.2fs %7.2fx  <= %.1fx%n", "cold", cold[0], rsyncCold, cold[0] / rsyncCold,
                    COLD_TARGET);
            double[] jobs = Arrays.stream(noChanges).mapToDouble(r -> r[0]).sorted().toArray();
            double[] walls = Arrays.stream(noChanges).mapToDouble(r -> r[1]).sorted().toArray();
            double[] rsyncs = Arrays.stream(rsyncNoChanges).sorted().toArray();
            System.out.printf("  %-34s %9.2fs %9.2fs %7.2fx  <= 1.0x%n", "nothing changed (median of " + NO_CHANGE_PASSES + ")",
                    jobs[NO_CHANGE_PASSES / 2], rsyncs[NO_CHANGE_PASSES / 2], jobs[NO_CHANGE_PASSES / 2] / rsyncs[NO_CHANGE_PASSES / 2]);
            System.out.printf("  %-34s %9.2fs %9.2fs%n", "nothing changed, first pass", noChanges[0][0], rsyncNoChanges[0]);
            System.out.printf("  %-34s %4.2f-%.2fs %4.2f-%.2fs%n", "nothing changed, all passes", jobs[0], jobs[NO_CHANGE_PASSES - 1],
                    rsyncs[0], rsyncs[NO_CHANGE_PASSES - 1]);
            System.out.printf("  (job time measured by the primary; client wall time %.2fs cold, %.2fs unchanged (median);"
                    + " passes %.1f s apart, the first once the nodes were idle again, %.1f s after the cold pass)%n",
                    cold[1], walls[NO_CHANGE_PASSES / 2], NO_CHANGE_PAUSE_MS / 1000.0, settled);
            System.out.println("  verify after the job: " + drift.strip().replace("\n", " | "));
            System.out.printf("  H2 alone, the same %,d rows into an empty database in one transaction, in a fresh JVM: %.2fs;"
                    + " two such JVMs at once (as the 2 secondaries): %.2fs. The cold target is %.2fs for everything.%n",
                    TYPES + APPLICATIONS + ACCOUNTS, floorAlone, floorTwo, COLD_TARGET * rsyncCold);
            double[] changed = everythingChanged(nodes, base);
            System.out.printf("  %-34s %9.2fs %9.2fs %7.2fx%n", "every item changed, nodes warm", changed[0], changed[2],
                    changed[0] / changed[2]);
            System.out.printf("  (every file rewritten and every row updated; the secondaries had run the cold pass, so their JIT"
                    + " had compiled its path; the primary was restarted to rewrite its files; client wall time %.2fs)%n",
                    changed[1]);
            System.out.println("  phases (from the nodes' logs):");
            phases(primary, "Synchronize All");
            phases(primary, "snapshot written");
            phases(nodes.get(1), "summary for syncall");
            phases(nodes.get(1), "digests for syncall");
            phases(nodes.get(1), "full synchronization");
            phases(nodes.get(1), "replaced by the primary's snapshot");
            if (args.length > 0 && args[0].equals("full")) {
                return;
            }

            for (BenchNode n : nodes) {
                Files.writeString(n.home.resolve("conf/sync_tables.conf"), "APPLICATION_TYPES full\nAPPLICATIONS\nACCOUNTS\n");
            }
            Thread.sleep(4000);
            dynamic(nodes);
        } finally {
            for (BenchNode n : nodes) {
                try {
                    n.stop();
                } catch (IOException | RuntimeException e) {
                    System.err.println("stopping node:" + n.id + ": " + e.getMessage());
                }
            }
            scratch.close();
        }
    }

    /**
     * A second cold-sized pass, on nodes that already ran one: with the primary stopped (its file watch would send
     * them at once), every file is rewritten with other content; every row of the three tables (synchronized only
     * by Synchronize All) is updated; rsync copies the rewritten files over its earlier copies. Returns the job's
     * time, the client's wall time and rsync's time.
     */
    private static double[] everythingChanged(List<BenchNode> nodes, Path base) throws Exception {
        BenchNode primary = nodes.get(0);
        primary.stop();
        writeFiles(primary.home.resolve("conf/apps"), 43);
        primary.start(nodes, primary);
        try (Connection c = primary.jdbc(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE APPLICATION_TYPES SET DESCRIPTION = DESCRIPTION || ' (changed)'");
            st.executeUpdate("UPDATE APPLICATIONS SET SETTINGS = SETTINGS || ';changed=1'");
            st.executeUpdate("UPDATE ACCOUNTS SET EMAIL = 'changed-' || EMAIL");
        }
        flushDisk();
        double rsync = rsyncTwice(primary.home.resolve("conf/apps"), base.resolve("rsync-a"), base.resolve("rsync-b"));
        try (JMXConnector jmx = primary.jmx()) {
            ConfigSyncMXBean sync = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                    new ObjectName(ConfigSyncMXBean.OBJECT_NAME), ConfigSyncMXBean.class);
            awaitOnline(sync);
            allowSharedComputer(jmx);
            flushDisk();
            double[] job = runJob(jmx, sync);
            String drift = sync.verify();
            if (!drift.strip().lines().allMatch(l -> l.contains("no drift"))) {
                throw new IllegalStateException("drift after the pass with every item changed: " + drift);
            }
            return new double[] {job[0], job[1], rsync};
        }
    }

    /**
     * After the cold pass the secondaries still digest its aftermath for a few seconds (the file watch looks at
     * every file moved in, the database writes its pages): waits, at most 60 s, until the three node processes
     * together use under 10% of one core over a second, as they would before an operator's next pass. Returns the
     * seconds waited.
     */
    private static double awaitQuiet(List<BenchNode> nodes) throws InterruptedException {
        long start = System.nanoTime();
        long before = nodes.stream().mapToLong(BenchNode::cpuTicks).sum();
        for (int i = 0; i < 60; i++) {
            Thread.sleep(1000);
            long now = nodes.stream().mapToLong(BenchNode::cpuTicks).sum();
            if (now - before < 10) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Runs Synchronize All; returns the job's own duration and the client's wall time, in seconds. The client waits
     * for the job's finished (or failed) notification, as an operator's script would, instead of polling the primary.
     */
    private static double[] runJob(JMXConnector jmx, ConfigSyncMXBean sync) throws Exception {
        ObjectName name = new ObjectName(ConfigSyncMXBean.OBJECT_NAME);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<String> id = new AtomicReference<>();
        NotificationListener listener = (notification, handback) -> {
            String type = notification.getType();
            if ((type.equals("io.clustersync.syncall.finished") || type.equals("io.clustersync.syncall.failed"))
                    && id.get() != null && String.valueOf(notification.getMessage()).contains(id.get() + " ")) {
                ended.countDown();
            }
        };
        jmx.getMBeanServerConnection().addNotificationListener(name, listener, null, null);
        try {
            long start = System.nanoTime();
            id.set(sync.synchronizeAll());
            for (int i = 0; i < 2_400 && !ended.await(250, TimeUnit.MILLISECONDS)
                    && sync.getJobState().equals("running"); i++) {
                // a notification lost on the way ends the wait at the next look at the job's state
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (!sync.getJobState().equals("done")) {
                throw new IllegalStateException("Synchronize All " + sync.getJobState() + ": " + sync.getStatusText());
            }
            double job = Duration.between(Instant.parse(sync.getJobStarted()), Instant.parse(sync.getJobEnded())).toNanos() / 1e9;
            return new double[] {job, wall};
        } finally {
            jmx.getMBeanServerConnection().removeNotificationListener(name, listener);
        }
    }

    /**
     * Latency twice: right after the nodes started (their JIT compilers still at work on the path, as after any
     * restart), and in the steady state a running cluster is in: after the sustained load, once the nodes' JIT
     * compilers have gone quiet. The target is for the steady state.
     */
    private static void dynamic(List<BenchNode> nodes) throws Exception {
        BenchNode primary = nodes.get(0);
        double[] cold = latencies(nodes, "cold-", LATENCY_WARMUP);

        ExecutorService writers = Executors.newFixedThreadPool(SUSTAINED_THREADS);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < SUSTAINED_THREADS; t++) {
            int thread = t;
            done.add(writers.submit(() -> {
                try (Connection c = primary.jdbc(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES (?, 'operator', NULL)")) {
                    for (int i = 0; i < SUSTAINED_CHANGES / SUSTAINED_THREADS; i++) {
                        ps.setString(1, "sustained-" + thread + "-" + i);
                        ps.executeUpdate();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        double written = (System.nanoTime() - start) / 1e9;
        for (BenchNode n : nodes.subList(1, 3)) {
            for (int i = 0; i < 12_000 && countLike(n, "sustained-%") < SUSTAINED_CHANGES; i++) {
                Thread.sleep(10);
            }
        }
        double applied = (System.nanoTime() - start) / 1e9;
        JitQuiet.Settled settling = untilCompiled(nodes);
        double[] steady = latencies(nodes, "steady-", 0);
        System.out.println();
        System.out.printf("Dynamic sync, JDBC commit on the primary until readable on both secondaries (%d changes each;"
                + " measured by reading both secondaries every 1 ms):%n", LATENCY_SAMPLES);
        System.out.printf("  steady state: p50 %.2f ms   p99 %.2f ms   max %.2f ms   (target: p99 < 10 ms)%n",
                steady[0], steady[1], steady[2]);
        System.out.printf("    (after %,d changes: the sustained load, then %,d one at a time over %.1f s until no node's JIT"
                + " compiler was busy more than %.0f%% of the time)%n", LATENCY_WARMUP + LATENCY_SAMPLES + SUSTAINED_CHANGES
                + (long) settling.rounds() * JIT_BATCH, (long) settling.rounds() * JIT_BATCH, settling.millis() / 1000.0,
                JIT_IDLE_SHARE * 100);
        System.out.printf("  just started (after %d changes): p50 %.2f ms   p99 %.2f ms   max %.2f ms   (the nodes' JIT still"
                + " compiling the path)%n", LATENCY_WARMUP, cold[0], cold[1], cold[2]);
        System.out.printf("  sustained: %,d changes from %d JDBC writers in %.2fs, all applied on both secondaries after %.2fs:"
                + " %,.0f changes/s%n", SUSTAINED_CHANGES, SUSTAINED_THREADS, written, applied, SUSTAINED_CHANGES / applied);
    }

    /** One change at a time, each timed from its commit until both secondaries return it: p50, p99 and max in ms. */
    private static double[] latencies(List<BenchNode> nodes, String prefix, int warmup) throws Exception {
        oneAtATime(nodes, prefix + "warmup-", warmup);
        long[] samples = oneAtATime(nodes, prefix + "latency-", LATENCY_SAMPLES);
        Arrays.sort(samples);
        return new double[] {samples[samples.length / 2] / 1e6, samples[(int) (samples.length * 0.99)] / 1e6,
                samples[samples.length - 1] / 1e6};
    }

    /**
     * Makes changes one at a time, as {@link #latencies} does, in batches of {@link #JIT_BATCH}, until over a batch
     * no node spent more than {@link #JIT_IDLE_SHARE} of its time compiling; at most {@link #JIT_SETTLE_MS}.
     */
    private static JitQuiet.Settled untilCompiled(List<BenchNode> nodes) throws Exception {
        int[] batch = {0};
        return JitQuiet.await(nodes, JIT_IDLE_SHARE, JIT_SETTLE_MS,
                () -> oneAtATime(nodes, "settle-" + (batch[0]++) + "-", JIT_BATCH));
    }

    /** Makes {@code count} changes on the primary one after the other, each once both secondaries return it. */
    private static long[] oneAtATime(List<BenchNode> nodes, String prefix, int count) throws Exception {
        long[] samples = new long[count];
        try (Connection writer = nodes.get(0).jdbc(); Connection second = nodes.get(1).jdbc(); Connection third = nodes.get(2).jdbc();
             PreparedStatement insert = writer.prepareStatement("INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES (?, 'viewer', NULL)");
             PreparedStatement on2 = second.prepareStatement("SELECT 1 FROM ACCOUNTS WHERE NAME = ?");
             PreparedStatement on3 = third.prepareStatement("SELECT 1 FROM ACCOUNTS WHERE NAME = ?")) {
            for (int i = 0; i < count; i++) {
                String name = prefix + i;
                insert.setString(1, name);
                insert.executeUpdate();
                long committed = System.nanoTime();
                boolean two = false;
                boolean three = false;
                long deadline = committed + 10_000_000_000L;
                while (!(two && three) && System.nanoTime() < deadline) {
                    two = two || present(on2, name);
                    three = three || present(on3, name);
                    if (!(two && three)) {
                        LockSupport.parkNanos(POLL_PAUSE_NANOS);
                    }
                }
                if (!(two && three)) {
                    throw new IllegalStateException(name + " did not reach both secondaries within 10 s");
                }
                samples[i] = System.nanoTime() - committed;
            }
        }
        return samples;
    }

    private static void phases(BenchNode n, String marker) throws IOException {
        for (String line : Files.readAllLines(n.home.resolve("var/log/clustersync.log"))) {
            if (line.contains(marker) && (line.contains(" ms") || line.contains("in "))) {
                System.out.println("    node:" + n.id + " " + line.substring(line.indexOf(" - ") + 3));
            }
        }
    }

    private static boolean present(PreparedStatement query, String name) throws SQLException {
        query.setString(1, name);
        try (ResultSet rs = query.executeQuery()) {
            return rs.next();
        }
    }

    /** The benchmark's three nodes share this computer: Synchronize All's requirement is waived, as for any lab. */
    private static void allowSharedComputer(JMXConnector jmx) throws Exception {
        JMX.newMXBeanProxy(jmx.getMBeanServerConnection(), new ObjectName(ClusterMXBean.OBJECT_NAME), ClusterMXBean.class)
                .setParameter("sync.allow_shared_computer", "yes", false);
    }

    private static void awaitOnline(ConfigSyncMXBean sync) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (sync.getNodes().stream().noneMatch(n -> n.state().equals("offline"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("secondaries not online: " + sync.getStatusText());
    }

    /** The files of the benchmark; another seed gives every file other content (and size) at the same path. */
    private static long writeFiles(Path root, long seed) throws IOException {
        Random random = new Random(seed);
        long bytes = 0;
        int n = 0;
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                Path dir = root.resolve("tenant-" + a).resolve("app-" + b);
                Files.createDirectories(dir);
                for (int c = 0; c < FILES / 100; c++) {
                    byte[] content = new byte[1024 + random.nextInt(3072)];
                    for (int i = 0; i < content.length; i++) {
                        content[i] = (byte) ('a' + random.nextInt(26));
                    }
                    Files.write(dir.resolve("setting-" + (n++) + ".conf"), content);
                    bytes += content.length;
                }
            }
        }
        return bytes;
    }

    private static void writeRows(BenchNode node) throws SQLException {
        try (Connection c = node.jdbc()) {
            writeRows(c);
        }
    }

    /** The benchmark's rows, parents first, in one transaction. */
    static void writeRows(Connection c) throws SQLException {
        c.setAutoCommit(false);
        batch(c, "INSERT INTO APPLICATION_TYPES VALUES (?, ?)", TYPES, (ps, i) -> {
            ps.setString(1, "type-" + i);
            ps.setString(2, "application type number " + i);
        });
        batch(c, "INSERT INTO APPLICATIONS VALUES (?, ?, ?)", APPLICATIONS, (ps, i) -> {
            ps.setString(1, "application-" + i);
            ps.setString(2, "type-" + (i % TYPES));
            ps.setString(3, "host=host-" + i + ".internal;port=" + (10_000 + i % 5000));
        });
        batch(c, "INSERT INTO ACCOUNTS (NAME, ROLE, EMAIL) VALUES (?, ?, ?)", ACCOUNTS, (ps, i) -> {
            ps.setString(1, "account-" + i);
            ps.setString(2, i % 10 == 0 ? "admin" : "viewer");
            ps.setString(3, "account-" + i + "@example.org");
        });
        c.commit();
    }

    private interface Filler {
        void fill(PreparedStatement ps, int i) throws SQLException;
    }

    private static void batch(Connection c, String sql, int rows, Filler filler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                filler.fill(ps, i);
                ps.addBatch();
                if (i % 5000 == 4999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static long count(BenchNode n, String table) throws SQLException {
        try (Connection c = n.jdbc(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countLike(BenchNode n, String pattern) throws SQLException {
        try (Connection c = n.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ACCOUNTS WHERE NAME LIKE ?")) {
            ps.setString(1, pattern);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Writes every dirty page out before a timed cold pass, of rsync or of clustersync, so that neither pays for the
     * writeback of what was written before it (the data set, the other's copy).
     */
    private static void flushDisk() throws IOException, InterruptedException {
        if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
            throw new IOException("sync failed");
        }
    }

    /** Two rsync -a runs at once, one per destination; returns the wall time in seconds. */
    private static double rsyncTwice(Path source, Path a, Path b) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process first = new ProcessBuilder("rsync", "-a", source + "/", a + "/").inheritIO().start();
        Process second = new ProcessBuilder("rsync", "-a", source + "/", b + "/").inheritIO().start();
        if (first.waitFor() != 0 || second.waitFor() != 0) {
            throw new IOException("rsync failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

}
