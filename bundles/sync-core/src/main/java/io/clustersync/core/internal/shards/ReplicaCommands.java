package io.clustersync.core.internal.shards;

import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;

/**
 * The commands by which a syncer applies another cluster's writes to a destination shard, idempotently by
 * offset. They are not in the proxies' command table: only sync-core's data plane sends them.
 *
 * <ul>
 *   <li>{@code CSYNC.APPLY <source> <replid> <offset> <write...>}: runs the write unless this shard's checkpoint
 *       for {@code source} (under the same replication id) is already at or past {@code offset}; then moves the
 *       checkpoint. Answers the write's reply, or {@code :0} when it was already applied.</li>
 *   <li>{@code CSYNC.LOAD <write...>}: runs a write of a snapshot (no checkpoint).</li>
 *   <li>{@code CSYNC.CHECKPOINT <source> <replid> <offset>}: sets the checkpoint (after a snapshot, and to tell
 *       every destination shard how far a source shard has been applied everywhere).</li>
 *   <li>{@code CSYNC.CHECKPOINTS}: every checkpoint of this shard as {@code [source, replid, offset]}.</li>
 *   <li>{@code CSYNC.FLUSHSLOTS <first> <last>}: deletes the keys whose hash slot is in the range (a source
 *       shard's slots, before its snapshot is loaded again); answers how many.</li>
 *   <li>{@code CRDT.MERGE <key> <delta>}: merges a delta of another instance of an Active-Active database (see
 *       {@link ActiveKeys}); written to the log only.</li>
 *   <li>{@code CRDT.FLUSH}: deletes every key of an Active-Active shard as its instance sees it (what
 *       {@code crdb flush} runs on every instance); answers how many.</li>
 *   <li>{@code CRDT.SEEN <instance> <first slot> <last slot> <tick> <applied> <instances>}: how far a shard of
 *       another instance has applied every instance's writes (see {@link Stability}); recorded by every
 *       Active-Active shard every second, applied by the shards whose slots it names, written nowhere.</li>
 *   <li>{@code CRDT.INFO [<peer>...]}: an Active-Active shard's tombstones, the deltas it merged, its keys, the
 *       tombstones it forgot, the wall-clock ms up to which every instance has applied every write, then, per
 *       peer named, up to which that one has (0 when not known).</li>
 *   <li>{@code CSYNC.FORGET <prefix>}: forgets the checkpoints of the sources whose name starts with the prefix
 *       (replication stopped: started again, it syncs fully); answers how many.</li>
 *   <li>{@code CSYNC.EFFECTS <n> <write...> ...}: the writes of a transaction, a script or a command with several
 *       effects, recorded as one write (see {@link ShardStore#beginEffects}).</li>
 *   <li>{@code CSYNC.BATCH <n> <command...> ...}: several of these at once (what a syncer's writes for one
 *       shard become: one bus frame and one pass under the shard's monitor).</li>
 * </ul>
 *
 * Checkpoints are written to the shard's log (so a restarted node resumes from them) but not to its backlog:
 * they are this cluster's bookkeeping, not writes of the database.
 */
final class ReplicaCommands {

    private ReplicaCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("CSYNC.APPLY", ReplicaCommands::apply);
        commands.put("CSYNC.LOAD", (s, a, now) -> {
            if (a.length < 2) {
                throw new Arguments.Refused(ShardCommands.wrongArity(a));
            }
            return ShardCommands.execute(s, Arrays.copyOfRange(a, 1, a.length), now);
        });
        commands.put("CSYNC.CHECKPOINT", (s, a, now) -> {
            if (a.length != 4) {
                throw new Arguments.Refused(ShardCommands.wrongArity(a));
            }
            s.checkpoint(Arguments.text(a[1]), Arguments.text(a[2]), integer(a[3]));
            return Reply.OK;
        });
        commands.put("CSYNC.CHECKPOINTS", (s, a, now) -> {
            List<Reply> rows = new ArrayList<>();
            s.checkpoints().forEach((source, checkpoint) -> rows.add(Reply.array(List.of(Reply.bulk(source),
                    Reply.bulk(checkpoint.replicationId()), Reply.integer(checkpoint.offset())))));
            return Reply.array(rows);
        });
        commands.put("CSYNC.FLUSHSLOTS", ReplicaCommands::flushSlots);
        commands.put("CSYNC.BATCH", ReplicaCommands::batch);
        commands.put("CSYNC.EFFECTS", ReplicaCommands::effects);
        commands.put("CRDT.MERGE", (s, a, now) -> {
            if (s.active() == null) {
                return Reply.error("ERR CRDT.MERGE on " + s.shard().ref() + " of db:" + s.shard().databaseId()
                        + ", which is not an Active-Active database");
            }
            Reply reply = s.active().merge(s, a);
            if (!(reply instanceof Reply.Err)) {
                s.recordMerged(a);
            }
            return reply;
        });
        commands.put("CRDT.FLUSH", (s, a, now) -> {
            if (s.active() == null) {
                return Reply.error("ERR CRDT.FLUSH on " + s.shard().ref() + " of db:" + s.shard().databaseId()
                        + ", which is not an Active-Active database");
            }
            return Reply.integer(s.active().flush(s, now));
        });
        commands.put("CRDT.SEEN", (s, a, now) -> {
            if (s.active() == null) {
                return Reply.error("ERR CRDT.SEEN on " + s.shard().ref() + " of db:" + s.shard().databaseId()
                        + ", which is not an Active-Active database");
            }
            return s.active().seen(a);
        });
        commands.put("CRDT.INFO", (s, a, now) -> {
            long[] figures = s.activeFigures();
            List<Reply> reply = new ArrayList<>(List.of(Reply.integer(figures[0]), Reply.integer(figures[1]),
                    Reply.integer(s.keys()), Reply.integer(figures[2]), Reply.integer(figures[3])));
            for (int i = 1; i < a.length; i++) {
                reply.add(Reply.integer(s.activePeerAppliedMillis((int) integer(a[i]))));
            }
            return Reply.array(reply);
        });
        commands.put("CSYNC.FORGET", (s, a, now) -> {
            if (a.length != 2) {
                throw new Arguments.Refused(ShardCommands.wrongArity(a));
            }
            return Reply.integer(s.forgetCheckpoints(Arguments.text(a[1])));
        });
    }

    /**
     * {@code CSYNC.BATCH <n> <command of n words> <n> <command...> ...}: runs the commands in order, in one pass
     * under the shard's monitor, and answers the array of their replies (one command that fails does not stop the
     * others). A malformed count refuses the whole batch before anything runs.
     */
    private static Reply batch(ShardStore store, byte[][] args, long now) {
        List<byte[][]> commands = new ArrayList<>();
        for (int at = 1; at < args.length; ) {
            long words;
            try {
                words = integer(args[at]);
            } catch (RuntimeException e) {
                return Reply.error("ERR CSYNC.BATCH: argument " + at + " is not a word count");
            }
            if (words < 1 || at + 1 + words > args.length) {
                return Reply.error("ERR CSYNC.BATCH: argument " + at + " counts " + words + " word(s); "
                        + (args.length - at - 1) + " follow");
            }
            byte[][] command = Arrays.copyOfRange(args, at + 1, at + 1 + (int) words);
            if (Arguments.text(command[0]).equalsIgnoreCase("CSYNC.BATCH")) {
                return Reply.error("ERR CSYNC.BATCH: batches do not nest");
            }
            commands.add(command);
            at += 1 + (int) words;
        }
        List<Reply> replies = new ArrayList<>(commands.size());
        for (byte[][] command : commands) {
            try {
                replies.add(ShardCommands.execute(store, command, now));
            } catch (Keyspace.WrongSlotException e) {
                replies.add(Reply.error("ERR " + e.getMessage()));
            }
        }
        return Reply.array(replies);
    }

    /**
     * {@code CSYNC.EFFECTS <n> <write of n words> ...}: the writes of one transaction, script or command with
     * several effects, in the form of a batch; run in one pass and recorded again as one write, so that a replica
     * of a replica never shows half of them either.
     */
    private static Reply effects(ShardStore store, byte[][] args, long now) {
        store.beginEffects();
        try {
            return batch(store, args, now);
        } finally {
            store.endEffects();
        }
    }

    private static Reply apply(ShardStore store, byte[][] args, long now) {
        if (args.length < 5) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        String source = Arguments.text(args[1]);
        String replicationId = Arguments.text(args[2]);
        long offset = integer(args[3]);
        ShardStore.Checkpoint done = store.checkpoints().get(source);
        if (done != null && done.replicationId().equals(replicationId) && offset <= done.offset()) {
            return Reply.ZERO;
        }
        Reply reply = ShardCommands.execute(store, Arrays.copyOfRange(args, 4, args.length), now);
        store.checkpoint(source, replicationId, offset);
        return reply;
    }

    private static Reply flushSlots(ShardStore store, byte[][] args, long now) {
        if (store.active() != null) {
            return Reply.ZERO; // an Active-Active shard merges the snapshot that follows into what it holds
        }
        int first = (int) integer(args[1]);
        int last = (int) integer(args[2]);
        if (first < 0 || last >= HashSlot.SLOTS || first > last) {
            return Reply.error("ERR slot range " + first + "-" + last + " is not within 0-" + (HashSlot.SLOTS - 1));
        }
        List<byte[]> deleted = new ArrayList<>();
        deleted.add(ShardStore.DEL);
        Keyspace keyspace = store.keyspace();
        for (int slot = Math.max(first, keyspace.firstSlot()); slot <= Math.min(last, keyspace.lastSlot()); slot++) {
            for (Key key : keyspace.keysOfSlot(slot)) {
                store.delete(key);
                deleted.add(key.bytes);
            }
        }
        if (deleted.size() > 1) {
            store.record(deleted.toArray(new byte[0][]));
        }
        return Reply.integer(deleted.size() - 1);
    }
}
