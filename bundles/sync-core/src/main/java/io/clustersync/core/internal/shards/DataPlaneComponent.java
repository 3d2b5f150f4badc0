package io.clustersync.core.internal.shards;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.ConfigSync;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.LocalNode;
import io.clustersync.core.api.ModelChange;
import io.clustersync.core.api.ModelException;
import io.clustersync.core.api.ModelListener;
import io.clustersync.core.api.ProxyBinding;
import io.clustersync.core.api.PubSubRequest;
import io.clustersync.core.api.PubSubSink;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.RunningProxy;
import io.clustersync.core.api.ServerParameter;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.ShardStats;
import io.clustersync.core.api.ShardStream;
import io.clustersync.core.api.ShardStreamListener;
import io.clustersync.core.internal.model.DatabasePasswords;
import io.clustersync.core.internal.bus.BusMessaging;
import io.clustersync.core.internal.bus.Frame;
import io.clustersync.core.internal.bus.NumberedRequests;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The data plane of this node: its {@link ShardStores}, commands for shards mastered elsewhere sent over the
 * cluster bus (and those of other nodes run here), and the cluster-wide view of shard figures and proxy
 * bindings that status and JMX show.
 */
@Component(service = {DataPlane.class, ModelListener.class}, immediate = true)
public class DataPlaneComponent implements DataPlane, ModelListener {

    static final String BACKLOG_PARAMETER = "repl_backlog";
    static final long DEFAULT_BACKLOG_BYTES = 1L << 20;
    /** Keyspace notifications waiting to be published, at most; more are dropped and counted in the log. */
    static final int MAX_PENDING_EVENTS = 1 << 20;
    static final long COMMAND_TIMEOUT_MS = 5000;
    static final long QUERY_TIMEOUT_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneComponent.class);

    @Reference
    private LocalNode localNode;

    @Reference
    private ClusterModel model;

    @Reference
    private DatabasePasswords passwords;

    @Reference
    private BusMessaging bus;

    /** Whether this node waits for Synchronize All (its shards then refuse other nodes' clients). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigSync configSync;

    private int nodeId;
    private ShardStores stores;
    private NumberedRequests<Reply> commands;
    private NumberedRequests<DataFrames.Answer> queries;
    private NumberedRequests<Reply> pubsubAnswers;
    private volatile PubSubSink pubsubSink;
    private ScheduledExecutorService timer;
    private ShardStreams streams;
    private KeyspaceEvents keyspaceEvents;
    private ThreadPoolExecutor eventsOut;
    private final AtomicLong droppedEvents = new AtomicLong();
    private final Set<RunningProxy> proxies = ConcurrentHashMap.newKeySet();
    /** Blocking commands of other nodes waiting here, by "node:request id", so that their node can withdraw them. */
    private final Map<String, CompletableFuture<Reply>> parked = new ConcurrentHashMap<>();

    @Activate
    void activate() {
        nodeId = localNode.identity().nodeId();
        eventsOut = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_PENDING_EVENTS),
                new DefaultThreadFactory("clustersync-keyspace-events", true), (event, pool) -> droppedEvents.incrementAndGet());
        keyspaceEvents = new KeyspaceEvents(this::publishEvent);
        keyspaceEvents.configure(parameter(KeyspaceEventClasses.PARAMETER));
        stores = new ShardStores(localNode.home(), nodeId, backlogBytes(), keyspaceEvents);
        commands = new NumberedRequests<>(bus, COMMAND_TIMEOUT_MS);
        pubsubAnswers = new NumberedRequests<>(bus, QUERY_TIMEOUT_MS);
        queries = new NumberedRequests<>(bus, QUERY_TIMEOUT_MS);
        timer = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("clustersync-data-plane", true));
        bus.handle(DataFrames.COMMAND, this::onCommand);
        bus.handle(DataFrames.REPLY, this::onReply);
        bus.handle(DataFrames.QUERY, this::onQuery);
        bus.handle(DataFrames.ANSWER, this::onAnswer);
        bus.handle(DataFrames.CANCEL, this::onCancel);
        bus.handle(DataFrames.PUBSUB, this::onPubSub);
        bus.handle(DataFrames.PUBSUB_ANSWER, this::onPubSubAnswer);
        streams = new ShardStreams(bus, stores::store);
        streams.register();
        timer.scheduleWithFixedDelay(() -> {
            commands.expire();
            queries.expire();
            pubsubAnswers.expire();
            streams.sweep();
        }, 100, 100, TimeUnit.MILLISECONDS);
        stores.follow(model.databases());
        LOG.info("data plane of {} up: {} shard store(s) open", localNode.identity().ref(), stores.all().size());
    }

    @Deactivate
    void deactivate() {
        for (byte type : new byte[] {DataFrames.COMMAND, DataFrames.REPLY, DataFrames.QUERY, DataFrames.ANSWER, DataFrames.CANCEL,
                DataFrames.PUBSUB, DataFrames.PUBSUB_ANSWER}) {
            bus.unhandle(type);
        }
        timer.shutdownNow();
        streams.unregister();
        commands.failAll("the node is stopping");
        queries.failAll("the node is stopping");
        pubsubAnswers.failAll("the node is stopping");
        stores.close();
        eventsOut.shutdownNow();
    }

    /** Hands a keyspace notification to the publishing thread: published in the order the shards made them. */
    private void publishEvent(int databaseId, byte[] channel, byte[] message) {
        eventsOut.execute(() -> {
            long dropped = droppedEvents.getAndSet(0);
            if (dropped > 0) {
                LOG.warn("{} keyspace notification(s) dropped: more than {} were waiting to be published", dropped, MAX_PENDING_EVENTS);
            }
            pubsub(new PubSubRequest(PubSubRequest.Kind.PUBLISH, databaseId, List.of(channel, message)));
        });
    }

    @Override
    public void modelChanged(ModelChange change) {
        if (change.kind() == ModelChange.Kind.DATABASE_DROPPED) {
            stores.drop(change.database());
        } else if (change.kind() == ModelChange.Kind.PARAMETER_CHANGED && BACKLOG_PARAMETER.equals(change.attribute())) {
            stores.resizeBacklogs(backlogBytes());
        } else if (change.kind() == ModelChange.Kind.PARAMETER_CHANGED && KeyspaceEventClasses.PARAMETER.equals(change.attribute())) {
            keyspaceEvents.configure(parameter(KeyspaceEventClasses.PARAMETER));
            LOG.info("keyspace notifications: '{}'", KeyspaceEventClasses.format(keyspaceEvents.flags()));
        }
        if (change.kind() == ModelChange.Kind.DATABASE_CREATED || change.kind() == ModelChange.Kind.DATABASE_DROPPED
                || change.kind() == ModelChange.Kind.REPLICA_OF_CHANGED) {
            // REPLICA_OF_CHANGED: an Active-Active database's instances, which its shards must know
            stores.follow(model.databases());
        }
    }

    // ---- commands

    @Override
    public CompletableFuture<Reply> execute(Shard shard, byte[][] args) {
        if (shard.nodeId() == nodeId) {
            return runHere(shard.id(), shard.databaseId(), args);
        }
        Function<String, Reply> failure = reason -> unreachable(shard.ref() + " of db:" + shard.databaseId() + ": " + reason);
        if (BlockingCommands.isBlocking(args[0])) {
            long timeoutMs = blockingTimeoutMs(args);
            return commands.send(shard.nodeId(), id -> DataFrames.command(id, shard.id(), args), failure,
                    timeoutMs < 0 ? -1 : timeoutMs + COMMAND_TIMEOUT_MS,
                    id -> bus.send(shard.nodeId(), DataFrames.cancel(id)));
        }
        return commands.send(shard.nodeId(), id -> DataFrames.command(id, shard.id(), args), failure);
    }

    /** How long a blocking command may wait, in ms (-1: forever); its node refuses a malformed timeout itself. */
    private static long blockingTimeoutMs(byte[][] args) {
        try {
            long deadline = BlockingCommands.timeoutMs(args, 0);
            return deadline == 0 ? -1 : deadline;
        } catch (RuntimeException malformed) {
            return 0;
        }
    }

    private CompletableFuture<Reply> runHere(int shardId, int databaseId, byte[][] args) {
        ShardStore store = stores.store(shardId);
        if (store == null) {
            stores.follow(model.databases());
            store = stores.store(shardId);
        }
        if (store == null) {
            return CompletableFuture.completedFuture(Reply.error("TRYAGAIN shard:" + shardId + " of db:" + databaseId
                    + " cannot serve on node:" + nodeId + ": " + stores.whyMissing(shardId)));
        }
        return store.submit(args);
    }

    /** True while this node's configuration needs a full synchronization. */
    private boolean held() {
        ConfigSync sync = configSync;
        return sync != null && sync.needsFullSync();
    }

    private static Reply unreachable(String reason) {
        return Reply.error("CLUSTERDOWN " + reason);
    }

    private void onCommand(int fromNodeId, Frame frame) {
        try {
            DataFrames.Command command = DataFrames.readCommand(frame);
            if (held() && command.args().length > 0 && ClientTraffic.isClientCommand(command.args()[0])) {
                answer(fromNodeId, command, Reply.error(ClientTraffic.held(command.shardId(), nodeId)));
                return;
            }
            CompletableFuture<Reply> reply = runHere(command.shardId(), 0, command.args());
            if (reply.isDone()) {
                answer(fromNodeId, command, reply.join());
                return;
            }
            String waiting = fromNodeId + ":" + command.requestId();
            parked.put(waiting, reply);
            reply.whenComplete((answer, error) -> {
                parked.remove(waiting);
                if (!reply.isCancelled()) {
                    answer(fromNodeId, command, answer);
                }
            });
        } catch (IOException e) {
            LOG.warn("malformed data command from node:{} ({} bytes): {}", fromNodeId, frame.payload().length, e.getMessage());
        }
    }

    private void answer(int toNodeId, DataFrames.Command command, Reply reply) {
        try {
            bus.send(toNodeId, DataFrames.reply(command.requestId(), reply));
        } catch (IllegalArgumentException tooLarge) {
            bus.send(toNodeId, DataFrames.reply(command.requestId(), Reply.error("ERR the reply of shard:"
                    + command.shardId() + " on node:" + nodeId + " cannot be relayed: " + tooLarge.getMessage())));
        }
    }

    /** A blocking command of another node withdrawn by it (its client went away): it takes nothing any more. */
    private void onCancel(int fromNodeId, Frame frame) {
        try {
            CompletableFuture<Reply> waiting = parked.remove(fromNodeId + ":" + DataFrames.requestId(frame));
            if (waiting != null) {
                waiting.cancel(false);
            }
        } catch (IOException e) {
            LOG.warn("malformed data cancel from node:{}: {}", fromNodeId, e.getMessage());
        }
    }

    private void onReply(int fromNodeId, Frame frame) {
        try {
            commands.answered(DataFrames.requestId(frame), DataFrames.readReply(frame));
        } catch (IOException e) {
            LOG.warn("malformed data reply from node:{} ({} bytes): {}", fromNodeId, frame.payload().length, e.getMessage());
        }
    }

    @Override
    public ShardStream stream(Shard shard, String replicationId, long offset, ShardStreamListener listener) {
        return streams.open(shard, shard.nodeId() == nodeId, replicationId == null ? "" : replicationId, offset, listener);
    }

    // ---- pub/sub

    @Override
    public void pubsubSink(PubSubSink sink) {
        this.pubsubSink = sink;
    }

    @Override
    public CompletableFuture<List<Reply>> pubsub(PubSubRequest request) {
        List<CompletableFuture<Reply>> answers = new ArrayList<>();
        answers.add(CompletableFuture.completedFuture(answerHere(request)));
        for (var node : model.nodes()) {
            if (node.id() != nodeId) {
                answers.add(pubsubAnswers.send(node.id(), id -> DataFrames.pubsub(id, request), reason -> null));
            }
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture[0]))
                .thenApply(all -> answers.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
    }

    private Reply answerHere(PubSubRequest request) {
        PubSubSink sink = pubsubSink;
        if (sink == null) {
            return null;
        }
        try {
            return sink.answer(request);
        } catch (RuntimeException e) {
            LOG.warn("pub/sub {} of db:{} failed on node:{}: {}", request.kind(), request.databaseId(), nodeId, e.toString(), e);
            return null;
        }
    }

    private void onPubSub(int fromNodeId, Frame frame) {
        try {
            Reply answer = answerHere(DataFrames.readPubSub(frame));
            bus.send(fromNodeId, DataFrames.pubsubAnswer(DataFrames.requestId(frame), answer == null ? Reply.NIL : answer));
        } catch (IOException e) {
            LOG.warn("malformed pub/sub request from node:{} ({} bytes): {}", fromNodeId, frame.payload().length, e.getMessage());
        }
    }

    private void onPubSubAnswer(int fromNodeId, Frame frame) {
        try {
            Reply answer = DataFrames.readReply(frame);
            pubsubAnswers.answered(DataFrames.requestId(frame), answer == Reply.NIL ? null : answer);
        } catch (IOException e) {
            LOG.warn("malformed pub/sub answer from node:{}: {}", fromNodeId, e.getMessage());
        }
    }

    // ---- figures and bindings

    @Override
    public boolean authenticate(Database database, byte[] password) {
        return database.passwordProtected() && passwords.matches(database.id(), password);
    }

    @Override
    public void register(RunningProxy proxy) {
        proxies.add(proxy);
    }

    @Override
    public void unregister(RunningProxy proxy) {
        proxies.remove(proxy);
    }

    @Override
    public List<ShardStats> shardStats(Database database) {
        List<DataFrames.Answer> answers = ask(database);
        List<ShardStats> out = new ArrayList<>();
        for (Shard shard : database.shards()) {
            ShardStats found = answers.stream().flatMap(a -> a.shards().stream())
                    .filter(s -> s.shardId() == shard.id()).findFirst().orElse(null);
            out.add(found != null ? found : new ShardStats(shard.id(), database.id(), shard.nodeId(), shard.role(),
                    shard.slots(), false, 0, 0, 0, "", 0, 0, -1, 0, 0));
        }
        return out;
    }

    @Override
    public long tlsRefusals(Database database) {
        return proxies.stream().filter(p -> p.endpoint().databaseId() == database.id()).mapToLong(RunningProxy::tlsRefusals).sum();
    }

    @Override
    public long passwordRefusals(Database database) {
        return proxies.stream().filter(p -> p.endpoint().databaseId() == database.id()).mapToLong(RunningProxy::passwordRefusals).sum();
    }

    @Override
    public List<ProxyBinding> bindings(Database database) {
        return ask(database).stream().flatMap(a -> a.bindings().stream())
                .sorted(Comparator.comparing(ProxyBinding::endpointId).thenComparing(ProxyBinding::nodeId))
                .toList();
    }

    /** This node's answer and every reachable peer's, for one database (peers that do not answer are left out). */
    private List<DataFrames.Answer> ask(Database database) {
        List<CompletableFuture<DataFrames.Answer>> pending = new ArrayList<>();
        for (var node : model.nodes()) {
            if (node.id() != nodeId) {
                pending.add(queries.send(node.id(), id -> DataFrames.query(id, database.id()), reason -> null));
            }
        }
        List<DataFrames.Answer> answers = new ArrayList<>();
        answers.add(localAnswer(database.id()));
        for (CompletableFuture<DataFrames.Answer> answer : pending) {
            DataFrames.Answer got = answer.join();
            if (got != null) {
                answers.add(got);
            }
        }
        return answers;
    }

    private DataFrames.Answer localAnswer(int databaseId) {
        List<ShardStats> shards = stores.all().stream().filter(s -> s.shard().databaseId() == databaseId)
                .map(s -> s.stats(s.shard().role())).toList();
        String announce = proxies.isEmpty() ? null : model.parameters().stream()
                .filter(p -> p.local() && p.name().equals(ProxyBinding.ANNOUNCE_PARAMETER) && !p.value().isBlank())
                .map(p -> p.value().trim()).findFirst().orElse(null);
        List<ProxyBinding> bindings = proxies.stream().filter(p -> p.endpoint().databaseId() == databaseId)
                .map(p -> new ProxyBinding(p.endpoint().id(), databaseId, nodeId, p.address(), p.port(),
                        p.endpoint().policy().label(), p.connections(), p.commands(), p.opsPerSecond(),
                        announce == null ? p.address() : announce))
                .toList();
        return new DataFrames.Answer(shards, bindings);
    }

    private void onQuery(int fromNodeId, Frame frame) {
        try {
            DataFrames.Answer answer = localAnswer(DataFrames.queriedDatabase(frame));
            bus.send(fromNodeId, DataFrames.answer(DataFrames.requestId(frame), answer.shards(), answer.bindings()));
        } catch (IOException e) {
            LOG.warn("malformed data query from node:{}: {}", fromNodeId, e.getMessage());
        }
    }

    private void onAnswer(int fromNodeId, Frame frame) {
        try {
            queries.answered(DataFrames.requestId(frame), DataFrames.readAnswer(frame));
        } catch (IOException e) {
            LOG.warn("malformed data answer from node:{}: {}", fromNodeId, e.getMessage());
        }
    }

    /** The value of a cluster parameter, or null. */
    private String parameter(String name) {
        return model.parameters().stream().filter(p -> p.name().equals(name)).findFirst()
                .map(ServerParameter::value).orElse(null);
    }

    /** The {@code repl_backlog} server parameter; an unreadable value keeps the default, with a warning. */
    private long backlogBytes() {
        String value = parameter(BACKLOG_PARAMETER);
        if (value == null) {
            return DEFAULT_BACKLOG_BYTES;
        }
        try {
            return ByteSize.parse(BACKLOG_PARAMETER, value);
        } catch (ModelException e) {
            LOG.warn("{}; the replication backlogs keep {} bytes", e.getMessage(), DEFAULT_BACKLOG_BYTES);
            return DEFAULT_BACKLOG_BYTES;
        }
    }
}
