package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.ShardStats;
import io.clustersync.core.api.ShardStreamListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The data of one master shard: its keyspace, the deadlines of keys with a time to live, a replication id and
 * an offset that every write advances by one, the backlog of recent writes and the persistent {@link ShardLog}.
 *
 * <p>Every command runs under the store's monitor. A write is recorded in a normalized form that replays to the
 * same state and gives the same state when applied twice ({@code INCR} and {@code APPEND} become
 * {@code SET ... KEEPTTL}, {@code EXPIRE} becomes {@code PEXPIREAT}), so that the log, the backlog and the
 * replication stream can be applied by offset, and a write applied again after a crash changes nothing.
 */
public final class ShardStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final byte[] DEL = bytes("DEL");
    static final byte[] SET = bytes("SET");
    static final byte[] PXAT = bytes("PXAT");
    static final byte[] KEEPTTL = bytes("KEEPTTL");
    static final byte[] PEXPIREAT = bytes("PEXPIREAT");
    static final byte[] CHECKPOINT = bytes("CSYNC.CHECKPOINT");
    static final byte[] FORGET = bytes("CSYNC.FORGET");
    static final byte[] EFFECTS = bytes("CSYNC.EFFECTS");

    private final Shard shard;
    private final Keyspace keyspace;
    private final ExpiryIndex expiries = new ExpiryIndex();
    private final ReplicationBacklog backlog;
    private final ShardLog log;
    private String replicationId;
    private long offset;
    private boolean replaying;
    /** The writes of a group being gathered (see {@link #beginEffects}), or null. */
    private List<byte[][]> effects;
    private int effectsDepth;
    private final WatchedKeys watchedKeys = new WatchedKeys();
    private LuaScripts scripts;
    /** Where keyspace notifications go, or null. */
    private volatile KeyspaceEvents events;
    /** The clients parked by a blocking pop; made at the first one. */
    private BlockedClients blocked;
    private long logBytesAtRewrite;
    private long expiredKeys;
    private long fullSyncs;
    private long partialSyncs;
    private final Map<String, Checkpoint> checkpoints = new TreeMap<>();
    private final List<ShardStreamListener> subscribers = new CopyOnWriteArrayList<>();
    /** The keys' merged states when the shard belongs to an Active-Active database; null otherwise. */
    private final ActiveKeys active;
    /** Set when the store closes: the housekeeping that may still call it then does nothing. */
    private boolean closed;

    private ShardStore(Shard shard, long backlogBytes, Path file, int activeInstance) throws IOException {
        this.shard = shard;
        this.active = activeInstance > 0 ? new ActiveKeys(activeInstance, shard.firstSlot(), shard.lastSlot()) : null;
        this.keyspace = new Keyspace(shard.firstSlot(), shard.lastSlot());
        this.backlog = new ReplicationBacklog(backlogBytes);
        if (Files.exists(file)) {
            ShardLog.Loaded[] loaded = new ShardLog.Loaded[1];
            replaying = true;
            try {
                this.log = ShardLog.load(file, (recordOffset, args) -> ShardCommands.execute(this, args, now()), loaded);
            } finally {
                replaying = false;
            }
            this.replicationId = loaded[0].replicationId();
            this.offset = loaded[0].lastOffset();
            LOG.info("{} of db:{} loaded from {}: {} keys, offset {} of replication id {}", shard.ref(), shard.databaseId(),
                    file, keyspace.size(), offset, replicationId);
        } else {
            this.replicationId = newReplicationId();
            this.offset = 0;
            this.log = ShardLog.create(file, replicationId, 0);
            LOG.info("{} of db:{} created empty in {} (slots {}, replication id {})", shard.ref(), shard.databaseId(), file,
                    shard.slots(), replicationId);
        }
        this.logBytesAtRewrite = log.size();
    }

    /** Opens the shard's store in {@code file}, replaying it when it exists, creating it otherwise. */
    public static ShardStore open(Shard shard, long backlogBytes, Path file) throws IOException {
        return new ShardStore(shard, backlogBytes, file, 0);
    }

    /**
     * Opens the store of a shard of an Active-Active database, whose writes are made here by instance
     * {@code instance} (1 to 255) and merged with those of the other instances.
     */
    public static ShardStore openActive(Shard shard, long backlogBytes, Path file, int instance) throws IOException {
        if (instance < 1 || instance > 255) {
            throw new IllegalArgumentException("an Active-Active instance id is 1 to 255, not " + instance);
        }
        return new ShardStore(shard, backlogBytes, file, instance);
    }

    /** The Active-Active side of this shard, or null for a shard of another kind of database. */
    ActiveKeys active() {
        return active;
    }

    /** Whether this shard belongs to an Active-Active database. */
    public boolean activeActive() {
        return active != null;
    }

    /**
     * The tombstones its keys keep, the deltas of other instances merged since it opened, the tombstones it
     * forgot since then (every instance had seen them), and the wall-clock ms up to which every instance has
     * applied every write to its slots (0 when not known).
     */
    public synchronized long[] activeFigures() {
        return active == null ? new long[4]
                : new long[] {active.tombstones(), active.merged(), active.collected(), active.stable().millis()};
    }

    /** The wall-clock ms up to which {@code peer} has applied every write to this shard's slots (0 when unknown). */
    public synchronized long activePeerAppliedMillis(int peer) {
        return active == null ? 0 : active.peerAppliedMillis(peer);
    }

    /** An Active-Active shard's instances: every instance of its database, as the model has them now. */
    public synchronized void activeInstances(Set<Integer> ids) {
        if (active != null) {
            active.instances(ids);
        }
    }

    /**
     * Every second for an Active-Active shard: records how far it has applied every instance's writes (what the
     * others pull with its writes).
     */
    public synchronized void activeTick() {
        if (active != null && !closed) {
            active.tick(this, ShardStore::recordRaw);
        }
    }

    /**
     * Often, for an Active-Active shard: forgets the tombstones every instance has seen, looking at no more than
     * {@code budget} keys while it holds the shard. Answers how many it looked at.
     */
    public synchronized int activeCollect(int budget) {
        return active == null || closed ? 0 : active.collect(budget);
    }

    public Shard shard() {
        return shard;
    }

    /** Runs one data command; the reply is an error reply, never an exception, for anything the command refuses. */
    public Reply execute(byte[][] args) {
        Reply reply;
        List<Runnable> answers;
        synchronized (this) {
            reply = run(args);
            answers = serveBlocked();
        }
        answers.forEach(Runnable::run);
        return reply;
    }

    /**
     * Runs one data command whose reply may come later: a blocking pop with nothing to pop parks until a write
     * serves it or its timeout passes. Completing the future from elsewhere (the client went away) withdraws it.
     */
    public CompletableFuture<Reply> submit(byte[][] args) {
        if (args.length < 2 || !BlockingCommands.isBlocking(args[0])) {
            return CompletableFuture.completedFuture(execute(args));
        }
        CompletableFuture<Reply> future = new CompletableFuture<>();
        Reply reply;
        List<Runnable> answers;
        synchronized (this) {
            reply = ShardCommands.guard(this, args, () -> {
                long now = now();
                long deadline = BlockingCommands.timeoutMs(args, now);
                Reply now0 = BlockingCommands.attempt(this, args, now);
                if (now0 == null) {
                    blocked().park(args, BlockingCommands.keys(args), deadline, future);
                }
                return now0;
            });
            answers = serveBlocked();
        }
        answers.forEach(Runnable::run);
        if (reply != null) {
            future.complete(reply);
        }
        return future;
    }

    private Reply run(byte[][] args) {
        try {
            return ShardCommands.execute(this, args, now());
        } catch (Keyspace.WrongSlotException e) {
            return Reply.error("ERR " + shard.ref() + " of db:" + shard.databaseId() + ": " + e.getMessage());
        }
    }

    private BlockedClients blocked() {
        if (blocked == null) {
            blocked = new BlockedClients();
        }
        return blocked;
    }

    private List<Runnable> serveBlocked() {
        return blocked == null ? List.of() : blocked.serve(this, now());
    }

    /** Answers the parked clients whose timeout has passed (from ShardStores' threads). */
    public void expireBlocked() {
        List<Runnable> answers;
        synchronized (this) {
            if (blocked == null || blocked.parked() == 0) {
                return;
            }
            answers = blocked.expire(now());
        }
        answers.forEach(Runnable::run);
    }

    public synchronized ShardStats stats(String role) {
        long[] memory = {0};
        keyspace.forEach((key, value) -> memory[0] += 48 + key.bytes.length + Values.sizeOf(value));
        return new ShardStats(shard.id(), shard.databaseId(), shard.nodeId(), role, shard.slots(), true, keyspace.size(),
                expiries.size(), memory[0], replicationId, offset, backlog.bytes(), backlog.firstOffset(), fullSyncs, partialSyncs);
    }

    public synchronized long offset() {
        return offset;
    }

    public synchronized String replicationId() {
        return replicationId;
    }

    public synchronized long keys() {
        return keyspace.size();
    }

    synchronized long expiredKeys() {
        return expiredKeys;
    }

    public synchronized void resizeBacklog(long bytes) {
        backlog.resize(bytes);
    }

    // ---- used by the commands, under the monitor

    /** This shard's Lua interpreter, made at the first script. */
    LuaScripts scripts() {
        if (scripts == null) {
            scripts = new LuaScripts(this);
        }
        return scripts;
    }

    WatchedKeys watchedKeys() {
        return watchedKeys;
    }

    Keyspace keyspace() {
        return keyspace;
    }

    ExpiryIndex expiries() {
        return expiries;
    }

    /** The value of a live key, or null; a key past its deadline is deleted (and the deletion recorded). */
    Object lookup(Key key, long now) {
        Object value = keyspace.get(key);
        if (value != null && !replaying) {
            long deadline = expiries.deadline(key);
            if (deadline >= 0 && deadline <= now) {
                expire(key);
                return null;
            }
        }
        return value;
    }

    void put(Key key, Object value, boolean keepTtl) {
        if (keyspace.put(key, value)) {
            notify(KeyspaceEventClasses.NEW, "new", key.bytes);
        }
        if (!keepTtl) {
            expiries.remove(key);
        }
    }

    /**
     * Replaces the key's value, or deletes the key when {@code value} is null (a STORE form, RESTORE): recorded as
     * one write, the DEL and then the writes that make the value, so that a replica never sees the key half made.
     * Answers whether the key existed.
     */
    boolean replace(Key key, Object value, long deadline, long now) {
        boolean existed;
        beginEffects();
        try {
            existed = lookup(key, now) != null;
            if (existed) {
                record(DEL, key.bytes);
                if (value == null) {
                    delete(key);
                }
            }
            if (value != null) {
                put(key, value, false);
                if (deadline > 0) {
                    expiries.set(key, deadline);
                }
                for (byte[][] write : Values.asWrites(key, value, deadline > 0 ? deadline : -1)) {
                    if (write[0] != DEL) {
                        record(write);
                    }
                }
            }
        } finally {
            endEffects();
        }
        signalReady(key);
        return existed;
    }

    /**
     * Replaces the key by the result of a STORE form (deletes it for an empty result) and notifies as Redis's
     * {@code setKey} does: {@code event} for a result, "del" when an empty result removed a key.
     */
    void store(Key key, Object result, long now, int type, String event) {
        boolean existed = replace(key, result, -1, now);
        if (result != null) {
            notify(type, event, key.bytes);
        } else if (existed) {
            notify(KeyspaceEventClasses.GENERIC, "del", key.bytes);
        }
    }

    /** Wakes the clients blocked on the key (a list or sorted set was written). */
    void signalReady(Key key) {
        if (blocked != null) {
            blocked.ready(key);
        }
    }

    /** A live key picked at random, or null when the shard holds none. */
    Key randomKey(long now) {
        for (int tries = 0; tries < 100 && keyspace.size() > 0; tries++) {
            Key key = keyspace.random();
            if (key != null && lookup(key, now) != null) {
                return key;
            }
        }
        return null;
    }

    boolean delete(Key key) {
        expiries.remove(key);
        return keyspace.remove(key) != null;
    }

    void flushAll() {
        keyspace.clear();
        expiries.clear();
    }

    private void expire(Key key) {
        delete(key);
        expiredKeys++;
        record(DEL, key.bytes);
        notify(KeyspaceEventClasses.EXPIRED, "expired", key.bytes);
    }

    /** Where this shard's keyspace notifications go (none until set). */
    void events(KeyspaceEvents events) {
        this.events = events;
    }

    /** A keyspace notification of class {@code type}, as Redis's {@code notifyKeyspaceEvent}; none while replaying. */
    void notify(int type, String event, byte[] key) {
        KeyspaceEvents to = events;
        if (to != null && !replaying) {
            to.notify(shard.databaseId(), type, event, key);
        }
    }

    /**
     * From now until {@link #endEffects}, writes are gathered instead of recorded, and then recorded as one
     * {@code CSYNC.EFFECTS} write: what a transaction, a script or a command with several effects wrote reaches
     * the log, the backlog and every replica as one record, applied in one pass (never half of it).
     */
    void beginEffects() {
        if (effectsDepth++ == 0) {
            effects = new ArrayList<>();
        }
    }

    void endEffects() {
        if (--effectsDepth > 0) {
            return;
        }
        List<byte[][]> gathered = effects;
        effects = null;
        if (gathered == null || gathered.isEmpty()) {
            return;
        }
        if (gathered.size() == 1) {
            recordRaw(gathered.get(0));
            return;
        }
        int words = 1;
        for (byte[][] write : gathered) {
            words += 1 + write.length;
        }
        byte[][] batch = new byte[words][];
        batch[0] = EFFECTS;
        int at = 1;
        for (byte[][] write : gathered) {
            batch[at++] = Arguments.bytes(write.length);
            System.arraycopy(write, 0, batch, at, write.length);
            at += write.length;
        }
        recordRaw(batch);
    }

    /**
     * Records one normalized write: the next offset, the backlog and the log. Nothing while replaying the log. In
     * an Active-Active database the write is recorded as the merges it makes ({@link ActiveKeys#recordLocal}).
     */
    void record(byte[]... args) {
        if (replaying) {
            return;
        }
        watchedKeys.written(args);
        if (active != null) {
            beginEffects();
            try {
                active.recordLocal(this, args, ShardStore::recordRaw);
            } finally {
                endEffects();
            }
            return;
        }
        recordRaw(args);
    }

    /**
     * The command running now is an increment of {@code key} (or of its hash {@code field}) by {@code by} (a Long
     * or a Double), about to be recorded as the SET or HSET of its result: an Active-Active database merges it as
     * an increment, so that concurrent increments add up.
     */
    void counting(byte[] key, byte[] field, Number by) {
        if (active != null) {
            active.counting(key, field, by);
        }
    }

    /** A merge of another instance's write: to the log (a restart replays it), not to this instance's streams. */
    void recordMerged(byte[][] args) {
        if (!replaying) {
            watchedKeys.written(args);
            log.append(offset, args);
        }
    }

    private void recordRaw(byte[][] args) {
        if (effects != null) {
            effects.add(args);
            return;
        }
        offset++;
        backlog.add(offset, args);
        log.append(offset, args);
        for (ShardStreamListener subscriber : subscribers) {
            subscriber.write(offset, args);
        }
    }

    /** How far a source shard of another cluster has been applied to this shard. */
    public record Checkpoint(String replicationId, long offset) {
    }

    Map<String, Checkpoint> checkpoints() {
        return checkpoints;
    }

    /**
     * Forgets the checkpoints of every source whose name starts with {@code prefix} (all of them for an empty
     * one), so that a replication started again syncs fully; written to the log (not the backlog) when there were
     * any. Answers how many were forgotten.
     */
    public synchronized int forgetCheckpoints(String prefix) {
        int before = checkpoints.size();
        checkpoints.keySet().removeIf(source -> source.startsWith(prefix));
        int forgotten = before - checkpoints.size();
        if (forgotten > 0 && !replaying) {
            log.append(offset, new byte[][] {FORGET, bytes(prefix)});
        }
        return forgotten;
    }

    /**
     * Moves the checkpoint of a source (a new replication id replaces it; the same one only moves it forward) and
     * writes it to the log, but not to the backlog: it is not a write of the database.
     */
    void checkpoint(String source, String sourceReplicationId, long sourceOffset) {
        Checkpoint was = checkpoints.get(source);
        if (was != null && was.replicationId().equals(sourceReplicationId) && was.offset() >= sourceOffset) {
            return;
        }
        checkpoints.put(source, new Checkpoint(sourceReplicationId, sourceOffset));
        if (!replaying) {
            log.append(offset, new byte[][] {CHECKPOINT, bytes(source), bytes(sourceReplicationId), Arguments.bytes(sourceOffset)});
        }
    }

    /**
     * Starts a replication stream: a partial resync from the backlog when it covers {@code fromOffset} under the
     * same replication id, otherwise a snapshot of every live key (taken under the store's monitor, so that it
     * and the offset agree); then every write as it is recorded, until {@link #unsubscribe}.
     */
    public synchronized void subscribe(String wantedId, long fromOffset, ShardStreamListener listener) {
        boolean partial = replicationId.equals(wantedId) && fromOffset <= offset && backlog.covers(fromOffset, offset);
        if (partial) {
            partialSyncs++;
            listener.partialResync(replicationId, fromOffset);
            for (Object[] write : backlog.after(fromOffset, Integer.MAX_VALUE)) {
                listener.write((Long) write[0], (byte[][]) write[1]);
            }
        } else {
            fullSyncs++;
            listener.fullResync(replicationId, offset);
            long now = now();
            if (active != null) {
                active.forEachState(listener::snapshotWrite);
            } else {
                keyspace.forEach((key, value) -> {
                    long deadline = expiries.deadline(key);
                    if (deadline < 0 || deadline > now) {
                        for (byte[][] write : Values.asWrites(key, value, deadline)) {
                            listener.snapshotWrite(write);
                        }
                    }
                });
            }
            listener.snapshotEnd();
        }
        subscribers.add(listener);
        LOG.info("{} of db:{}: replication stream asked from {} offset {}: {} at offset {}; {} stream(s) open", shard.ref(),
                shard.databaseId(), wantedId, fromOffset, partial ? "partial resync" : "full resync", offset, subscribers.size());
    }

    public void unsubscribe(ShardStreamListener listener) {
        subscribers.remove(listener);
    }

    public synchronized long fullSyncs() {
        return fullSyncs;
    }

    public synchronized long partialSyncs() {
        return partialSyncs;
    }

    // ---- housekeeping, from ShardStores' threads

    /** Active expiry: samples keys with a deadline, deletes the expired ones, repeats while many were expired. */
    public synchronized int expireSample(int sampleSize, int maxRounds) {
        long now = now();
        int expired = 0;
        for (int round = 0; round < maxRounds && expiries.size() > 0; round++) {
            int found = 0;
            for (Key key : expiries.sample(sampleSize)) {
                long deadline = expiries.deadline(key);
                if (deadline >= 0 && deadline <= now) {
                    expire(key);
                    found++;
                }
            }
            expired += found;
            if (found * 4 < sampleSize) {
                break;
            }
        }
        return expired;
    }

    public void flushLog() {
        log.flush();
    }

    public void syncLog() throws IOException {
        log.flush();
        log.sync();
    }

    /** Rewrites the log as the current contents when it has grown past both a floor and twice its size after the last rewrite. */
    public synchronized boolean rewriteIfGrown(long floorBytes) throws IOException {
        long size = log.size();
        if (size < floorBytes || size < 2 * logBytesAtRewrite) {
            return false;
        }
        long started = System.nanoTime();
        log.rewrite(replicationId, offset, fresh -> {
            if (active != null) {
                active.forEachState(write -> fresh.append(offset, write));
            } else {
                keyspace.forEach((key, value) -> {
                    for (byte[][] write : Values.asWrites(key, value, expiries.deadline(key))) {
                        fresh.append(offset, write);
                    }
                });
            }
            checkpoints.forEach((source, checkpoint) -> fresh.append(offset, new byte[][] {CHECKPOINT, bytes(source),
                    bytes(checkpoint.replicationId()), Arguments.bytes(checkpoint.offset())}));
        });
        logBytesAtRewrite = log.size();
        LOG.info("{} of db:{}: rewrote {} from {} to {} bytes ({} keys at offset {}) in {} ms", shard.ref(), shard.databaseId(),
                log.file(), size, logBytesAtRewrite, keyspace.size(), offset, (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /** The writes after {@code fromOffset} held in the backlog, or null when it does not reach back that far. */
    public synchronized List<Object[]> backlogAfter(long fromOffset, int max) {
        return backlog.covers(fromOffset, offset) ? backlog.after(fromOffset, max) : null;
    }

    static long now() {
        return System.currentTimeMillis();
    }

    static String newReplicationId() {
        byte[] id = new byte[20];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        List<Runnable> answers;
        synchronized (this) {
            answers = blocked == null ? List.of() : blocked.releaseAll(Reply.error("TRYAGAIN " + shard.ref() + " of db:"
                    + shard.databaseId() + " closed on node:" + shard.nodeId() + " while the command waited"));
        }
        answers.forEach(Runnable::run);
        closeStore();
    }

    private synchronized void closeStore() throws IOException {
        closed = true;
        if (scripts != null) {
            scripts.close();
            scripts = null;
        }
        for (ShardStreamListener subscriber : subscribers) {
            subscriber.ended(shard.ref() + " of db:" + shard.databaseId() + " closed on node:" + shard.nodeId());
        }
        subscribers.clear();
        log.close();
    }

    /** Deletes the store's file (the database was dropped); the store must be closed. */
    public void deleteFiles() throws IOException {
        Files.deleteIfExists(log.file());
    }
}
