package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The data commands a shard store runs, by name. Connection commands (AUTH, HELLO, CLIENT, ...) and the
 * splitting of multi-key commands across shards belong to the proxy; here every key belongs to this shard.
 */
final class ShardCommands {

    /** One data command, run under the store's monitor. */
    interface Command {
        Reply run(ShardStore store, byte[][] args, long now);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShardCommands.class);
    /** The most elements a reply made of random picks may have (SRANDMEMBER, ZRANDMEMBER, HRANDFIELD with a negative count). */
    static final int MAX_REPLY_ELEMENTS = 1_000_000;
    private static final Map<String, Command> COMMANDS = new HashMap<>();

    static {
        StringCommands.register(COMMANDS);
        KeyCommands.register(COMMANDS);
        HashCommands.register(COMMANDS);
        ListCommands.register(COMMANDS);
        SetCommands.register(COMMANDS);
        SortedSetCommands.register(COMMANDS);
        SortedSetRanges.register(COMMANDS);
        SortedSetAlgebra.register(COMMANDS);
        BlockingCommands.register(COMMANDS);
        TransactionCommands.register(COMMANDS);
        DumpCommands.register(COMMANDS);
        SortCommand.register(COMMANDS);
        ScriptCommands.register(COMMANDS);
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
        if (store.active() != null) {
            Reply refused = ActiveKeys.refusal(name.toUpperCase(Locale.ROOT), store);
            if (refused != null) {
                return refused;
            }
        }
        try {
            return command.run(store, args, now);
        } catch (Arguments.Refused refused) {
            return Reply.error(refused.getMessage());
        } catch (ArrayIndexOutOfBoundsException e) {
            // the proxies check arity before a command reaches a shard; only a malformed internal write gets here
            return Reply.error(wrongArity(args));
        } catch (Keyspace.WrongSlotException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("{} failed on a shard: {}", name, e.toString(), e);
            return Reply.error("ERR " + name.toLowerCase(Locale.ROOT) + " failed on this shard: " + e);
        }
    }

    /** Runs {@code body} for the command in {@code args} with the same guard as {@link #execute}: errors become replies. */
    static Reply guard(ShardStore store, byte[][] args, Supplier<Reply> body) {
        try {
            return body.get();
        } catch (Arguments.Refused refused) {
            return Reply.error(refused.getMessage());
        } catch (Keyspace.WrongSlotException e) {
            return Reply.error("ERR " + store.shard().ref() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} failed on a shard: {}", Arguments.text(args[0]), e.toString(), e);
            return Reply.error("ERR " + Arguments.text(args[0]).toLowerCase(Locale.ROOT) + " failed on this shard: " + e);
        }
    }

    /** Redis's wording for a command given the wrong number of arguments. */
    static String wrongArity(byte[][] args) {
        return "ERR wrong number of arguments for '" + Arguments.text(args[0]).toLowerCase(Locale.ROOT) + "' command";
    }

    static boolean knows(String upperCaseName) {
        return COMMANDS.containsKey(upperCaseName);
    }
}
