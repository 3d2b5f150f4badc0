package io.clustersync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor under a secondary's switch-over: a fresh JVM, with nothing but H2, writes the benchmark's 100,000 rows
 * into an empty H2 file database with the demo schema's three tables, in one transaction, as a secondary's
 * switch-over does. Run as its own process ({@link #measure}), once alone and twice at once (two secondaries),
 * beside the nodes of the same run.
 */
public final class H2Floor {

    /** The three synchronized tables of the demo schema (the sync-core migration V4), without their triggers. */
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE APPLICATION_TYPES (NAME VARCHAR(128) PRIMARY KEY, DESCRIPTION VARCHAR(1000))",
            "CREATE TABLE APPLICATIONS (NAME VARCHAR(128) PRIMARY KEY, TYPE_NAME VARCHAR(128) NOT NULL,"
                    + " SETTINGS VARCHAR(4000), CONSTRAINT APPLICATIONS_TYPE FOREIGN KEY (TYPE_NAME)"
                    + " REFERENCES APPLICATION_TYPES (NAME))",
            "CREATE TABLE ACCOUNTS (NAME VARCHAR(128) PRIMARY KEY, ROLE VARCHAR(64) NOT NULL, EMAIL VARCHAR(256))");

    private H2Floor() {
    }

    /** In the measuring process: writes the rows into {@code args[0]}/floor and prints the seconds they took. */
    public static void main(String[] args) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + Path.of(args[0]).resolve("floor"), "sa", "")) {
            try (Statement st = c.createStatement()) {
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
            }
            long start = System.nanoTime();
            SyncBenchmark.writeRows(c);
            System.out.println((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Runs {@code at once} measuring processes side by side, each on its own empty database; returns the longest
     * time one of them took to write and commit the rows, in seconds.
     */
    static double measure(Path scratch, int atOnce) throws IOException, InterruptedException {
        List<Process> running = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try {
            for (int i = 0; i < atOnce; i++) {
                Path dir = Files.createTempDirectory(scratch, "h2-floor-");
                dirs.add(dir);
                running.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
                        System.getProperty("java.class.path"), H2Floor.class.getName(), dir.toString())
                        .redirectErrorStream(true).start());
            }
            double longest = 0;
            for (Process p : running) {
                String out = new String(p.getInputStream().readAllBytes()).strip();
                if (p.waitFor() != 0) {
                    throw new IOException("the H2 floor process failed: " + out);
                }
                longest = Math.max(longest, Double.parseDouble(out.lines().reduce((a, b) -> b).orElse("0")));
            }
            return longest;
        } finally {
            running.forEach(Process::destroyForcibly);
            for (Path dir : dirs) {
                Scratch.deleteTree(dir);
            }
        }
    }
}
