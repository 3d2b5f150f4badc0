package io.clustersync.core.internal.shards;

import io.clustersync.core.api.ActiveActive;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Shard;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shard stores of this node: one for every master shard the cluster model places here, in
 * {@code data/shards/}. Opens and closes them as the model changes, and keeps them: active expiry ten times a
 * second, the log handed to the operating system every 50 ms and forced to the disk every second, and
 * rewritten when it has grown.
 */
final class ShardStores implements AutoCloseable {

    static final long FLUSH_EVERY_MS = 50;
    static final long SYNC_EVERY_MS = 1000;
    static final long EXPIRE_EVERY_MS = 100;
    /** How often the timeouts of blocking pops are checked: their precision. */
    static final long BLOCKED_EVERY_MS = 10;
    /** How often an Active-Active shard records how far it has applied the others and forgets tombstones. */
    static final long ACTIVE_TICK_MS = 1000;
    /** How often, and for at most how many keys at a time, an Active-Active shard forgets what every instance has seen. */
    static final long COLLECT_EVERY_MS = 50;
    static final int COLLECT_BUDGET = 1000;
    static final long REWRITE_FLOOR_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ShardStores.class);

    private final Path directory;
    private final int nodeId;
    private final Map<Integer, ShardStore> stores = new ConcurrentHashMap<>();
    private final Set<Integer> failed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService housekeeping;
    private volatile long backlogBytes;
    private final KeyspaceEvents events;

    ShardStores(Path home, int nodeId, long backlogBytes, KeyspaceEvents events) {
        this.events = events;
        this.directory = home.resolve("data").resolve("shards");
        this.nodeId = nodeId;
        this.backlogBytes = backlogBytes;
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("clustersync-shard-stores", true));
        housekeeping.scheduleAtFixedRate(guarded("flush", this::flushAll), FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(guarded("sync", this::syncAll), SYNC_EVERY_MS, SYNC_EVERY_MS, TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(guarded("expire", this::expireAll), EXPIRE_EVERY_MS, EXPIRE_EVERY_MS, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(guarded("rewrite", this::rewriteAll), 10, 10, TimeUnit.SECONDS);
        housekeeping.scheduleAtFixedRate(guarded("active-active", () -> stores.values().forEach(ShardStore::activeTick)),
                ACTIVE_TICK_MS, ACTIVE_TICK_MS, TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(guarded("tombstones", () -> stores.values().forEach(s -> s.activeCollect(COLLECT_BUDGET))),
                COLLECT_EVERY_MS, COLLECT_EVERY_MS, TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(guarded("blocked", () -> stores.values().forEach(ShardStore::expireBlocked)),
                BLOCKED_EVERY_MS, BLOCKED_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    ShardStore store(int shardId) {
        return stores.get(shardId);
    }

    Collection<ShardStore> all() {
        return stores.values();
    }

    /** Opens the stores of the master shards the model places here, and closes those it no longer lists. */
    synchronized void follow(List<Database> databases) {
        Set<Integer> wanted = new HashSet<>();
        for (Database db : databases) {
            for (Shard shard : db.shards()) {
                if (shard.nodeId() == nodeId && Shard.MASTER.equals(shard.role())) {
                    wanted.add(shard.id());
                    if (!stores.containsKey(shard.id()) && !failed.contains(shard.id())) {
                        open(shard, db.activeActive() == null ? 0 : db.activeActive().instance());
                    }
                    ShardStore store = stores.get(shard.id());
                    if (store != null && db.activeActive() != null) {
                        store.activeInstances(instanceIds(db.activeActive()));
                    }
                }
            }
        }
        for (Integer shardId : Set.copyOf(stores.keySet())) {
            if (!wanted.contains(shardId)) {
                closeQuietly(stores.remove(shardId));
            }
        }
    }

    /** Every instance of an Active-Active database, this one included. */
    private static Set<Integer> instanceIds(ActiveActive activeActive) {
        Set<Integer> ids = new HashSet<>();
        ids.add(activeActive.instance());
        activeActive.instances().forEach(i -> ids.add(i.id()));
        return ids;
    }

    private void open(Shard shard, int instance) {
        Path file = file(shard);
        try {
            ShardStore store = instance > 0 ? ShardStore.openActive(shard, backlogBytes, file, instance)
                    : ShardStore.open(shard, backlogBytes, file);
            store.events(events);
            stores.put(shard.id(), store);
        } catch (IOException | RuntimeException e) {
            failed.add(shard.id());
            LOG.error("{} of db:{} cannot be opened from {}: {}; its keys answer errors until the node restarts",
                    shard.ref(), shard.databaseId(), file, e.getMessage());
        }
    }

    /** Why a shard of this node has no store, for the error a client gets. */
    String whyMissing(int shardId) {
        return failed.contains(shardId) ? "its store could not be opened (see the node's log)" : "it is not open on this node";
    }

    /** The database was dropped: closes its stores and deletes their files. */
    synchronized void drop(Database db) {
        for (Shard shard : db.shards()) {
            ShardStore store = stores.remove(shard.id());
            failed.remove(shard.id());
            try {
                if (store != null) {
                    store.close();
                }
                Files.deleteIfExists(file(shard));
            } catch (IOException e) {
                LOG.warn("cannot delete the store of dropped {} at {}: {}", shard.ref(), file(shard), e.getMessage());
            }
        }
    }

    void resizeBacklogs(long bytes) {
        backlogBytes = bytes;
        stores.values().forEach(store -> store.resizeBacklog(bytes));
    }

    private Path file(Shard shard) {
        return directory.resolve("db" + shard.databaseId() + "-shard" + shard.id() + ".log");
    }

    private void flushAll() {
        stores.values().forEach(ShardStore::flushLog);
    }

    private void syncAll() throws IOException {
        for (ShardStore store : stores.values()) {
            store.syncLog();
        }
    }

    private void expireAll() {
        stores.values().forEach(store -> store.expireSample(20, 16));
    }

    private void rewriteAll() throws IOException {
        for (ShardStore store : stores.values()) {
            store.rewriteIfGrown(REWRITE_FLOOR_BYTES);
        }
    }

    private interface Task {
        void run() throws Exception;
    }

    private static Runnable guarded(String what, Task task) {
        return () -> {
            try {
                task.run();
            } catch (Exception e) {
                LOG.error("shard stores: {} failed: {}", what, e.getMessage(), e);
            }
        };
    }

    private static void closeQuietly(ShardStore store) {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (IOException e) {
            LOG.warn("cannot close the store of {}: {}", store.shard().ref(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        housekeeping.shutdownNow();
        try {
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stores.values().forEach(ShardStores::closeQuietly);
        stores.clear();
    }
}
