package io.clustersync.itests.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server, the anchor of the differential tests: started on a free port of 127.0.0.1 without
 * persistence, stopped (killed) at close. When redis-server is not installed and the tests run as root (as on CI),
 * it is installed from Debian's packages first, as {@code benchmarks/run} does; otherwise the test fails naming the
 * package to install.
 */
final class RedisServerProcess implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"));

    final int port;
    private final Process process;

    private RedisServerProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static RedisServerProcess start(Path dir) {
        Path binary = binary();
        int port = NodeProcess.freePort("127.0.0.1");
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
            RedisServerProcess server = new RedisServerProcess(port, process);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                try (RespClient client = new RespClient("127.0.0.1", port)) {
                    if ("+PONG".equals(client.call("PING"))) {
                        return server;
                    }
                } catch (IOException notYet) {
                    sleep(50);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": "
                            + Files.readString(dir.resolve("redis.out")));
                }
            }
            server.close();
            throw new IllegalStateException("redis-server did not answer PING on 127.0.0.1:" + port + " within 20 s");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    /** redis-cli, from the same packages as redis-server (installed with it when missing). */
    static Path cli() {
        Path server = binary();
        Path cli = server.resolveSibling("redis-cli");
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("redis-server is at " + server + " but redis-cli is not beside it: install redis-tools");
        }
        return cli;
    }

    private static Path binary() {
        for (Path candidate : CANDIDATES) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if ("root".equals(System.getProperty("user.name"))) {
            NodeProcess.Result installed = NodeProcess.installDebianPackages("redis-server", "redis-tools");
            for (Path candidate : CANDIDATES) {
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("installing redis-server from Debian's packages failed: " + installed);
        }
        throw new IllegalStateException("redis-server is not installed and the tests do not run as root to install it:"
                + " run 'apt-get install -y redis-server redis-tools' first");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
