package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Sends a data command to the shards that own its keys: one shard for a single-key command; for a multi-key
 * command one sub-command per shard, whose replies are joined into the one reply Redis would give. Each shard's
 * part is atomic; a command spanning shards is not.
 */
public final class CommandRouter {

    private final DataPlane dataPlane;

    public CommandRouter(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    public CompletableFuture<Reply> route(ShardRouter router, CommandSpec spec, byte[][] args) {
        CommandSpec.Routing routing = spec.routing();
        if (router.onlyShard() != null
                && (routing == CommandSpec.Routing.KEYS_SUM || routing == CommandSpec.Routing.PAIRS_OK || routing == CommandSpec.Routing.KEYS_ARRAY)) {
            return toShard(router, router.onlyShard(), args); // one shard holds every key: nothing to split or join
        }
        return switch (routing) {
            case SINGLE_KEY -> toShard(router, spec.firstKey() < args.length ? router.shardFor(args[spec.firstKey()])
                    : router.shards().isEmpty() ? null : router.shards().get(0), args);
            case SAME_SLOT -> sameSlot(router, spec, args);
            case ANY -> any(router, args);
            case KEYS_ARRAY -> keysArray(router, args);
            case KEYS_SUM -> sum(split(router, args, 1).values().stream().map(part -> toShard(router, part.shard, part.args())).toList());
            case PAIRS_OK -> pairs(router, args);
            case ALL_SUM -> sum(everyShard(router, args));
            case ALL_OK -> allOk(everyShard(router, args));
            case ALL_ARRAY -> joinArrays(everyShard(router, args));
            case SCAN -> scan(router, args);
            case SCRIPT -> script(router, args);
            case CONNECTION -> CompletableFuture.completedFuture(Reply.error("ERR " + spec.name() + " is not a data command"));
        };
    }

    private CompletableFuture<Reply> toShard(ShardRouter router, Shard shard, byte[][] args) {
        if (shard == null) {
            return CompletableFuture.completedFuture(Reply.error("CLUSTERDOWN db:" + router.database().id()
                    + " has no shard for this key's slot"));
        }
        return dataPlane.execute(shard, args);
    }

    /**
     * A command whose keys must all hash to one slot: sent to that slot's shard, or refused with Redis Cluster's
     * CROSSSLOT error. When its keys cannot be told (a malformed numkeys) it goes to the first shard, which answers
     * Redis's own error for it.
     */
    private CompletableFuture<Reply> sameSlot(ShardRouter router, CommandSpec spec, byte[][] args) {
        List<byte[]> keys = spec.keys(args);
        if (keys == null || keys.isEmpty()) {
            return toShard(router, router.shards().isEmpty() ? null : router.shards().get(0), args);
        }
        int slot = HashSlot.of(keys.get(0));
        for (int i = 1; i < keys.size(); i++) {
            if (HashSlot.of(keys.get(i)) != slot) {
                return CompletableFuture.completedFuture(CROSSSLOT);
            }
        }
        return toShard(router, router.shardOfSlot(slot), args);
    }

    /** Redis Cluster's words for keys of more than one slot in a command that needs them in one. */
    public static final Reply CROSSSLOT = Reply.error("CROSSSLOT Keys in request don't hash to the same slot");

    /**
     * SCRIPT: LOAD and FLUSH go to every shard (a script can then run wherever its keys are), EXISTS answers 1 only
     * for a script every shard has; KILL has nothing to kill (a script runs under its shard's lock and is stopped
     * by its time limit).
     */
    private CompletableFuture<Reply> script(ShardRouter router, byte[][] args) {
        String sub = new String(args[1], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        return switch (sub) {
            case "LOAD" -> {
                List<CompletableFuture<Reply>> replies = everyShard(router, args);
                yield CompletableFuture.allOf(replies.toArray(new CompletableFuture[0])).thenApply(done -> replies.stream()
                        .map(CompletableFuture::join).filter(r -> r instanceof Reply.Err).findFirst()
                        .orElse(replies.isEmpty() ? Reply.error("CLUSTERDOWN the database has no shards") : replies.get(0).join()));
            }
            case "EXISTS" -> {
                List<CompletableFuture<Reply>> replies = everyShard(router, args);
                yield CompletableFuture.allOf(replies.toArray(new CompletableFuture[0])).thenApply(done -> {
                    long[] all = null;
                    for (CompletableFuture<Reply> reply : replies) {
                        if (!(reply.join() instanceof Reply.Multi multi) || multi.items() == null) {
                            return reply.join();
                        }
                        if (all == null) {
                            all = new long[multi.items().size()];
                            Arrays.fill(all, 1);
                        }
                        for (int i = 0; i < all.length; i++) {
                            all[i] &= ((Reply.Int) multi.items().get(i)).value();
                        }
                    }
                    List<Reply> out = new ArrayList<>();
                    for (long found : all == null ? new long[0] : all) {
                        out.add(Reply.integer(found));
                    }
                    return Reply.array(out);
                });
            }
            case "FLUSH" -> allOk(everyShard(router, args));
            case "KILL" -> CompletableFuture.completedFuture(Reply.error("NOTBUSY No scripts in execution right now."));
            case "HELP" -> CompletableFuture.completedFuture(Reply.array(Stream.of(
                    "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", "EXISTS <sha1> [<sha1> ...]",
                    "FLUSH [ASYNC|SYNC]", "KILL", "LOAD <script>", "HELP").map(line -> (Reply) new Reply.Simple(line)).toList()));
            default -> CompletableFuture.completedFuture(Reply.error("ERR unknown subcommand '"
                    + new String(args[1], StandardCharsets.UTF_8) + "'. Try SCRIPT HELP."));
        };
    }

    /** RANDOMKEY: the shards in a random order, until one has a key. */
    private CompletableFuture<Reply> any(ShardRouter router, byte[][] args) {
        List<Shard> shards = new ArrayList<>(router.shards());
        Collections.shuffle(shards);
        return anyOf(shards, 0, args);
    }

    private CompletableFuture<Reply> anyOf(List<Shard> shards, int index, byte[][] args) {
        if (index >= shards.size()) {
            return CompletableFuture.completedFuture(Reply.NIL);
        }
        return dataPlane.execute(shards.get(index), args).thenCompose(reply -> reply instanceof Reply.Bulk bulk
                && bulk.value() == null ? anyOf(shards, index + 1, args) : CompletableFuture.completedFuture(reply));
    }

    /** The keys (or key-value pairs, with {@code step} 2) of a command, grouped by shard in order of appearance. */
    private static final class Part {
        final Shard shard;
        final List<byte[]> args = new ArrayList<>();
        final List<Integer> positions = new ArrayList<>();

        Part(Shard shard, byte[] name) {
            this.shard = shard;
            args.add(name);
        }

        byte[][] args() {
            return args.toArray(new byte[0][]);
        }
    }

    private static Map<Integer, Part> split(ShardRouter router, byte[][] args, int step) {
        Map<Integer, Part> parts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += step) {
            Shard shard = router.shardFor(args[i]);
            int id = shard == null ? -1 : shard.id();
            Part part = parts.computeIfAbsent(id, k -> new Part(shard, args[0]));
            part.positions.add((i - 1) / step);
            for (int j = 0; j < step; j++) {
                part.args.add(args[i + j]);
            }
        }
        return parts;
    }

    private CompletableFuture<Reply> keysArray(ShardRouter router, byte[][] args) {
        Map<Integer, Part> parts = split(router, args, 1);
        if (parts.size() == 1) {
            Part only = parts.values().iterator().next();
            return toShard(router, only.shard, args);
        }
        List<Part> ordered = new ArrayList<>(parts.values());
        List<CompletableFuture<Reply>> replies = ordered.stream().map(p -> toShard(router, p.shard, p.args())).toList();
        return CompletableFuture.allOf(replies.toArray(new CompletableFuture[0])).thenApply(done -> {
            Reply[] joined = new Reply[args.length - 1];
            for (int p = 0; p < ordered.size(); p++) {
                Reply reply = replies.get(p).join();
                if (!(reply instanceof Reply.Multi multi) || multi.items() == null) {
                    return reply;
                }
                for (int k = 0; k < ordered.get(p).positions.size(); k++) {
                    joined[ordered.get(p).positions.get(k)] = multi.items().get(k);
                }
            }
            return Reply.array(List.of(joined));
        });
    }

    private CompletableFuture<Reply> pairs(ShardRouter router, byte[][] args) {
        if ((args.length - 1) % 2 != 0) {
            return CompletableFuture.completedFuture(Reply.error("ERR wrong number of arguments for '"
                    + new String(args[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT) + "' command"));
        }
        return allOk(split(router, args, 2).values().stream().map(p -> toShard(router, p.shard, p.args())).toList());
    }

    private List<CompletableFuture<Reply>> everyShard(ShardRouter router, byte[][] args) {
        return router.shards().stream().map(shard -> dataPlane.execute(shard, args)).toList();
    }

    private static CompletableFuture<Reply> sum(List<CompletableFuture<Reply>> replies) {
        return CompletableFuture.allOf(replies.toArray(new CompletableFuture[0])).thenApply(done -> {
            long total = 0;
            for (CompletableFuture<Reply> reply : replies) {
                if (!(reply.join() instanceof Reply.Int count)) {
                    return reply.join();
                }
                total += count.value();
            }
            return Reply.integer(total);
        });
    }

    private static CompletableFuture<Reply> allOk(List<CompletableFuture<Reply>> replies) {
        return CompletableFuture.allOf(replies.toArray(new CompletableFuture[0])).thenApply(done -> {
            for (CompletableFuture<Reply> reply : replies) {
                if (reply.join() instanceof Reply.Err) {
                    return reply.join();
                }
            }
            return Reply.OK;
        });
    }

    private static CompletableFuture<Reply> joinArrays(List<CompletableFuture<Reply>> replies) {
        return CompletableFuture.allOf(replies.toArray(new CompletableFuture[0])).thenApply(done -> {
            List<Reply> all = new ArrayList<>();
            for (CompletableFuture<Reply> reply : replies) {
                if (!(reply.join() instanceof Reply.Multi multi) || multi.items() == null) {
                    return reply.join();
                }
                all.addAll(multi.items());
            }
            return Reply.array(all);
        });
    }

    /**
     * SCAN: the cursor is the next hash slot to look at. The shard owning it returns whole slots and the slot after
     * the last it returned; past its range the scan moves to the next shard, and after slot 16383 the cursor is 0.
     */
    private CompletableFuture<Reply> scan(ShardRouter router, byte[][] args) {
        long cursor;
        try {
            cursor = Long.parseLong(new String(args[1], StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return CompletableFuture.completedFuture(Reply.error("ERR invalid cursor"));
        }
        if (cursor < 0 || cursor >= HashSlot.SLOTS) {
            return CompletableFuture.completedFuture(Reply.array(List.of(Reply.bulk("0"), Reply.array(List.of()))));
        }
        Shard shard = router.shardOfSlot((int) cursor);
        if (shard == null) {
            return CompletableFuture.completedFuture(Reply.error("CLUSTERDOWN db:" + router.database().id() + " has no shards"));
        }
        return dataPlane.execute(shard, args).thenApply(reply -> {
            if (!(reply instanceof Reply.Multi multi) || multi.items() == null || multi.items().size() != 2) {
                return reply;
            }
            int next = Integer.parseInt(new String(((Reply.Bulk) multi.items().get(0)).value(), StandardCharsets.US_ASCII));
            if (next > shard.lastSlot()) {
                Shard following = router.next(shard);
                next = following == null ? 0 : following.firstSlot();
            }
            return Reply.array(List.of(Reply.bulk(Integer.toString(next)), multi.items().get(1)));
        });
    }
}
