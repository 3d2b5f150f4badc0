package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH at the proxy. The queued commands of a transaction run on one shard, in
 * one pass under its monitor ({@code CSYNC.EXEC}), with the watched keys checked there first; a transaction whose
 * keys (watched or written) are on more than one shard is refused at EXEC with CROSSSLOT and nothing of it runs.
 * Connection commands queued in it (PING, ECHO, ...) are answered here, in their place among the replies.
 */
public final class TransactionCommands {

    private static final Reply EXECABORT = Reply.error("EXECABORT Transaction discarded because of previous errors.");
    private static final byte[] WATCH = "CSYNC.WATCH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNWATCH = "CSYNC.UNWATCH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "CSYNC.EXEC".getBytes(StandardCharsets.US_ASCII);

    private final DataPlane dataPlane;

    public TransactionCommands(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    /** The commands Redis runs at once even inside MULTI (everything else is queued). */
    public static boolean runsInsideMulti(CommandSpec spec) {
        return switch (spec.name()) {
            case "MULTI", "EXEC", "DISCARD", "WATCH", "QUIT", "RESET" -> true;
            default -> false;
        };
    }

    public CompletableFuture<Reply> run(ClientSession session, EndpointView endpoint, CommandSpec spec, byte[][] args,
                                        ConnectionCommands connection) {
        Transaction tx = session.transaction();
        return switch (spec.name()) {
            case "MULTI" -> {
                if (tx.open()) {
                    yield done(Reply.error("ERR MULTI calls can not be nested"));
                }
                tx.begin();
                yield done(Reply.OK);
            }
            case "DISCARD" -> {
                if (!tx.open()) {
                    yield done(Reply.error("ERR DISCARD without MULTI"));
                }
                tx.end();
                yield unwatch(endpoint, tx).thenApply(ignored -> Reply.OK);
            }
            case "WATCH" -> tx.open() ? done(Reply.error("ERR WATCH inside MULTI is not allowed")) : watch(endpoint, tx, args);
            case "UNWATCH" -> unwatch(endpoint, tx).thenApply(ignored -> Reply.OK);
            case "EXEC" -> tx.open() ? exec(session, endpoint, tx, connection) : done(Reply.error("ERR EXEC without MULTI"));
            default -> done(Reply.error("ERR " + spec.name() + " is not a transaction command"));
        };
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private CompletableFuture<Reply> watch(EndpointView endpoint, Transaction tx, byte[][] args) {
        Map<Shard, List<byte[]>> byShard = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            Shard shard = endpoint.router().shardFor(args[i]);
            if (shard == null) {
                return done(Reply.error("CLUSTERDOWN the database has no shard for this key's slot"));
            }
            byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(args[i]);
        }
        List<CompletableFuture<Reply>> answers = new ArrayList<>();
        byShard.forEach((shard, shardKeys) -> {
            // the watches are the client's from this moment: a pipelined EXEC waits for their versions
            List<CompletableFuture<Long>> versions = new ArrayList<>();
            for (byte[] key : shardKeys) {
                versions.add(tx.watched(key));
            }
            answers.add(dataPlane.execute(shard, withName(WATCH, shardKeys)).thenApply(reply -> {
                boolean ok = reply instanceof Reply.Multi multi && multi.items() != null && multi.items().size() == versions.size();
                for (int k = 0; k < versions.size(); k++) {
                    // a shard that could not watch gives -1, a version no key has: EXEC then aborts
                    versions.get(k).complete(ok && ((Reply.Multi) reply).items().get(k) instanceof Reply.Int v ? v.value() : -1L);
                }
                return reply;
            }));
        });
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).thenApply(all -> {
            for (CompletableFuture<Reply> answer : answers) {
                if (!(answer.join() instanceof Reply.Multi)) {
                    return answer.join();
                }
            }
            return Reply.OK;
        });
    }

    /** Releases every watch of the client on its shard (UNWATCH, after EXEC and DISCARD, when the client goes away). */
    public CompletableFuture<Void> unwatch(EndpointView endpoint, Transaction tx) {
        return release(endpoint, tx.takeWatches());
    }

    /** Releases these watches on their shards once their WATCH was answered (so that the UNWATCH comes after it). */
    private CompletableFuture<Void> release(EndpointView endpoint, List<Transaction.Watch> watches) {
        return CompletableFuture.allOf(watches.stream().map(Transaction.Watch::version).toArray(CompletableFuture[]::new))
                .thenCompose(ready -> sendUnwatch(endpoint, watches));
    }

    private CompletableFuture<Void> sendUnwatch(EndpointView endpoint, List<Transaction.Watch> watches) {
        Map<Shard, List<byte[]>> byShard = new LinkedHashMap<>();
        for (Transaction.Watch watch : watches) {
            Shard shard = endpoint.router().shardFor(watch.key());
            if (shard != null) {
                byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(watch.key());
            }
        }
        List<CompletableFuture<Reply>> released = new ArrayList<>();
        byShard.forEach((shard, keys) -> released.add(dataPlane.execute(shard, withName(UNWATCH, keys))));
        return CompletableFuture.allOf(released.toArray(new CompletableFuture[0]));
    }

    private CompletableFuture<Reply> exec(ClientSession session, EndpointView endpoint, Transaction tx, ConnectionCommands connection) {
        List<Transaction.Queued> queued = new ArrayList<>(tx.queued());
        boolean refused = tx.refused();
        List<Transaction.Watch> watches = tx.takeWatches();
        tx.end();
        if (refused) {
            return release(endpoint, watches).thenApply(ignored -> EXECABORT);
        }
        ShardRouter router = endpoint.router();
        Set<Shard> shards = new LinkedHashSet<>();
        for (Transaction.Watch watch : watches) {
            shards.add(router.shardFor(watch.key()));
        }
        for (Transaction.Queued command : queued) {
            CommandSpec spec = command.spec();
            if (spec.routing() == CommandSpec.Routing.CONNECTION) {
                continue;
            }
            List<byte[]> keys = spec.routing() == CommandSpec.Routing.SINGLE_KEY
                    ? (spec.firstKey() < command.args().length ? List.of(command.args()[spec.firstKey()]) : List.of())
                    : spec.keys(command.args());
            boolean everyShard = spec.routing() == CommandSpec.Routing.ALL_SUM || spec.routing() == CommandSpec.Routing.ALL_OK
                    || spec.routing() == CommandSpec.Routing.ALL_ARRAY || spec.routing() == CommandSpec.Routing.SCAN
                    || spec.routing() == CommandSpec.Routing.ANY || spec.routing() == CommandSpec.Routing.SCRIPT;
            if (everyShard) {
                shards.addAll(router.shards());
            } else if (keys != null) {
                for (byte[] key : keys) {
                    shards.add(router.shardOfSlot(HashSlot.of(key)));
                }
            } // a malformed numkeys: any shard answers its error
        }
        shards.remove(null);
        if (shards.isEmpty() && queued.stream().anyMatch(q -> q.spec().routing() != CommandSpec.Routing.CONNECTION)
                && !router.shards().isEmpty()) {
            shards.add(router.shards().get(0));
        }
        if (shards.size() > 1) {
            return release(endpoint, watches).thenApply(ignored -> CommandRouter.CROSSSLOT);
        }
        Shard target = shards.isEmpty() ? null : shards.iterator().next();
        CompletableFuture<Reply> data = target == null ? done(Reply.array(List.of()))
                : CompletableFuture.allOf(watches.stream().map(Transaction.Watch::version).toArray(CompletableFuture[]::new))
                        .thenCompose(ready -> dataPlane.execute(target, execWords(watches, queued)));
        return data.thenCompose(reply -> release(endpoint, watches).thenApply(released -> reply)).thenCompose(reply -> {
            if (!(reply instanceof Reply.Multi results) || results.items() == null) {
                return done(reply);
            }
            return merge(session, endpoint, queued, results.items(), connection);
        });
    }

    /** {@code CSYNC.EXEC <w> <key> <version> ... <n> <command...> ...} for the shard. */
    private static byte[][] execWords(List<Transaction.Watch> watches, List<Transaction.Queued> queued) {
        List<byte[]> words = new ArrayList<>();
        words.add(EXEC);
        words.add(number(watches.size()));
        for (Transaction.Watch watch : watches) {
            words.add(watch.key());
            words.add(number(watch.version().join()));
        }
        for (Transaction.Queued command : queued) {
            if (command.spec().routing() != CommandSpec.Routing.CONNECTION) {
                words.add(number(command.args().length));
                words.addAll(List.of(command.args()));
            }
        }
        return words.toArray(new byte[0][]);
    }

    /** The replies in the order of the queued commands: the shard's for data commands, the proxy's for the others. */
    private CompletableFuture<Reply> merge(ClientSession session, EndpointView endpoint, List<Transaction.Queued> queued,
                                           List<Reply> dataReplies, ConnectionCommands connection) {
        List<CompletableFuture<Reply>> replies = new ArrayList<>(queued.size());
        int next = 0;
        for (Transaction.Queued command : queued) {
            if (command.spec().routing() == CommandSpec.Routing.CONNECTION) {
                replies.add(connection.run(session, endpoint, command.spec(), command.args()));
            } else {
                replies.add(done(next < dataReplies.size() ? dataReplies.get(next++) : Reply.error("ERR no reply from the shard")));
            }
        }
        return CompletableFuture.allOf(replies.toArray(new CompletableFuture[0]))
                .thenApply(all -> Reply.array(replies.stream().map(CompletableFuture::join).toList()));
    }

    private static byte[][] withName(byte[] name, List<byte[]> keys) {
        byte[][] args = new byte[keys.size() + 1][];
        args[0] = name;
        for (int i = 0; i < keys.size(); i++) {
            args[i + 1] = keys.get(i);
        }
        return args;
    }

    private static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
