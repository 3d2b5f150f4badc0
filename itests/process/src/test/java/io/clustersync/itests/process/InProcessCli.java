package io.clustersync.itests.process;

import io.clustersync.admin.cli.AdminCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code clustersync-admin} run in the test's JVM: its exit code, what it printed, bounded in time. */
final class InProcessCli {

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "clustersync-admin-in-process");
        t.setDaemon(true);
        return t;
    });

    private InProcessCli() {
    }

    static NodeProcess.Result run(List<String> args, long timeoutSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Future<Integer> exit = RUNNER.submit(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return AdminCli.run(args.toArray(String[]::new), o, e);
            }
        });
        try {
            int code = exit.get(timeoutSeconds, TimeUnit.SECONDS);
            return new NodeProcess.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            exit.cancel(true);
            throw new IllegalStateException("timed out after " + timeoutSeconds + "s: clustersync-admin " + args);
        } catch (ExecutionException e) {
            throw new IllegalStateException("clustersync-admin " + args + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running clustersync-admin " + args, e);
        }
    }
}
