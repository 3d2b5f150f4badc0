package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The data commands a shard store runs, by name. Connection commands (AUTH, HELLO, CLIENT, ...) and the
 * splitting of multi-key commands across shards belong to the proxy; here every key belongs to this shard.
 */
final class ShardCommands {

    /** One data command, run under the store's monitor. */
    interface Command {
        Reply run(ShardStore store, byte[][] args, long now);
    }

    private static final Map<String, Command> COMMANDS = new HashMap<>();

    static {
        StringCommands.register(COMMANDS);
        KeyCommands.register(COMMANDS);
        HashCommands.register(COMMANDS);
        ReplicaCommands.register(COMMANDS);
    }

    private ShardCommands() {
    }

    static Reply execute(ShardStore store, byte[][] args, long now) {
        if (args.length == 0) {
            return Reply.error("ERR empty command");
        }
        String name = new String(args[0], StandardCharsets.ISO_8859_1);
        Command command = COMMANDS.get(name);
        if (command == null) {
            name = name.toUpperCase(Locale.ROOT);
            command = COMMANDS.get(name);
        }
        if (command == null) {
            return Reply.error("ERR unknown command '" + Arguments.text(args[0]) + "', with args beginning with: ");
        }
        try {
            return command.run(store, args, now);
        } catch (Arguments.Refused refused) {
            return Reply.error(refused.getMessage());
        } catch (ArrayIndexOutOfBoundsException e) {
            return Reply.error("ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT) + "' command");
        }
    }

    static boolean knows(String upperCaseName) {
        return COMMANDS.containsKey(upperCaseName);
    }
}
