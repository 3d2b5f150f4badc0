package io.clustersync.admin.cli;

import io.clustersync.admin.api.BundlesMXBean;
import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.api.EndpointRow;
import io.clustersync.admin.api.JobNodeRow;
import io.clustersync.admin.internal.TextTable;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The operator's commands, in the spirit of {@code rladmin}. Each takes the words after the global options.
 */
final class AdminCommands {

    static final String USAGE = String.join("\n",
            "usage: clustersync-admin [--home DIR | --url HOST:PORT|JMXURL --user U --password P] [--user U]"
                    + " [--truststore FILE]... [--jmx-plain] COMMAND",
            "  JMX speaks TLS: --home trusts DIR/etc/jmx-trust.p12; --truststore trusts another node's (repeatable);"
                    + " --jmx-plain reaches a --url node with jmx.tls = false",
            "commands:",
            "  status [nodes|databases|endpoints|shards]",
            "  create db <name> shards <n> [port <p>] [password <pw>] [tls <no|yes|mutual>]",
            "  drop db <db>",
            "  bind db <db> endpoint <id> policy <single|all-master-shards|all-nodes>",
            "  tune db <db> syncer_mode <centralized|distributed|a mode a syncer bundle adds, e.g. parallel>",
            "  tune db <db> read_only <yes|no>",
            "  tune db <db> tls <no|yes|mutual>   (proxies speak TLS; clients trust <home>/etc/cluster-ca.pem)",
            "  replica-of db <db> source <redis://[:password@]host:port/name>",
            "  replica-of db <db> pause|resume|stop",
            "  info db <db>",
            CrdbCommands.USAGE,
            "  sync status",
            "  synchronize-all",
            "  verify",
            "  check-requirements",
            "  promote          (run against the node that is to become the primary)",
            "  set param <name> <value> [local]",
            "  params",
            "  bundle list | bundle update|stop|start|uninstall <symbolic name>   (hot swap, e.g. io.clustersync.syncer)",
            "  bundle install <jar>   (e.g. extras/clustersync-syncer-parallel.jar, relative to the node's install folder)");

    private final NodeSession session;
    private final PrintStream out;

    AdminCommands(NodeSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    void run(List<String> words) {
        if (words.isEmpty()) {
            throw new CliException(2, "no command given\n" + USAGE);
        }
        String command = words.get(0).toLowerCase(Locale.ROOT);
        switch (command) {
            case "status" -> status(words);
            case "create" -> create(words);
            case "drop" -> drop(words);
            case "bind" -> bind(words);
            case "tune" -> tune(words);
            case "replica-of" -> replicaOf(words);
            case "info" -> info(words);
            case "sync" -> sync(words);
            case "synchronize-all" -> synchronizeAll();
            case "verify" -> verify();
            case "check-requirements" -> checkRequirements();
            case "promote" -> out.println(session.configSync().promote());
            case "set" -> setParam(words);
            case "params" -> params();
            case "bundle" -> bundle(words);
            case "crdb" -> new CrdbCommands(session, out).run(words);
            default -> throw new CliException(2, "unknown command '" + words.get(0) + "'\n" + USAGE);
        }
    }

    private void status(List<String> words) {
        if (words.size() > 2) {
            throw new CliException(2, "usage: status [nodes|databases|endpoints|shards]");
        }
        String text = session.cluster().getStatusText();
        out.print(words.size() == 1 ? text : StatusSections.pick(text, words.get(1)));
    }

    private void create(List<String> words) {
        Arguments args = new Arguments(words, "create db <name> shards <n> [port <p>] [password <pw>] [tls <no|yes|mutual>]");
        String name = args.after("db");
        int shards = args.intAfter("shards");
        int port = args.has("port") ? args.intAfter("port") : 0;
        String password = args.has("password") ? args.after("password") : null;
        String tls = args.has("tls") ? args.after("tls").toLowerCase(Locale.ROOT) : "no";
        if (!List.of("no", "yes", "mutual").contains(tls)) {
            throw new CliException(2, "tls is no, yes or mutual, not '" + tls + "'");
        }
        ClusterMXBean cluster = session.cluster();
        String id = password == null ? cluster.createDatabase(name, shards, port)
                : cluster.createDatabaseWithPassword(name, shards, port, password);
        DatabaseMXBean db = session.database(id);
        if (!tls.equals("no")) {
            db.tune("tls", tls);
        }
        out.println("created " + id + " '" + name + "' with " + shards + " shard(s)" + (password == null ? "" : ", password-protected")
                + (tls.equals("no") ? "" : ", TLS " + tls));
        printEndpoints(db);
    }

    /** The endpoint's proxies, once each has settled (listening, or stopped by the policy), waiting up to 15 s. */
    private void printEndpoints(DatabaseMXBean db) {
        long deadline = System.currentTimeMillis() + 15_000;
        List<EndpointRow> rows = db.getEndpoints();
        while (System.currentTimeMillis() < deadline
                && rows.stream().anyMatch(r -> !r.status().equals("listening"))) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            rows = db.getEndpoints();
        }
        for (EndpointRow row : rows) {
            out.println("  " + row.id() + " " + row.address() + " on " + row.node() + " (policy " + row.role()
                    + "): " + row.status());
        }
    }

    private void drop(List<String> words) {
        Arguments args = new Arguments(words, "drop db <db>");
        String db = args.after("db");
        String id = session.database(db).getId();
        session.cluster().dropDatabase(id);
        out.println("dropped " + id);
    }

    private void bind(List<String> words) {
        Arguments args = new Arguments(words, "bind db <db> endpoint <id> policy <policy>");
        DatabaseMXBean db = session.database(args.after("db"));
        db.bind(args.after("endpoint"), args.after("policy"));
        out.println(db.getId() + " endpoint policy: " + db.getEndpointPolicy());
        printEndpoints(db);
    }

    private void replicaOf(List<String> words) {
        String usage = "usage: replica-of db <db> source <uri> | replica-of db <db> pause|resume|stop";
        if (words.size() < 4 || !words.get(1).equalsIgnoreCase("db")) {
            throw new CliException(2, usage);
        }
        DatabaseMXBean db = session.database(words.get(2));
        String action = words.get(3).toLowerCase(Locale.ROOT);
        if (action.equals("source") && words.size() == 5) {
            db.replicaOf(words.get(4));
        } else if (words.size() == 4 && (action.equals("pause") || action.equals("resume") || action.equals("stop"))) {
            switch (action) {
                case "pause" -> db.pauseReplication();
                case "resume" -> db.resumeReplication();
                default -> db.stopReplication();
            }
        } else {
            throw new CliException(2, usage);
        }
        out.println(db.getId() + " replica_of: " + db.getReplicaState());
        for (String source : db.getReplicaSources()) {
            out.println("  source: " + source);
        }
    }

    private void bundle(List<String> words) {
        String usage = "usage: bundle list | bundle update|stop|start|uninstall <symbolic name> | bundle install <jar>";
        BundlesMXBean bundles = session.bundles();
        if (words.size() == 2 && words.get(1).equalsIgnoreCase("list")) {
            bundles.getBundles().forEach(out::println);
            return;
        }
        if (words.size() != 3) {
            throw new CliException(2, usage);
        }
        switch (words.get(1).toLowerCase(Locale.ROOT)) {
            case "update" -> out.println(bundles.update(words.get(2)));
            case "stop" -> out.println(bundles.stop(words.get(2)));
            case "start" -> out.println(bundles.start(words.get(2)));
            case "uninstall" -> out.println(bundles.uninstall(words.get(2)));
            case "install" -> out.println(bundles.install(localJar(words.get(2))));
            default -> throw new CliException(2, usage);
        }
    }

    /** A jar path that names a file here is sent absolute (the node may run in another folder); others as typed. */
    private static String localJar(String typed) {
        Path here = Path.of(typed);
        return !here.isAbsolute() && Files.isRegularFile(here) ? here.toAbsolutePath().toString() : typed;
    }

    private void tune(List<String> words) {
        if (words.size() != 5 || !words.get(1).equalsIgnoreCase("db")) {
            throw new CliException(2, "usage: tune db <db> <parameter> <value>  (parameters: syncer_mode, read_only, tls)");
        }
        DatabaseMXBean db = session.database(words.get(2));
        db.tune(words.get(3), words.get(4));
        boolean readOnly = words.get(3).equalsIgnoreCase("read_only");
        out.println(db.getId() + " " + words.get(3) + ": " + (readOnly ? (db.isReadOnly() ? "yes" : "no") : db.getSyncerMode()));
    }

    private void sync(List<String> words) {
        if (words.size() != 2 || !words.get(1).equalsIgnoreCase("status")) {
            throw new CliException(2, "usage: sync status");
        }
        out.print(session.configSync().getStatusText());
    }

    static final long SYNC_ALL_WAIT_MS = 15 * 60_000;

    /** Starts Synchronize All on the node (the primary), waits for the job and prints each node's result. */
    private void synchronizeAll() {
        ConfigSyncMXBean sync = session.configSync();
        String id = sync.synchronizeAll();
        out.println("Synchronize All " + id + " started");
        long deadline = System.currentTimeMillis() + SYNC_ALL_WAIT_MS;
        String state = sync.getJobState();
        while (state.equals("running") && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = sync.getJobState();
        }
        for (JobNodeRow row : sync.getJobNodes()) {
            out.println("  " + row.node() + " " + row.state() + " in " + row.durationMs() + " ms: " + row.detail()
                    + (row.administeredAt() == null || row.administeredAt().isEmpty() ? "" : " [" + row.administeredAt() + "]"));
        }
        out.println("Synchronize All " + id + " " + state + " (snapshot at change " + sync.getJobSequence() + ", "
                + sync.getJobStarted() + " to " + sync.getJobEnded() + ")");
        if (!state.equals("done")) {
            throw new CliException(1, "Synchronize All " + id + " " + (state.equals("running")
                    ? "still runs after " + SYNC_ALL_WAIT_MS / 60_000 + " minutes; follow it with 'sync status'" : "failed"));
        }
    }

    /** Prints each requirement of Synchronize All; exits 1 when one fails. */
    private void checkRequirements() {
        String report = session.configSync().checkRequirements();
        out.print(report);
        if (report.lines().anyMatch(l -> l.matches(".*\\sFAIL\\s.*"))) {
            throw new CliException(1, "requirements not met; Synchronize All is refused until they are");
        }
    }

    /** Prints the drift report; exits 1 when any node differs or could not be verified. */
    private void verify() {
        String report = session.configSync().verify();
        out.print(report);
        if (report.lines().anyMatch(l -> l.startsWith("node:") && !l.contains(": no drift"))) {
            throw new CliException(1, "drift found; 'synchronize-all' on the primary replaces the secondaries' configuration");
        }
    }

    private void setParam(List<String> words) {
        boolean local = words.size() == 5 && words.get(4).equalsIgnoreCase("local");
        if (words.size() < 4 || words.size() > 5 || !words.get(1).equalsIgnoreCase("param") || (words.size() == 5 && !local)) {
            throw new CliException(2, "usage: set param <name> <value> [local]");
        }
        session.cluster().setParameter(words.get(2), words.get(3), local);
        out.println("param " + words.get(2) + " = " + words.get(3) + (local ? " (local to this node)" : " (all nodes)"));
    }

    private void params() {
        TextTable table = new TextTable("NAME", "VALUE", "LOCAL");
        session.cluster().getParameters().forEach(p -> table.row(p.name(), p.value(), p.local() ? "yes" : "no"));
        out.print("PARAMETERS:\n" + table.render());
    }

    private void info(List<String> words) {
        Arguments args = new Arguments(words, "info db <db>");
        out.print(session.database(args.after("db")).getInfo());
    }
}
