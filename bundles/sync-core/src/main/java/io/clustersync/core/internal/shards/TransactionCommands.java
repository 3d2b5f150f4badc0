package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;

/**
 * The shard's half of MULTI/EXEC/WATCH; the proxy queues a client's commands and sends them here at EXEC.
 *
 * <ul>
 *   <li>{@code CSYNC.WATCH key ...}: watches the keys; answers their versions.</li>
 *   <li>{@code CSYNC.UNWATCH key ...}: forgets one watch of each key.</li>
 *   <li>{@code CSYNC.EXEC <w> <key> <version> ... <n> <command...> ...}: when every watched key still has its
 *       version, runs the commands in one pass under the shard's monitor and records their writes as one
 *       {@code CSYNC.EFFECTS} write (a replica never shows half a transaction); answers their replies, or the nil
 *       array when a watched key was written meanwhile. A blocking command in it does not block.</li>
 * </ul>
 */
final class TransactionCommands {

    private TransactionCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("CSYNC.WATCH", (s, a, now) -> {
            List<Reply> versions = new ArrayList<>();
            for (int i = 1; i < a.length; i++) {
                Key key = new Key(a[i]);
                s.lookup(key, now); // a key already past its deadline is gone before it is watched, as in Redis
                versions.add(Reply.integer(s.watchedKeys().watch(key)));
            }
            return Reply.array(versions);
        });
        commands.put("CSYNC.UNWATCH", (s, a, now) -> {
            for (int i = 1; i < a.length; i++) {
                s.watchedKeys().unwatch(new Key(a[i]));
            }
            return Reply.OK;
        });
        commands.put("CSYNC.EXEC", TransactionCommands::exec);
    }

    private static Reply exec(ShardStore store, byte[][] args, long now) {
        int watches = (int) integer(args[1]);
        int at = 2;
        for (int i = 0; i < watches; i++, at += 2) {
            Key key = new Key(args[at]);
            store.lookup(key, now); // an expired watched key is deleted now, which moves its version
            if (store.watchedKeys().version(key) != integer(args[at + 1])) {
                return Reply.NIL_ARRAY;
            }
        }
        List<byte[][]> commands = new ArrayList<>();
        while (at < args.length) {
            int words = (int) integer(args[at]);
            if (words < 1 || at + 1 + words > args.length) {
                return Reply.error("ERR CSYNC.EXEC: argument " + at + " counts " + words + " word(s); "
                        + (args.length - at - 1) + " follow");
            }
            commands.add(Arrays.copyOfRange(args, at + 1, at + 1 + words));
            at += 1 + words;
        }
        List<Reply> replies = new ArrayList<>(commands.size());
        store.beginEffects();
        try {
            for (byte[][] command : commands) {
                if (Arguments.text(command[0]).regionMatches(true, 0, "CSYNC", 0, 5)) {
                    replies.add(Reply.error("ERR " + Arguments.text(command[0]) + " cannot run in a transaction"));
                    continue;
                }
                try {
                    replies.add(ShardCommands.execute(store, command, now));
                } catch (Keyspace.WrongSlotException e) {
                    replies.add(Reply.error("ERR " + e.getMessage()));
                }
            }
        } finally {
            store.endEffects();
        }
        return Reply.array(replies);
    }
}
