package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The clients of one shard parked by a blocking pop, by the keys they wait on, first come first served. A write
 * that pushes onto a key marks it ready; once that write's command is done, the parked clients of ready keys try
 * their pop again in arrival order, and those served are answered. A client whose reply future was completed
 * elsewhere (its connection closed, its request cancelled) is dropped without taking anything. Everything here
 * runs under the shard's monitor; the answers are given after it is released.
 */
final class BlockedClients {

    /** One parked command. */
    private static final class Waiter {
        final byte[][] args;
        final List<Key> keys;
        final long deadline;
        final CompletableFuture<Reply> reply;

        Waiter(byte[][] args, List<Key> keys, long deadline, CompletableFuture<Reply> reply) {
            this.args = args;
            this.keys = keys;
            this.deadline = deadline;
            this.reply = reply;
        }
    }

    private final Map<Key, Deque<Waiter>> byKey = new HashMap<>();
    private final Set<Key> ready = new LinkedHashSet<>();
    private int parked;

    void park(byte[][] args, List<byte[]> keys, long deadline, CompletableFuture<Reply> reply) {
        List<Key> waitedOn = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            waitedOn.add(new Key(key));
        }
        Waiter waiter = new Waiter(args, waitedOn, deadline, reply);
        for (Key key : waitedOn) {
            byKey.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(waiter);
        }
        parked++;
    }

    int parked() {
        return parked;
    }

    void ready(Key key) {
        if (byKey.containsKey(key)) {
            ready.add(key);
        }
    }

    /** Serves the parked clients of the keys made ready; answers what to complete once the monitor is released. */
    List<Runnable> serve(ShardStore store, long now) {
        if (ready.isEmpty()) {
            return List.of();
        }
        List<Runnable> answers = new ArrayList<>();
        while (!ready.isEmpty()) {
            Iterator<Key> first = ready.iterator();
            Key key = first.next();
            first.remove();
            Deque<Waiter> queue = byKey.get(key);
            while (queue != null && !queue.isEmpty()) {
                Waiter waiter = queue.peekFirst();
                if (waiter.reply.isDone()) {
                    forget(waiter);
                    continue;
                }
                Reply reply;
                try {
                    reply = BlockingCommands.attempt(store, waiter.args, now);
                } catch (Arguments.Refused wrongType) {
                    reply = null;
                }
                if (reply == null) {
                    break;
                }
                forget(waiter);
                Reply answer = reply;
                answers.add(() -> waiter.reply.complete(answer));
            }
        }
        return answers;
    }

    /** Answers the clients whose timeout has passed (and drops those gone); what to complete after the monitor. */
    List<Runnable> expire(long now) {
        List<Waiter> due = new ArrayList<>();
        for (Deque<Waiter> queue : byKey.values()) {
            for (Waiter waiter : queue) {
                if (waiter.reply.isDone() || (waiter.deadline > 0 && waiter.deadline <= now)) {
                    due.add(waiter);
                }
            }
        }
        List<Runnable> answers = new ArrayList<>();
        for (Waiter waiter : new LinkedHashSet<>(due)) {
            forget(waiter);
            answers.add(() -> waiter.reply.complete(BlockingCommands.timedOut(waiter.args)));
        }
        return answers;
    }

    /** Answers every parked client with {@code reply} (the shard is closing). */
    List<Runnable> releaseAll(Reply reply) {
        Set<Waiter> all = new LinkedHashSet<>();
        byKey.values().forEach(all::addAll);
        byKey.clear();
        ready.clear();
        parked = 0;
        List<Runnable> answers = new ArrayList<>();
        for (Waiter waiter : all) {
            answers.add(() -> waiter.reply.complete(reply));
        }
        return answers;
    }

    private void forget(Waiter waiter) {
        for (Key key : waiter.keys) {
            Deque<Waiter> queue = byKey.get(key);
            if (queue != null && queue.remove(waiter) && queue.isEmpty()) {
                byKey.remove(key);
            }
        }
        parked--;
    }
}
