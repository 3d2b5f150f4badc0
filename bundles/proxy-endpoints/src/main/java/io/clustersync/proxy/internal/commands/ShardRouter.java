package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.Database;
import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.Shard;

import java.util.Comparator;
import java.util.List;

/** Which master shard of a database owns each hash slot. Built from the cluster model; immutable. */
public final class ShardRouter {

    private final Database database;
    private final Shard[] bySlot = new Shard[HashSlot.SLOTS];
    private final List<Shard> inSlotOrder;
    private final Shard only;

    public ShardRouter(Database database) {
        this.database = database;
        this.inSlotOrder = database.shards().stream().filter(s -> Shard.MASTER.equals(s.role()))
                .sorted(Comparator.comparingInt(Shard::firstSlot)).toList();
        for (Shard shard : inSlotOrder) {
            for (int slot = shard.firstSlot(); slot <= shard.lastSlot(); slot++) {
                bySlot[slot] = shard;
            }
        }
        this.only = inSlotOrder.size() == 1 && covers(inSlotOrder.get(0)) ? inSlotOrder.get(0) : null;
    }

    public Database database() {
        return database;
    }

    /** The shard owning the key's slot, or null when no shard covers it (a model without shards). */
    public Shard shardFor(byte[] key) {
        return only != null ? only : bySlot[HashSlot.of(key)];
    }

    /** The one shard that holds every slot, or null when the database has more (or none). */
    public Shard onlyShard() {
        return only;
    }

    private static boolean covers(Shard shard) {
        return shard.firstSlot() == 0 && shard.lastSlot() == HashSlot.SLOTS - 1;
    }

    public Shard shardOfSlot(int slot) {
        return bySlot[slot];
    }

    /** The master shards, by first slot. */
    public List<Shard> shards() {
        return inSlotOrder;
    }

    /** The shard after this one in slot order, or null for the last. */
    public Shard next(Shard shard) {
        int index = inSlotOrder.indexOf(shard);
        return index + 1 < inSlotOrder.size() ? inSlotOrder.get(index + 1) : null;
    }
}
