package io.clustersync.admin.internal;

import io.clustersync.admin.api.ActiveActiveMXBean;
import io.clustersync.admin.api.CrdbInstanceRow;
import io.clustersync.admin.api.CrdbPeerRow;
import io.clustersync.core.api.ActiveActive;
import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.Replication;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SourceStatus;

import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@code io.clustersync:type=ActiveActive,name=<db>} MXBean: reads the model and the replication statuses on
 * every call; {@link ActiveActiveMBeanPublisher} calls {@link #follow} every second, which announces peers going
 * out of sync and back.
 */
final class ActiveActiveMBean extends DescribedMBean implements ActiveActiveMXBean {

    static final String IN_SYNC = "in sync";
    static final String SYNCING = "syncing";
    static final String OUT_OF_SYNC = "out of sync";

    private final int databaseId;
    private final ClusterModel model;
    private final Supplier<DataPlane> dataPlane;
    private final Supplier<Replication> replication;
    private final ObjectName objectName;
    private final AtomicLong sequence = new AtomicLong();
    private final PeerAnnouncements announcements = new PeerAnnouncements(OUT_OF_SYNC, IN_SYNC);

    ActiveActiveMBean(int databaseId, ClusterModel model, Supplier<DataPlane> dataPlane, Supplier<Replication> replication,
                      ObjectName objectName) {
        super(ActiveActiveMXBean.class, new NotificationBroadcasterSupport(new MBeanNotificationInfo(
                new String[] {PEER_OUT_OF_SYNC, PEER_IN_SYNC}, Notification.class.getName(),
                "a peer instance's stream stopped; it is in sync again")));
        this.databaseId = databaseId;
        this.model = model;
        this.dataPlane = dataPlane;
        this.replication = replication;
        this.objectName = objectName;
    }

    ObjectName objectName() {
        return objectName;
    }

    private Database db() {
        return model.database("db:" + databaseId);
    }

    private ActiveActive activeActive() {
        ActiveActive aa = db().activeActive();
        if (aa == null) {
            throw new IllegalStateException("db:" + databaseId + " is no longer an Active-Active instance");
        }
        return aa;
    }

    @Override
    public String getId() {
        return JmxErrors.call(() -> activeActive().id());
    }

    @Override
    public String getDatabase() {
        return "db:" + databaseId;
    }

    @Override
    public int getInstance() {
        return JmxErrors.call(() -> activeActive().instance());
    }

    @Override
    public List<CrdbInstanceRow> getInstances() {
        return JmxErrors.call(() -> {
            ActiveActive aa = activeActive();
            return aa.instances().stream().map(i -> new CrdbInstanceRow(i.id(), i.cluster(), i.admin(), i.endpoint(),
                    i.id() == aa.instance())).toList();
        });
    }

    @Override
    public List<CrdbPeerRow> getPeers() {
        return JmxErrors.call(this::peers);
    }

    private List<CrdbPeerRow> peers() {
        Database db = db();
        ActiveActive aa = db.activeActive();
        if (aa == null) {
            return List.of();
        }
        Replication current = replication.get();
        List<SourceStatus> statuses = current == null ? List.of() : current.clusterStatuses(databaseId);
        List<ActiveActive.Instance> peers = aa.peers();
        long[] appliedAge = appliedAges(peers);
        List<CrdbPeerRow> rows = new ArrayList<>();
        for (int index = 1; index <= peers.size(); index++) {
            ActiveActive.Instance peer = peers.get(index - 1);
            rows.add(row(peer, index, statuses, appliedAge[index - 1]));
        }
        return rows;
    }

    /**
     * Per peer, how old the newest point is up to which it has applied every write, the oldest over this
     * instance's shards (-1 when a shard has not heard it for its slots, or cannot be asked now).
     */
    private long[] appliedAges(List<ActiveActive.Instance> peers) {
        long[] ages = new long[peers.size()];
        if (peers.isEmpty()) {
            return ages;
        }
        String[] command = new String[peers.size() + 1];
        command[0] = "CRDT.INFO";
        for (int i = 0; i < peers.size(); i++) {
            command[i + 1] = String.valueOf(peers.get(i).id());
        }
        List<List<Long>> byShard;
        try {
            byShard = overShards(command);
        } catch (RuntimeException e) {
            Arrays.fill(ages, -1);
            return ages;
        }
        for (int i = 0; i < peers.size(); i++) {
            ages[i] = oldestAge(byShard, 5 + i);
        }
        return ages;
    }

    /**
     * How old the oldest of the shards' wall-clock ms at {@code item} of their CRDT.INFO is, in ms; -1 when a shard
     * does not know it (0 or missing).
     */
    private static long oldestAge(List<List<Long>> byShard, int item) {
        long now = System.currentTimeMillis();
        long oldest = 0;
        for (List<Long> figures : byShard) {
            long millis = figures.size() > item ? figures.get(item) : 0;
            if (millis <= 0) {
                return -1;
            }
            oldest = Math.max(oldest, now - millis);
        }
        return oldest;
    }

    /** One peer from the statuses of its source (one per node running a share of it). */
    private static CrdbPeerRow row(ActiveActive.Instance peer, int sourceIndex, List<SourceStatus> statuses, long appliedAge) {
        String status = null;
        List<String> details = new ArrayList<>();
        long lag = 0;
        long[] sums = new long[5];
        for (SourceStatus s : statuses) {
            if (s.sourceIndex() != sourceIndex) {
                continue;
            }
            String mine = switch (s.state()) {
                case "synced" -> IN_SYNC;
                // a syncer that lost its peer's proxy retries it: out of sync until it is through again
                case "syncing" -> s.detail().startsWith("reconnecting") || s.detail().startsWith("asking") ? OUT_OF_SYNC : SYNCING;
                default -> OUT_OF_SYNC;
            };
            status = status == null || rank(mine) > rank(status) ? mine : status;
            details.add(s.state() + ": " + s.detail() + (s.figures().lastError().isEmpty() ? "" : "; last error: "
                    + s.figures().lastError()));
            SourceStatus.Figures f = s.figures();
            lag = Math.max(lag, f.lagMs());
            sums[0] += f.sourceOffset();
            sums[1] += f.destinationOffset();
            sums[2] += f.ingressBytes();
            sums[3] += f.fullSyncs();
            sums[4] += f.partialSyncs();
        }
        return new CrdbPeerRow(peer.id(), peer.cluster(), peer.endpoint(), status == null ? OUT_OF_SYNC : status,
                details.isEmpty() ? "no syncer runs for it" : String.join(" | ", details), lag, sums[0], sums[1], sums[2],
                sums[3], sums[4], appliedAge);
    }

    private static int rank(String status) {
        return status.equals(OUT_OF_SYNC) ? 2 : status.equals(SYNCING) ? 1 : 0;
    }

    @Override
    public long getTombstones() {
        return JmxErrors.call(() -> sumOverShards("CRDT.INFO", 0));
    }

    @Override
    public long getTombstonesCollected() {
        return JmxErrors.call(() -> sumOverShards("CRDT.INFO", 3));
    }

    @Override
    public long getSeenEverywhereAgeMs() {
        return JmxErrors.call(() -> oldestAge(overShards("CRDT.INFO"), 4));
    }

    @Override
    public long getMergedDeltas() {
        return JmxErrors.call(() -> sumOverShards("CRDT.INFO", 1));
    }

    @Override
    public void setInstances(String instances, String password) {
        JmxErrors.run(() -> {
            ActiveActive aa = activeActive();
            model.activeActive("db:" + databaseId, new ActiveActive(aa.id(), aa.instance(), parse(instances)), password);
        });
    }

    @Override
    public long flush() {
        return JmxErrors.call(() -> sumOverShards("CRDT.FLUSH", -1));
    }

    /** Runs an internal command on every shard of the database and adds up its answer (item {@code item} of an array). */
    private long sumOverShards(String command, int item) {
        long total = 0;
        for (List<Long> figures : overShards(command)) {
            total += item < 0 ? figures.get(0) : figures.get(item);
        }
        return total;
    }

    /** Runs an internal command on every master shard of the database: its integer answer, or its array's, from each. */
    private List<List<Long>> overShards(String... command) {
        DataPlane plane = dataPlane.get();
        if (plane == null) {
            throw new IllegalStateException("the data plane of this node is not running");
        }
        byte[][] args = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            args[i] = command[i].getBytes(StandardCharsets.US_ASCII);
        }
        List<List<Long>> out = new ArrayList<>();
        for (Shard shard : db().shards()) {
            if (!Shard.MASTER.equals(shard.role())) {
                continue;
            }
            Reply reply;
            try {
                reply = plane.execute(shard, args).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(command[0] + " on " + shard.ref() + " of db:" + databaseId + ": " + e, e);
            }
            if (reply instanceof Reply.Err err) {
                throw new IllegalStateException(shard.ref() + " of db:" + databaseId + ": " + err.message());
            }
            List<Long> figures = new ArrayList<>();
            if (reply instanceof Reply.Int n) {
                figures.add(n.value());
            } else if (reply instanceof Reply.Multi multi && multi.items() != null) {
                for (Reply item : multi.items()) {
                    figures.add(item instanceof Reply.Int n ? n.value() : 0L);
                }
            }
            out.add(figures);
        }
        return out;
    }

    /** Reads instances written as {@code <id> <cluster> <admin host:port> <endpoint host:port>}, one per line or ';'. */
    static List<ActiveActive.Instance> parse(String text) {
        List<ActiveActive.Instance> out = new ArrayList<>();
        String[] lines = (text == null ? "" : text).split("[;\\n]");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length < 3 || words.length > 4) {
                throw new ModelException("instance " + (n + 1) + " '" + line + "': write it as <id> <cluster>"
                        + " <admin host:port> [<endpoint host:port>]");
            }
            int id;
            try {
                id = Integer.parseInt(words[0]);
            } catch (NumberFormatException e) {
                throw new ModelException("instance " + (n + 1) + " '" + line + "': its id '" + words[0] + "' is not a number");
            }
            out.add(new ActiveActive.Instance(id, words[1], words[2], words.length == 4 ? words[3] : ""));
        }
        return out;
    }

    /** Announces peers that went out of sync since the last look, and their return to in sync. */
    void follow() {
        for (CrdbPeerRow peer : peers()) {
            switch (announcements.look(peer.instance(), peer.status())) {
                case OUT -> sendNotification(new Notification(PEER_OUT_OF_SYNC, objectName, sequence.incrementAndGet(),
                        "instance " + peer.instance() + " (" + peer.cluster() + ", " + peer.endpoint() + ") is out of sync: "
                                + peer.detail()));
                case BACK -> sendNotification(new Notification(PEER_IN_SYNC, objectName, sequence.incrementAndGet(),
                        "instance " + peer.instance() + " (" + peer.cluster() + ") is in sync again"));
                case NOTHING -> {
                }
            }
        }
    }
}
