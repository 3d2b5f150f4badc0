package io.clustersync.proxy.internal.pubsub;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.PubSubRequest;
import io.clustersync.core.api.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBE forms (this proxy's {@link PubSubHub}), PUBLISH and
 * SPUBLISH (delivered on every node of the database, answered with how many received it), and PUBSUB CHANNELS,
 * NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB over every node.
 */
public final class PubSubCommands {

    private final DataPlane dataPlane;
    private final PubSubHub hub;

    public PubSubCommands(DataPlane dataPlane, PubSubHub hub) {
        this.dataPlane = dataPlane;
        this.hub = hub;
    }

    /** What a RESP2 client with subscriptions may still run. */
    public static boolean allowedWhileSubscribed(String command) {
        return switch (command) {
            case "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "PING", "QUIT", "RESET" -> true;
            default -> false;
        };
    }

    public static Reply notAllowedWhileSubscribed(String command) {
        return Reply.error("ERR Can't execute '" + command.toLowerCase(Locale.ROOT) + "': only (P|S)SUBSCRIBE / "
                + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
    }

    public CompletableFuture<Reply> run(String command, int databaseId, Subscriber subscriber, boolean resp3, byte[][] args) {
        List<byte[]> rest = Arrays.asList(args).subList(1, args.length);
        return switch (command) {
            case "SUBSCRIBE" -> done(hub.subscribe(databaseId, subscriber, PubSubHub.Kind.CHANNEL, rest, resp3));
            case "PSUBSCRIBE" -> done(hub.subscribe(databaseId, subscriber, PubSubHub.Kind.PATTERN, rest, resp3));
            case "SSUBSCRIBE" -> done(hub.subscribe(databaseId, subscriber, PubSubHub.Kind.SHARD, rest, resp3));
            case "UNSUBSCRIBE" -> done(hub.unsubscribe(databaseId, subscriber, PubSubHub.Kind.CHANNEL, rest, resp3));
            case "PUNSUBSCRIBE" -> done(hub.unsubscribe(databaseId, subscriber, PubSubHub.Kind.PATTERN, rest, resp3));
            case "SUNSUBSCRIBE" -> done(hub.unsubscribe(databaseId, subscriber, PubSubHub.Kind.SHARD, rest, resp3));
            case "PUBLISH", "SPUBLISH" -> dataPlane.pubsub(new PubSubRequest(command.equals("PUBLISH")
                    ? PubSubRequest.Kind.PUBLISH : PubSubRequest.Kind.SPUBLISH, databaseId, rest)).thenApply(PubSubCommands::sum);
            case "PUBSUB" -> pubsub(databaseId, args);
            default -> done(Reply.error("ERR " + command + " is not a pub/sub command"));
        };
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private static Reply sum(List<Reply> answers) {
        long total = 0;
        for (Reply answer : answers) {
            if (answer instanceof Reply.Int count) {
                total += count.value();
            }
        }
        return Reply.integer(total);
    }

    private CompletableFuture<Reply> pubsub(int databaseId, byte[][] args) {
        String sub = new String(args[1], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        List<byte[]> rest = Arrays.asList(args).subList(2, args.length);
        switch (sub) {
            case "CHANNELS", "SHARDCHANNELS" -> {
                if (rest.size() > 1) {
                    return done(wrongArity(sub));
                }
                PubSubRequest.Kind kind = sub.equals("CHANNELS") ? PubSubRequest.Kind.CHANNELS : PubSubRequest.Kind.SHARDCHANNELS;
                return dataPlane.pubsub(new PubSubRequest(kind, databaseId, rest)).thenApply(PubSubCommands::union);
            }
            case "NUMSUB", "SHARDNUMSUB" -> {
                PubSubRequest.Kind kind = sub.equals("NUMSUB") ? PubSubRequest.Kind.NUMSUB : PubSubRequest.Kind.SHARDNUMSUB;
                return dataPlane.pubsub(new PubSubRequest(kind, databaseId, rest)).thenApply(answers -> {
                    long[] totals = new long[rest.size()];
                    for (Reply answer : answers) {
                        if (answer instanceof Reply.Multi counts && counts.items() != null && counts.items().size() == totals.length) {
                            for (int i = 0; i < totals.length; i++) {
                                totals[i] += ((Reply.Int) counts.items().get(i)).value();
                            }
                        }
                    }
                    List<Reply> out = new ArrayList<>();
                    for (int i = 0; i < totals.length; i++) {
                        out.add(new Reply.Bulk(rest.get(i)));
                        out.add(Reply.integer(totals[i]));
                    }
                    return Reply.map(out);
                });
            }
            case "NUMPAT" -> {
                if (!rest.isEmpty()) {
                    return done(wrongArity(sub));
                }
                return dataPlane.pubsub(new PubSubRequest(PubSubRequest.Kind.NUMPAT, databaseId, rest))
                        .thenApply(answers -> Reply.integer(((Reply.Multi) union(answers)).items().size()));
            }
            case "HELP" -> {
                List<Reply> lines = new ArrayList<>();
                for (String line : new String[] {"PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                        "CHANNELS [<pattern>]", "NUMPAT", "NUMSUB [<channel> ...]", "SHARDCHANNELS [<pattern>]",
                        "SHARDNUMSUB [<shardchannel> ...]", "HELP"}) {
                    lines.add(new Reply.Simple(line));
                }
                return done(Reply.array(lines));
            }
            default -> {
                return done(Reply.error("ERR unknown subcommand '" + new String(args[1], StandardCharsets.UTF_8)
                        + "'. Try PUBSUB HELP."));
            }
        }
    }

    private static Reply wrongArity(String sub) {
        return Reply.error("ERR unknown subcommand or wrong number of arguments for '" + sub.toLowerCase(Locale.ROOT) + "'. Try PUBSUB HELP.");
    }

    /** The distinct names the nodes answered. */
    private static Reply union(List<Reply> answers) {
        Map<String, Reply> names = new LinkedHashMap<>();
        for (Reply answer : answers) {
            if (answer instanceof Reply.Multi multi && multi.items() != null) {
                for (Reply name : multi.items()) {
                    names.putIfAbsent(Subscriber.name(((Reply.Bulk) name).value()), name);
                }
            }
        }
        Set<Reply> distinct = new LinkedHashSet<>(names.values());
        return Reply.array(new ArrayList<>(distinct));
    }
}
