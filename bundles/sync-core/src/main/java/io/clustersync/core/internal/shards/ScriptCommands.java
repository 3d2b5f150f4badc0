package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD/EXISTS/FLUSH on a shard ({@link LuaScripts}). A script runs in
 * one pass under the shard's monitor; its writes are recorded as one write of their effects.
 */
final class ScriptCommands {

    private ScriptCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("EVAL", (s, a, now) -> eval(s, a, now, false, false));
        commands.put("EVALSHA", (s, a, now) -> eval(s, a, now, true, false));
        commands.put("EVAL_RO", (s, a, now) -> eval(s, a, now, false, true));
        commands.put("EVALSHA_RO", (s, a, now) -> eval(s, a, now, true, true));
        commands.put("SCRIPT", ScriptCommands::script);
    }

    private static Reply eval(ShardStore store, byte[][] args, long now, boolean bySha, boolean readOnly) {
        long numkeys = integer(args[2]);
        if (numkeys > args.length - 3) {
            return Reply.error("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            return Reply.error("ERR Number of keys can't be negative");
        }
        LuaScripts scripts = store.scripts();
        String sha;
        if (bySha) {
            sha = Arguments.text(args[1]).toLowerCase(Locale.ROOT);
            if (sha.length() != 40 || !scripts.exists(sha)) {
                return Reply.error("NOSCRIPT No matching script. Please use EVAL.");
            }
        } else {
            sha = scripts.load(args[1]);
        }
        List<byte[]> keys = new ArrayList<>(Arrays.asList(args).subList(3, 3 + (int) numkeys));
        List<byte[]> argv = new ArrayList<>(Arrays.asList(args).subList(3 + (int) numkeys, args.length));
        store.beginEffects();
        try {
            return scripts.run(sha, keys, argv, readOnly, now);
        } finally {
            store.endEffects();
        }
    }

    private static Reply script(ShardStore store, byte[][] args, long now) {
        String sub = Arguments.text(args[1]).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "LOAD":
                if (args.length != 3) {
                    return Reply.error("ERR unknown subcommand or wrong number of arguments for 'load'. Try SCRIPT HELP.");
                }
                return Reply.bulk(store.scripts().load(args[2]));
            case "EXISTS": {
                List<Reply> found = new ArrayList<>();
                for (int i = 2; i < args.length; i++) {
                    found.add(store.scripts().exists(Arguments.text(args[i])) ? Reply.ONE : Reply.ZERO);
                }
                return Reply.array(found);
            }
            case "FLUSH":
                store.scripts().flush();
                return Reply.OK;
            default:
                return Reply.error("ERR unknown subcommand '" + Arguments.text(args[1]) + "'. Try SCRIPT HELP.");
        }
    }
}
