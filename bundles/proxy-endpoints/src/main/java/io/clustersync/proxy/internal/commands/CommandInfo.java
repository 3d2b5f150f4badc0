package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** COMMAND, COMMAND COUNT, COMMAND INFO, COMMAND LIST and COMMAND DOCS, from the {@link CommandTable}. */
final class CommandInfo {

    private CommandInfo() {
    }

    static Reply command(byte[][] args) {
        if (args.length == 1) {
            return Reply.array(CommandTable.all().stream().map(CommandInfo::describe).toList());
        }
        String sub = new String(args[1], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "COUNT":
                return Reply.integer(CommandTable.all().size());
            case "LIST":
                return Reply.array(CommandTable.all().stream().map(c -> (Reply) Reply.bulk(c.name().toLowerCase(Locale.ROOT))).toList());
            case "INFO": {
                List<Reply> out = new ArrayList<>();
                for (int i = 2; i < args.length; i++) {
                    CommandSpec spec = CommandTable.find(args[i]);
                    out.add(spec == null ? Reply.NIL : describe(spec));
                }
                if (args.length == 2) {
                    return command(new byte[][] {args[0]});
                }
                return Reply.array(out);
            }
            case "DOCS": {
                List<Reply> docs = new ArrayList<>();
                for (CommandSpec spec : CommandTable.all()) {
                    boolean asked = args.length == 2;
                    for (int i = 2; i < args.length && !asked; i++) {
                        asked = new String(args[i], StandardCharsets.UTF_8).equalsIgnoreCase(spec.name());
                    }
                    if (asked) {
                        docs.add(Reply.bulk(spec.name().toLowerCase(Locale.ROOT)));
                        docs.add(Reply.map(List.of(
                                Reply.bulk("summary"), Reply.bulk("as Redis 7.0's " + spec.name() + " (see its documentation)"),
                                Reply.bulk("group"), Reply.bulk(spec.group()),
                                Reply.bulk("arity"), Reply.integer(spec.arity()))));
                    }
                }
                return Reply.map(docs);
            }
            default:
                return Reply.error("ERR unknown subcommand '" + new String(args[1], StandardCharsets.UTF_8)
                        + "'. Try COMMAND HELP.");
        }
    }

    private static Reply describe(CommandSpec spec) {
        return Reply.array(List.of(
                Reply.bulk(spec.name().toLowerCase(Locale.ROOT)),
                Reply.integer(spec.arity()),
                Reply.array(spec.flags().stream().map(f -> (Reply) new Reply.Simple(f)).toList()),
                Reply.integer(spec.firstKey()),
                Reply.integer(spec.lastKey()),
                Reply.integer(spec.step()),
                Reply.array(List.of()),
                Reply.array(List.of()),
                Reply.array(List.of()),
                Reply.array(List.of())));
    }
}
