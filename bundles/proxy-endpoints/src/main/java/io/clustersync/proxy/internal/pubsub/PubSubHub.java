package io.clustersync.proxy.internal.pubsub;

import io.clustersync.core.api.GlobPattern;
import io.clustersync.core.api.PubSubRequest;
import io.clustersync.core.api.PubSubSink;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of this node's proxies, per database, and the {@link PubSubSink} through which the data plane
 * hands this node every PUBLISH (from any node) and every question about subscriptions. A message is pushed to the
 * subscribers in the order the requests arrive, so that one publisher's messages keep their order.
 */
public final class PubSubHub implements PubSubSink {

    /** One database's subscriptions: name to subscribers. */
    private static final class Subscriptions {
        final Map<String, Set<Subscriber>> channels = new ConcurrentHashMap<>();
        final Map<String, Set<Subscriber>> patterns = new ConcurrentHashMap<>();
        final Map<String, Set<Subscriber>> shardChannels = new ConcurrentHashMap<>();
    }

    private final Map<Integer, Subscriptions> databases = new ConcurrentHashMap<>();

    private Subscriptions of(int databaseId) {
        return databases.computeIfAbsent(databaseId, id -> new Subscriptions());
    }

    /** Kinds of subscription, with the words Redis uses for them. */
    enum Kind {
        CHANNEL("subscribe", "unsubscribe"), PATTERN("psubscribe", "punsubscribe"), SHARD("ssubscribe", "sunsubscribe");

        final String on;
        final String off;

        Kind(String on, String off) {
            this.on = on;
            this.off = off;
        }
    }

    private Map<String, Set<Subscriber>> registry(int databaseId, Kind kind) {
        Subscriptions subscriptions = of(databaseId);
        return switch (kind) {
            case CHANNEL -> subscriptions.channels;
            case PATTERN -> subscriptions.patterns;
            case SHARD -> subscriptions.shardChannels;
        };
    }

    private static Set<String> own(Subscriber subscriber, Kind kind) {
        return switch (kind) {
            case CHANNEL -> subscriber.channels;
            case PATTERN -> subscriber.patterns;
            case SHARD -> subscriber.shardChannels;
        };
    }

    /** Subscribes; answers one confirmation per name, as Redis does. */
    Reply subscribe(int databaseId, Subscriber subscriber, Kind kind, List<byte[]> names, boolean resp3) {
        List<Reply> confirmations = new ArrayList<>();
        synchronized (subscriber) {
            for (byte[] bytes : names) {
                String name = Subscriber.name(bytes);
                if (own(subscriber, kind).add(name)) {
                    registry(databaseId, kind).computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(subscriber);
                }
                int count = kind == Kind.SHARD ? subscriber.shardSubscriptions() : subscriber.channelsAndPatterns();
                confirmations.add(event(resp3, kind.on, bytes, count));
            }
            subscriber.recount();
        }
        return Reply.replies(confirmations);
    }

    /** Unsubscribes from the names, or from all of the kind when there are none; one confirmation per name. */
    Reply unsubscribe(int databaseId, Subscriber subscriber, Kind kind, List<byte[]> names, boolean resp3) {
        List<Reply> confirmations = new ArrayList<>();
        synchronized (subscriber) {
            List<byte[]> leaving = new ArrayList<>(names);
            if (leaving.isEmpty()) {
                own(subscriber, kind).forEach(name -> leaving.add(Subscriber.bytes(name)));
            }
            if (leaving.isEmpty()) {
                int count = kind == Kind.SHARD ? subscriber.shardSubscriptions() : subscriber.channelsAndPatterns();
                confirmations.add(event(resp3, kind.off, null, count));
            }
            for (byte[] bytes : leaving) {
                String name = Subscriber.name(bytes);
                if (own(subscriber, kind).remove(name)) {
                    Set<Subscriber> set = registry(databaseId, kind).get(name);
                    if (set != null) {
                        set.remove(subscriber);
                        if (set.isEmpty()) {
                            registry(databaseId, kind).remove(name, set);
                        }
                    }
                }
                int count = kind == Kind.SHARD ? subscriber.shardSubscriptions() : subscriber.channelsAndPatterns();
                confirmations.add(event(resp3, kind.off, bytes, count));
            }
            subscriber.recount();
        }
        return Reply.replies(confirmations);
    }

    /** Forgets every subscription of a client that went away (or RESET). */
    public void leave(int databaseId, Subscriber subscriber) {
        for (Kind kind : Kind.values()) {
            unsubscribe(databaseId, subscriber, kind, List.of(), false);
        }
    }

    private static Reply event(boolean resp3, String word, byte[] name, long count) {
        List<Reply> items = List.of(Reply.bulk(word), new Reply.Bulk(name), Reply.integer(count));
        return resp3 ? Reply.push(items) : Reply.array(items);
    }

    @Override
    public Reply answer(PubSubRequest request) {
        Subscriptions subscriptions = databases.get(request.databaseId());
        List<byte[]> args = request.args();
        return switch (request.kind()) {
            case PUBLISH -> Reply.integer(subscriptions == null ? 0 : publish(subscriptions, args.get(0), args.get(1)));
            case SPUBLISH -> Reply.integer(subscriptions == null ? 0 : deliver(subscriptions.shardChannels.get(Subscriber.name(args.get(0))),
                    List.of(Reply.bulk("smessage"), new Reply.Bulk(args.get(0)), new Reply.Bulk(args.get(1)))));
            case CHANNELS, SHARDCHANNELS -> {
                List<Reply> names = new ArrayList<>();
                if (subscriptions != null) {
                    Map<String, Set<Subscriber>> registry = request.kind() == PubSubRequest.Kind.CHANNELS
                            ? subscriptions.channels : subscriptions.shardChannels;
                    registry.forEach((name, set) -> {
                        if (!set.isEmpty() && (args.isEmpty() || GlobPattern.matches(args.get(0), Subscriber.bytes(name)))) {
                            names.add(new Reply.Bulk(Subscriber.bytes(name)));
                        }
                    });
                }
                yield Reply.array(names);
            }
            case NUMSUB, SHARDNUMSUB -> {
                List<Reply> counts = new ArrayList<>();
                for (byte[] channel : args) {
                    Map<String, Set<Subscriber>> registry = subscriptions == null ? Map.of()
                            : request.kind() == PubSubRequest.Kind.NUMSUB ? subscriptions.channels : subscriptions.shardChannels;
                    Set<Subscriber> set = registry.get(Subscriber.name(channel));
                    counts.add(Reply.integer(set == null ? 0 : set.size()));
                }
                yield Reply.array(counts);
            }
            case NUMPAT -> {
                List<Reply> names = new ArrayList<>();
                if (subscriptions != null) {
                    subscriptions.patterns.forEach((name, set) -> {
                        if (!set.isEmpty()) {
                            names.add(new Reply.Bulk(Subscriber.bytes(name)));
                        }
                    });
                }
                yield Reply.array(names);
            }
        };
    }

    private static long publish(Subscriptions subscriptions, byte[] channel, byte[] message) {
        long received = deliver(subscriptions.channels.get(Subscriber.name(channel)),
                List.of(Reply.bulk("message"), new Reply.Bulk(channel), new Reply.Bulk(message)));
        for (Map.Entry<String, Set<Subscriber>> pattern : subscriptions.patterns.entrySet()) {
            byte[] glob = Subscriber.bytes(pattern.getKey());
            if (GlobPattern.matches(glob, channel)) {
                received += deliver(pattern.getValue(), List.of(Reply.bulk("pmessage"), new Reply.Bulk(glob),
                        new Reply.Bulk(channel), new Reply.Bulk(message)));
            }
        }
        return received;
    }

    private static long deliver(Set<Subscriber> subscribers, List<Reply> message) {
        if (subscribers == null) {
            return 0;
        }
        Reply push = Reply.push(message);
        long count = 0;
        for (Subscriber subscriber : subscribers) {
            subscriber.push(push);
            count++;
        }
        return count;
    }
}
