package io.clustersync.core.internal.replication;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.ReplicaSource;
import io.clustersync.core.spi.ReplicationTask;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The {@link ReplicationTask} of one source: applies through the data plane to the destination shard owning each
 * key, with the shard stores' {@code CSYNC.*} commands, so that every write applies once by offset and the
 * checkpoints stay in sync-core.
 */
final class DestinationTask implements ReplicationTask {

    private final Database destination;
    private final int sourceIndex;
    private final DataPlane dataPlane;
    private final BiConsumer<String, String> status;
    private static final byte[] APPLY = bytes("CSYNC.APPLY");
    private static final byte[] BATCH = bytes("CSYNC.BATCH");
    private static final byte[] LOAD = bytes("CSYNC.LOAD");

    private final Shard[] bySlot = new Shard[HashSlot.SLOTS];
    private final List<Shard> shards;

    private final SourceMetrics metrics;

    private final Share share;
    /** By source shard: one entry per shard of the source, replaced when its replication id changes. */
    private final Map<String, StreamWords> streamWords = new ConcurrentHashMap<>();

    DestinationTask(Database destination, int sourceIndex, Share share, DataPlane dataPlane, BiConsumer<String, String> status,
                    SourceMetrics metrics) {
        this.metrics = metrics;
        this.share = share;
        this.destination = destination;
        this.sourceIndex = sourceIndex;
        this.dataPlane = dataPlane;
        this.status = status;
        this.shards = destination.shards().stream().filter(s -> Shard.MASTER.equals(s.role())).toList();
        for (Shard shard : shards) {
            for (int slot = shard.firstSlot(); slot <= shard.lastSlot(); slot++) {
                bySlot[slot] = shard;
            }
        }
    }

    @Override
    public Database destination() {
        return destination;
    }

    @Override
    public Share share() {
        return share;
    }

    @Override
    public int sourceIndex() {
        return sourceIndex;
    }

    @Override
    public ReplicaSource source() {
        return destination.replicaSources().get(sourceIndex - 1);
    }

    /** The words every applied write of a source shard's stream carries, made once per stream instead of per write. */
    private record StreamWords(String replicationId, byte[] key, byte[] replicationIdBytes) {
    }

    private String key(String sourceShard) {
        return sourceIndex + "/" + sourceShard;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, Checkpoint> resumePoints() {
        Map<String, Checkpoint> lowest = new HashMap<>();
        Map<String, Integer> holders = new HashMap<>();
        for (Shard shard : shards) {
            Reply reply = dataPlane.execute(shard, new byte[][] {bytes("CSYNC.CHECKPOINTS")}).join();
            if (!(reply instanceof Reply.Multi rows) || rows.items() == null) {
                throw new IllegalStateException("cannot read the checkpoints of " + shard.ref() + " of " + destination.ref()
                        + ": " + reply);
            }
            for (Reply row : rows.items()) {
                List<Reply> cells = ((Reply.Multi) row).items();
                String source = text(cells.get(0));
                String prefix = sourceIndex + "/";
                if (!source.startsWith(prefix)) {
                    continue;
                }
                String sourceShard = source.substring(prefix.length());
                Checkpoint here = new Checkpoint(text(cells.get(1)), ((Reply.Int) cells.get(2)).value());
                Checkpoint known = lowest.get(sourceShard);
                if (known == null || (known.replicationId().equals(here.replicationId()) && here.offset() < known.offset())) {
                    lowest.put(sourceShard, here);
                } else if (!known.replicationId().equals(here.replicationId())) {
                    lowest.put(sourceShard, new Checkpoint("", -1));
                }
                holders.merge(sourceShard, 1, Integer::sum);
            }
        }
        Map<String, Checkpoint> out = new HashMap<>();
        lowest.forEach((shard, checkpoint) -> {
            if (holders.get(shard) == shards.size() && checkpoint.offset() >= 0) {
                out.put(shard, checkpoint);
            }
        });
        return out;
    }

    private static String text(Reply reply) {
        return reply instanceof Reply.Bulk bulk && bulk.value() != null ? new String(bulk.value(), StandardCharsets.UTF_8) : "";
    }

    @Override
    public CompletableFuture<Void> fullResyncStarting(String sourceShard, int firstSlot, int lastSlot) {
        return all(new byte[][] {bytes("CSYNC.FLUSHSLOTS"), bytes(Integer.toString(firstSlot)), bytes(Integer.toString(lastSlot))});
    }

    @Override
    public CompletableFuture<Reply> load(byte[][] write) {
        byte[][] args = new byte[write.length + 1][];
        args[0] = LOAD;
        System.arraycopy(write, 0, args, 1, write.length);
        return toShardOf(write, args);
    }

    @Override
    public CompletableFuture<Reply> apply(String sourceShard, String replicationId, long offset, byte[][] write) {
        byte[][] args = applyArgs(sourceShard, replicationId, offset, write);
        if (write.length < 2 || isFlush(write) || named(write[0], SEEN)) {
            return all(args).thenApply(done -> Reply.OK);
        }
        return toShardOf(write, args);
    }

    private byte[][] applyArgs(String sourceShard, String replicationId, long offset, byte[][] write) {
        byte[][] args = new byte[write.length + 4][];
        args[0] = APPLY;
        StreamWords words = streamWords.get(sourceShard);
        if (words == null || !words.replicationId.equals(replicationId)) {
            words = new StreamWords(replicationId, bytes(key(sourceShard)), bytes(replicationId));
            streamWords.put(sourceShard, words);
        }
        args[1] = words.key;
        args[2] = words.replicationIdBytes;
        args[3] = bytes(Long.toString(offset));
        System.arraycopy(write, 0, args, 4, write.length);
        return args;
    }

    /**
     * The writes of one key go to its shard in batches, one {@code CSYNC.BATCH} per shard (kept in order); a write
     * that touches several shards, or all of them, sends the batches gathered so far first and then goes alone.
     */
    @Override
    public CompletableFuture<List<Reply>> applyAll(List<Write> writes) {
        return batched(writes, Write::args, w -> applyArgs(w.sourceShard(), w.replicationId(), w.offset(), w.args()),
                w -> apply(w.sourceShard(), w.replicationId(), w.offset(), w.args()));
    }

    /** Snapshot keys, batched per destination shard as {@link #applyAll} does. */
    @Override
    public CompletableFuture<List<Reply>> loadAll(List<byte[][]> writes) {
        return batched(writes, w -> w, w -> {
            byte[][] args = new byte[w.length + 1][];
            args[0] = LOAD;
            System.arraycopy(w, 0, args, 1, w.length);
            return args;
        }, this::load);
    }

    /**
     * Sends items in order: those of one key as one batch per shard; one that touches several shards, or all of
     * them, sends the batches gathered so far first and then goes alone.
     */
    private <T> CompletableFuture<List<Reply>> batched(List<T> items, Function<T, byte[][]> write,
                                                       Function<T, byte[][]> command,
                                                       Function<T, CompletableFuture<Reply>> alone) {
        Reply[] replies = new Reply[items.size()];
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        Map<Shard, ShardBatch> open = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            Shard shard = singleShardOf(write.apply(item));
            if (shard == null) {
                open.values().forEach(batch -> sent.add(batch.send(replies)));
                open.clear();
                int at = i;
                sent.add(alone.apply(item).thenAccept(reply -> replies[at] = reply));
            } else {
                open.computeIfAbsent(shard, ShardBatch::new).add(i, command.apply(item));
            }
        }
        open.values().forEach(batch -> sent.add(batch.send(replies)));
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).thenApply(done -> Arrays.asList(replies));
    }

    /**
     * The shard a write of one key goes to; null for a write of several keys or of the whole database, and for an
     * Active-Active shard's {@code CRDT.SEEN} (every shard takes what it says about its own slots).
     */
    private Shard singleShardOf(byte[][] write) {
        if (write.length < 2 || isFlush(write) || named(write[0], SEEN)) {
            return null;
        }
        if (named(write[0], MSET) || named(write[0], DEL) || named(write[0], UNLINK)) {
            return null;
        }
        if (named(write[0], EFFECTS)) {
            Map<Shard, List<byte[][]>> parts = splitEffects(write);
            return parts.size() == 1 ? parts.keySet().iterator().next() : null;
        }
        return bySlot[HashSlot.of(write[1])];
    }

    /**
     * The writes of a {@code CSYNC.EFFECTS} record (a transaction, a script, a STORE command) by the destination
     * shard that owns their keys: each shard applies its part as one record (atomic there). A part spanning
     * destination shards is atomic per shard, not across them: the source kept them on one of its shards.
     */
    private Map<Shard, List<byte[][]>> splitEffects(byte[][] write) {
        Map<Shard, List<byte[][]>> parts = new LinkedHashMap<>();
        for (int at = 1; at < write.length; ) {
            int words = Integer.parseInt(new String(write[at], StandardCharsets.US_ASCII));
            byte[][] inner = Arrays.copyOfRange(write, at + 1, at + 1 + words);
            at += 1 + words;
            if (inner.length < 2 || isFlush(inner)) {
                shards.forEach(shard -> parts.computeIfAbsent(shard, s -> new ArrayList<>()).add(inner));
            } else if (named(inner[0], MSET) || named(inner[0], DEL) || named(inner[0], UNLINK)) {
                int step = named(inner[0], MSET) ? 2 : 1;
                Map<Shard, List<byte[]>> byShard = new LinkedHashMap<>();
                for (int i = 1; i + step - 1 < inner.length; i += step) {
                    List<byte[]> part = byShard.computeIfAbsent(bySlot[HashSlot.of(inner[i])], sh -> new ArrayList<>(List.of(inner[0])));
                    for (int j = 0; j < step; j++) {
                        part.add(inner[i + j]);
                    }
                }
                byShard.forEach((shard, part) -> parts.computeIfAbsent(shard, sh -> new ArrayList<>()).add(part.toArray(new byte[0][])));
            } else {
                parts.computeIfAbsent(bySlot[HashSlot.of(inner[1])], sh -> new ArrayList<>()).add(inner);
            }
        }
        return parts;
    }

    private static byte[][] effects(List<byte[][]> writes) {
        List<byte[]> words = new ArrayList<>();
        words.add(EFFECTS);
        for (byte[][] inner : writes) {
            words.add(bytes(Integer.toString(inner.length)));
            words.addAll(List.of(inner));
        }
        return words.toArray(new byte[0][]);
    }

    /** Writes for one destination shard, sent as one command. */
    private final class ShardBatch {
        private final Shard shard;
        private final List<Integer> positions = new ArrayList<>();
        private final List<byte[][]> commands = new ArrayList<>();

        ShardBatch(Shard shard) {
            this.shard = shard;
        }

        void add(int position, byte[][] command) {
            positions.add(position);
            commands.add(command);
        }

        CompletableFuture<Void> send(Reply[] replies) {
            if (commands.size() == 1) {
                return dataPlane.execute(shard, commands.get(0)).thenAccept(reply -> replies[positions.get(0)] = reply);
            }
            int words = 1;
            for (byte[][] command : commands) {
                words += 1 + command.length;
            }
            byte[][] args = new byte[words][];
            args[0] = BATCH;
            int at = 1;
            for (byte[][] command : commands) {
                args[at++] = bytes(Integer.toString(command.length));
                System.arraycopy(command, 0, args, at, command.length);
                at += command.length;
            }
            return dataPlane.execute(shard, args).thenAccept(reply -> {
                boolean each = reply instanceof Reply.Multi multi && multi.items() != null && multi.items().size() == positions.size();
                for (int i = 0; i < positions.size(); i++) {
                    replies[positions.get(i)] = each ? ((Reply.Multi) reply).items().get(i) : reply;
                }
            });
        }
    }

    private static final byte[] FLUSHDB = bytes("FLUSHDB");
    private static final byte[] FLUSHALL = bytes("FLUSHALL");
    private static final byte[] MSET = bytes("MSET");
    private static final byte[] DEL = bytes("DEL");
    private static final byte[] UNLINK = bytes("UNLINK");
    private static final byte[] EFFECTS = bytes("CSYNC.EFFECTS");
    private static final byte[] SEEN = bytes("CRDT.SEEN");

    private static boolean isFlush(byte[][] write) {
        return named(write[0], FLUSHDB) || named(write[0], FLUSHALL);
    }

    /** Whether a command's name is {@code upper}, in any case (without making a string of every write's name). */
    private static boolean named(byte[] name, byte[] upper) {
        if (name.length != upper.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = name[i];
            if ((c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c) != upper[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends to the shard owning the write's key. A write naming keys of several destination shards (MSET, DEL) is
     * split by key, each part applied with the same offset on its shard.
     */
    private CompletableFuture<Reply> toShardOf(byte[][] write, byte[][] args) {
        int prefix = args.length - write.length;
        if (named(write[0], EFFECTS)) {
            List<CompletableFuture<Reply>> sent = new ArrayList<>();
            splitEffects(write).forEach((shard, part) -> {
                byte[][] own = effects(part);
                byte[][] applied = new byte[prefix + own.length][];
                System.arraycopy(args, 0, applied, 0, prefix);
                System.arraycopy(own, 0, applied, prefix, own.length);
                sent.add(dataPlane.execute(shard, applied));
            });
            return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).thenApply(done -> firstError(sent));
        }
        String name = new String(write[0], StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
        int step = name.equals("MSET") ? 2 : (name.equals("DEL") || name.equals("UNLINK")) ? 1 : 0;
        if (step == 0) {
            return dataPlane.execute(bySlot[HashSlot.of(write[1])], args);
        }
        Map<Shard, List<byte[]>> parts = new LinkedHashMap<>();
        for (int i = 1; i + step - 1 < write.length; i += step) {
            List<byte[]> part = parts.computeIfAbsent(bySlot[HashSlot.of(write[i])], s -> {
                List<byte[]> head = new ArrayList<>();
                for (int p = 0; p <= prefix; p++) {
                    head.add(args[p]);
                }
                return head;
            });
            for (int j = 0; j < step; j++) {
                part.add(write[i + j]);
            }
        }
        List<CompletableFuture<Reply>> sent = new ArrayList<>();
        parts.forEach((shard, part) -> sent.add(dataPlane.execute(shard, part.toArray(new byte[0][]))));
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).thenApply(done -> firstError(sent));
    }

    private static Reply firstError(List<CompletableFuture<Reply>> replies) {
        for (CompletableFuture<Reply> reply : replies) {
            if (reply.join() instanceof Reply.Err) {
                return reply.join();
            }
        }
        return Reply.OK;
    }

    @Override
    public CompletableFuture<Void> checkpoint(String sourceShard, String replicationId, long offset) {
        metrics.at(sourceShard, offset);
        return all(new byte[][] {bytes("CSYNC.CHECKPOINT"), bytes(key(sourceShard)), bytes(replicationId),
                bytes(Long.toString(offset))});
    }

    /** Sends to every destination shard; fails when one answers an error. */
    private CompletableFuture<Void> all(byte[][] args) {
        List<CompletableFuture<Reply>> sent = shards.stream().map(shard -> dataPlane.execute(shard, args)).toList();
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).thenApply(done -> {
            Reply error = firstError(sent);
            if (error instanceof Reply.Err err) {
                throw new IllegalStateException(err.message());
            }
            return null;
        });
    }

    @Override
    public void status(String state, String detail) {
        status.accept(state, detail);
    }

    @Override
    public void received(String sourceShard, long offset, long sourceMillis) {
        metrics.received(sourceShard, offset);
    }

    @Override
    public void applied(String sourceShard, long offset, long sourceMillis) {
        metrics.applied(sourceShard, offset, sourceMillis);
    }

    @Override
    public void ingress(long bytes) {
        metrics.ingress(bytes);
    }

    @Override
    public void resynced(String sourceShard, boolean full, long offset) {
        metrics.resynced(sourceShard, full, offset);
    }

    @Override
    public void connection(int delta) {
        metrics.connection(delta);
    }
}
