package io.clustersync.admin.cli;

import io.clustersync.admin.api.ActiveActiveMXBean;
import io.clustersync.admin.api.CrdbInstanceRow;
import io.clustersync.admin.api.CrdbPeerRow;
import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.api.EndpointRow;
import io.clustersync.admin.internal.TextTable;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code crdb}: Active-Active databases across clusters. Every command that creates or changes instances runs as
 * a job over each participating cluster's JMX connector, prints one result per cluster, and leaves no half-made
 * database behind: when one cluster refuses, what the job made in the others is dropped again.
 *
 * <p>An instance is written {@code fqdn=<host:jmxport>[,username=<user>,password=<password>]}; without
 * credentials, those of this command's own node are used.
 */
final class CrdbCommands {

    static final String USAGE = String.join("\n",
            "  crdb create name <db> shards <n> [port <p>] [password <pw>] instance fqdn=<host:jmxport>[,username=<u>,password=<pw>] instance ...",
            "  crdb list | crdb get <db> | crdb health <db> [instance ...]",
            "  crdb add-instance <db> [port <p>] [password <pw>] instance fqdn=... [instance ... (credentials of the others)]",
            "  crdb remove-instance <db> <cluster> [instance ...] | crdb flush <db> [instance ...]");

    /** How long a job waits for a new instance's endpoint to listen and its MXBean to appear. */
    static final long SETTLE_MS = 20_000;

    private final NodeSession home;
    private final PrintStream out;

    CrdbCommands(NodeSession home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** A cluster a job reaches: where, as whom, and what the job did there. */
    private static final class Cluster {
        final String admin;
        final NodeTarget target;
        NodeSession session;
        String name = "?";
        String database;
        String endpoint = "";
        int instance;
        String result = "not reached";

        Cluster(String admin, NodeTarget target) {
            this.admin = admin;
            this.target = target;
        }
    }

    void run(List<String> words) {
        if (words.size() < 2) {
            throw new CliException(2, "usage:\n" + USAGE);
        }
        switch (words.get(1).toLowerCase(Locale.ROOT)) {
            case "create" -> create(words);
            case "list" -> list();
            case "get" -> get(database(words));
            case "health" -> health(words);
            case "add-instance" -> addInstance(words);
            case "remove-instance" -> removeInstance(words);
            case "flush" -> flush(words);
            default -> throw new CliException(2, "unknown crdb command '" + words.get(1) + "'; usage:\n" + USAGE);
        }
    }

    private static String database(List<String> words) {
        if (words.size() < 3) {
            throw new CliException(2, "usage:\n" + USAGE);
        }
        return words.get(2);
    }

    // ---- create

    private void create(List<String> words) {
        Arguments args = new Arguments(words, "crdb create name <db> shards <n> [port <p>] [password <pw>] instance ...");
        String name = args.after("name");
        int shards = args.intAfter("shards");
        int port = args.has("port") ? args.intAfter("port") : 0;
        String password = args.has("password") ? args.after("password") : "";
        List<Cluster> clusters = instances(words);
        if (clusters.size() < 2 || clusters.size() > 5) {
            throw new CliException(2, "an Active-Active database has 2 to 5 instances, " + clusters.size() + " given");
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String id = name + "-" + HexFormat.of().formatHex(random);
        try {
            for (int i = 0; i < clusters.size(); i++) {
                Cluster c = clusters.get(i);
                c.instance = i + 1;
                step(c, () -> {
                    connect(c);
                    c.database = c.session.cluster().createActiveActiveInstance(name, shards, port, password, id, c.instance);
                    c.result = "created " + c.database;
                });
            }
            connectInstances(clusters, name, id, password);
        } catch (RuntimeException e) {
            undo(clusters, name, e);
            throw new CliException(1, "crdb create " + name + " failed; nothing was left behind");
        } finally {
            close(clusters);
        }
        out.println("created Active-Active database " + id + " '" + name + "' with " + clusters.size() + " instances");
        report(clusters);
    }

    /** Waits for every instance's endpoint, then gives each the list of all of them. */
    private void connectInstances(List<Cluster> clusters, String name, String id, String password) {
        for (Cluster c : clusters) {
            step(c, () -> c.endpoint = endpointOf(c.session.database(name)));
        }
        String instances = String.join(";", clusters.stream()
                .map(c -> c.instance + " " + c.name + " " + c.admin + " " + c.endpoint).toList());
        for (Cluster c : clusters) {
            step(c, () -> c.session.activeActive(name, SETTLE_MS).setInstances(instances, password));
            c.result = c.result + ", pulling " + (clusters.size() - 1) + " peer(s)";
        }
    }

    /** Drops what the job created, reporting each cluster's outcome, after {@code cause} stopped it. */
    private void undo(List<Cluster> clusters, String name, RuntimeException cause) {
        for (Cluster c : clusters) {
            if (c.database == null || c.session == null) {
                continue;
            }
            try {
                c.session.cluster().dropDatabase(c.database);
                c.result = (c.result.startsWith("FAILED") ? c.result + "; " : "") + "undone (dropped " + c.database + ")";
            } catch (RuntimeException e) {
                c.result = "FAILED to undo: " + failure(e) + "; drop " + c.database + " there by hand";
            }
        }
        out.println("crdb " + name + ": " + failure(cause));
        report(clusters);
    }

    /** Runs one cluster's step of a job; a failure is that cluster's result, and stops the job. */
    private static void step(Cluster c, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            c.result = "FAILED: " + failure(e);
            throw e;
        }
    }

    private static String failure(RuntimeException e) {
        return e instanceof CliException ? e.getMessage() : NodeSession.rootMessage(e);
    }

    private static String endpointOf(DatabaseMXBean db) {
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        while (true) {
            for (EndpointRow row : db.getEndpoints()) {
                if (row.status().equals("listening")) {
                    return row.address();
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new CliException(1, db.getId() + " has no listening proxy after " + SETTLE_MS / 1000 + " s");
            }
            sleep(200);
        }
    }

    // ---- add-instance, remove-instance

    private void addInstance(List<String> words) {
        String name = database(words);
        Arguments args = new Arguments(words, "crdb add-instance <db> [port <p>] [password <pw>] instance ...");
        String password = args.has("password") ? args.after("password") : "";
        List<Cluster> given = instances(words);
        if (given.isEmpty()) {
            throw new CliException(2, "crdb add-instance " + name + ": name the new cluster with instance fqdn=...");
        }
        ActiveActiveMXBean local = home.activeActive(name, 0);
        List<CrdbInstanceRow> existing = local.getInstances();
        if (existing.size() >= 5) {
            throw new CliException(1, "Active-Active database " + local.getId() + " already has 5 instances");
        }
        Cluster added = given.get(0);
        added.instance = existing.stream().mapToInt(CrdbInstanceRow::instance).max().orElse(0) + 1;
        List<Cluster> all = clusters(existing, given);
        all.forEach(c -> c.result = "kept");
        all.add(added);
        DatabaseMXBean db = home.database(name);
        int shards = db.getShardCount();
        String id = local.getId();
        // the new instance's endpoint on the port given, or on the one this cluster's instance listens on
        int port = args.has("port") ? args.intAfter("port") : existing.stream().filter(CrdbInstanceRow::local)
                .map(r -> r.endpoint().substring(r.endpoint().lastIndexOf(':') + 1)).mapToInt(Integer::parseInt).findFirst().orElse(0);
        try {
            step(added, () -> {
                connect(added);
                added.database = added.session.cluster().createActiveActiveInstance(name, shards, port, password, id, added.instance);
                added.result = "created " + added.database;
                added.endpoint = endpointOf(added.session.database(name));
            });
            for (Cluster c : all) {
                if (c.session == null) {
                    step(c, () -> connect(c));
                }
            }
            String instances = String.join(";", all.stream()
                    .map(c -> c.instance + " " + c.name + " " + c.admin + " " + c.endpoint).toList());
            for (Cluster c : all) {
                step(c, () -> c.session.activeActive(name, SETTLE_MS).setInstances(instances, password));
                c.result = c == added ? c.result + ", full sync from " + existing.size() + " peer(s)" : "now pulls instance " + added.instance;
            }
        } catch (RuntimeException e) {
            undo(all, name, e);
            throw new CliException(1, "crdb add-instance " + name + " failed; the new instance was dropped (an instance"
                    + " that already pulls it drops it again at the next crdb add-instance or remove-instance)");
        } finally {
            close(all);
        }
        report(all);
    }

    private void removeInstance(List<String> words) {
        if (words.size() < 4) {
            throw new CliException(2, "usage: crdb remove-instance <db> <cluster>");
        }
        String name = words.get(2);
        String gone = words.get(3);
        ActiveActiveMXBean local = home.activeActive(name, 0);
        List<CrdbInstanceRow> existing = local.getInstances();
        if (existing.stream().noneMatch(r -> r.cluster().equals(gone))) {
            throw new CliException(1, "Active-Active database " + local.getId() + " has no instance in cluster '" + gone
                    + "'; its clusters: " + String.join(", ", existing.stream().map(CrdbInstanceRow::cluster).toList()));
        }
        List<Cluster> all = clusters(existing, instances(words));
        String kept = String.join(";", all.stream().filter(c -> !c.name.equals(gone))
                .map(c -> c.instance + " " + c.name + " " + c.admin + " " + c.endpoint).toList());
        onEach(all, "crdb remove-instance " + name + " " + gone + " stopped", c -> {
            if (c.name.equals(gone)) {
                c.session.activeActive(name, 0).setInstances(c.instance + " " + c.name + " " + c.admin + " " + c.endpoint, "");
                c.result = "left the Active-Active database; its data stays as it is";
            } else {
                c.session.activeActive(name, 0).setInstances(kept, "");
                c.result = "no longer pulls " + gone;
            }
        });
    }

    /**
     * Connects to each cluster in turn and runs {@code step} there; prints every cluster's result, and stops at
     * the first failure with {@code failed} and its cause.
     */
    private void onEach(List<Cluster> all, String failed, Consumer<Cluster> step) {
        try {
            for (Cluster c : all) {
                connect(c);
                step.accept(c);
            }
        } catch (RuntimeException e) {
            report(all);
            throw new CliException(1, failed + ": " + NodeSession.rootMessage(e));
        } finally {
            close(all);
        }
        report(all);
    }

    // ---- flush, health, list, get

    private void flush(List<String> words) {
        String name = database(words);
        onEach(everyInstance(name, instances(words)), "crdb flush " + name + " reached only some instances (run it again:"
                + " flushing twice changes nothing more)",
                c -> c.result = "flushed " + c.session.activeActive(name, 0).flush() + " key(s)");
    }

    private void health(List<String> words) {
        String name = database(words);
        List<Cluster> all = everyInstance(name, instances(words));
        boolean healthy = true;
        TextTable table = new TextTable("INSTANCE", "CLUSTER", "PEER", "STATUS", "LAG_MS", "PEER_OFFSET", "APPLIED", "FULL", "PARTIAL");
        try {
            for (Cluster c : all) {
                try {
                    connect(c);
                    for (CrdbPeerRow peer : c.session.activeActive(name, 0).getPeers()) {
                        healthy &= peer.status().equals("in sync");
                        table.row(String.valueOf(c.instance), c.name, peer.instance() + " " + peer.cluster(), peer.status(),
                                String.valueOf(peer.lagMs()), String.valueOf(peer.peerOffset()),
                                String.valueOf(peer.appliedOffset()), String.valueOf(peer.fullSyncs()),
                                String.valueOf(peer.partialSyncs()));
                    }
                } catch (RuntimeException e) {
                    healthy = false;
                    table.row(String.valueOf(c.instance), c.name, "-", "unreachable: " + NodeSession.rootMessage(e), "", "", "", "", "");
                }
            }
        } finally {
            close(all);
        }
        out.print(table.render());
        if (!healthy) {
            throw new CliException(1, "Active-Active database " + name + ": some instances are not in sync");
        }
    }

    private void list() {
        TextTable table = new TextTable("DB", "NAME", "CRDB", "INSTANCE", "INSTANCES", "PEERS IN SYNC");
        for (String name : home.activeActiveNames()) {
            ActiveActiveMXBean aa = home.activeActive(name, 0);
            List<CrdbPeerRow> peers = aa.getPeers();
            table.row(aa.getDatabase(), name, aa.getId(), String.valueOf(aa.getInstance()),
                    String.valueOf(aa.getInstances().size()),
                    peers.stream().filter(p -> p.status().equals("in sync")).count() + "/" + peers.size());
        }
        out.print(table.render());
    }

    private void get(String name) {
        ActiveActiveMXBean aa = home.activeActive(name, 0);
        out.println(aa.getDatabase() + " '" + name + "': instance " + aa.getInstance() + " of Active-Active database "
                + aa.getId() + ", " + aa.getMergedDeltas() + " delta(s) merged");
        long age = aa.getSeenEverywhereAgeMs();
        out.println("tombstones: " + aa.getTombstones() + " pending, " + aa.getTombstonesCollected() + " collected; "
                + (age < 0 ? "not every instance has been heard from yet" : "every instance has applied every write older than " + age + " ms"));
        TextTable instances = new TextTable("INSTANCE", "CLUSTER", "ADMIN", "ENDPOINT", "HERE");
        for (CrdbInstanceRow row : aa.getInstances()) {
            instances.row(String.valueOf(row.instance()), row.cluster(), row.admin(), row.endpoint(), row.local() ? "yes" : "");
        }
        out.print(instances.render());
        TextTable peers = new TextTable("PEER", "CLUSTER", "STATUS", "LAG_MS", "PEER_OFFSET", "APPLIED", "BYTES_IN", "FULL",
                "PARTIAL", "SEEN_AGE_MS");
        for (CrdbPeerRow p : aa.getPeers()) {
            peers.row(String.valueOf(p.instance()), p.cluster(), p.status(), String.valueOf(p.lagMs()),
                    String.valueOf(p.peerOffset()), String.valueOf(p.appliedOffset()), String.valueOf(p.ingressBytes()),
                    String.valueOf(p.fullSyncs()), String.valueOf(p.partialSyncs()),
                    p.appliedAgeMs() < 0 ? "-" : String.valueOf(p.appliedAgeMs()));
        }
        out.print(peers.render());
    }

    // ---- helpers

    /** The clusters of every instance of the database as this node knows them, with credentials given or this node's. */
    private List<Cluster> everyInstance(String name, List<Cluster> given) {
        return clusters(home.activeActive(name, 0).getInstances(), given);
    }

    /** The clusters of these instances, each with the credentials given for it or this node's. */
    private List<Cluster> clusters(List<CrdbInstanceRow> rows, List<Cluster> given) {
        List<Cluster> all = new ArrayList<>();
        for (CrdbInstanceRow row : rows) {
            Cluster c = credentialsFor(row.admin(), given);
            c.instance = row.instance();
            c.name = row.cluster();
            c.endpoint = row.endpoint();
            all.add(c);
        }
        return all;
    }

    private Cluster credentialsFor(String admin, List<Cluster> given) {
        for (Cluster c : given) {
            if (c.admin.equals(admin)) {
                return c;
            }
        }
        return new Cluster(admin, NodeTarget.fromUrl(admin, home.target().user(), home.target().password(), home.target().tls()));
    }

    /** The {@code instance fqdn=...} words of the command line, in order. */
    private List<Cluster> instances(List<String> words) {
        List<Cluster> out = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            if (!words.get(i).equalsIgnoreCase("instance")) {
                continue;
            }
            if (i + 1 >= words.size()) {
                throw new CliException(2, "'instance' takes fqdn=<host:jmxport>[,username=<u>,password=<pw>,truststore=<file>]");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String part : words.get(i + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new CliException(2, "instance '" + words.get(i + 1) + "': '" + part + "' is not key=value;"
                            + " write fqdn=<host:jmxport>[,username=<u>,password=<pw>,truststore=<file>]");
                }
                fields.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1));
            }
            String fqdn = fields.get("fqdn");
            if (fqdn == null || fqdn.isBlank()) {
                throw new CliException(2, "instance '" + words.get(i + 1) + "' names no fqdn=<host:jmxport>");
            }
            String user = fields.getOrDefault("username", home.target().user());
            String password = fields.getOrDefault("password", fields.containsKey("username") ? null : home.target().password());
            if (password == null) {
                throw new CliException(2, "instance '" + fqdn + "' gives a username without a password");
            }
            String truststore = fields.get("truststore");
            if (truststore != null) {
                JmxTls.trust(Path.of(truststore));
            }
            out.add(new Cluster(fqdn, NodeTarget.fromUrl(fqdn, user, password, home.target().tls())));
            i++;
        }
        return out;
    }

    private static void connect(Cluster c) {
        c.session = NodeSession.open(c.target);
        c.name = c.session.cluster().getClusterName();
    }

    private static void close(List<Cluster> clusters) {
        clusters.forEach(c -> {
            if (c.session != null) {
                c.session.close();
            }
        });
    }

    private void report(List<Cluster> clusters) {
        TextTable table = new TextTable("INSTANCE", "CLUSTER", "ADMIN", "ENDPOINT", "RESULT");
        for (Cluster c : clusters) {
            table.row(String.valueOf(c.instance), c.name, c.admin, c.endpoint, c.result);
        }
        out.print(table.render());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(3, "interrupted");
        }
    }
}
