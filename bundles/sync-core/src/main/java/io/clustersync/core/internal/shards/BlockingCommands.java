package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX and BZMPOP. Each has a non-blocking half
 * ({@link #attempt}): the pop it makes when data is there, recorded as that pop. When nothing is there the shard
 * parks the client in its {@link BlockedClients} until a write makes one of its keys ready or its timeout passes.
 * Run inside a transaction or a script (and by a replica), a blocking command does not block: it answers as on a
 * timeout, as in Redis.
 */
final class BlockingCommands {

    private BlockingCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        for (String name : List.of("BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP")) {
            commands.put(name, (s, a, now) -> {
                timeoutMs(a, now);
                Reply reply = attempt(s, a, now);
                return reply != null ? reply : timedOut(a);
            });
        }
    }

    static boolean isBlocking(byte[] name) {
        if (name.length < 5 || (name[0] != 'B' && name[0] != 'b')) {
            return false;
        }
        return switch (Arguments.text(name).toUpperCase(Locale.ROOT)) {
            case "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP" -> true;
            default -> false;
        };
    }

    /** Where the timeout is: last for BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN/MAX; first for BLMPOP and BZMPOP. */
    private static int timeoutAt(byte[][] args) {
        String name = Arguments.text(args[0]).toUpperCase(Locale.ROOT);
        return name.equals("BLMPOP") || name.equals("BZMPOP") ? 1 : args.length - 1;
    }

    /** The deadline in epoch ms (0: wait forever), read as Redis reads a timeout in seconds; refused like Redis. */
    static long timeoutMs(byte[][] args, long now) {
        byte[] text = args[timeoutAt(args)];
        BigDecimal seconds = Floats.parseLongDouble(text);
        if (seconds == null) {
            throw new Arguments.Refused("ERR timeout is not a float or out of range");
        }
        BigDecimal ms = seconds.multiply(BigDecimal.valueOf(1000));
        if (ms.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || ms.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            throw new Arguments.Refused("ERR timeout is out of range");
        }
        long value = ms.longValue();
        if (value < 0) {
            throw new Arguments.Refused("ERR timeout is negative");
        }
        if (value > 0 && value > Long.MAX_VALUE - now) {
            throw new Arguments.Refused("ERR timeout is out of range");
        }
        return value == 0 ? 0 : value + now;
    }

    /** The keys the command waits on. */
    static List<byte[]> keys(byte[][] args) {
        String name = Arguments.text(args[0]).toUpperCase(Locale.ROOT);
        return switch (name) {
            case "BLMOVE", "BRPOPLPUSH" -> List.of(args[1]);
            case "BLMPOP" -> MultiPop.parse(args, 2, "LEFT", "RIGHT").keys();
            case "BZMPOP" -> MultiPop.parse(args, 2, "MIN", "MAX").keys();
            default -> Arrays.asList(args).subList(1, args.length - 1);
        };
    }

    /** The pop the command makes now, or null when every key it waits on is empty (it would block). */
    static Reply attempt(ShardStore store, byte[][] args, long now) {
        String name = Arguments.text(args[0]).toUpperCase(Locale.ROOT);
        switch (name) {
            case "BLPOP", "BRPOP" -> {
                for (int i = 1; i < args.length - 1; i++) {
                    ListValue list = ListCommands.read(store, args[i], now);
                    if (list != null) {
                        List<Reply> popped = ListCommands.popElements(store, args[i], list, name.equals("BLPOP"), 1);
                        return Reply.array(List.of(new Reply.Bulk(args[i]), popped.get(0)));
                    }
                }
                return null;
            }
            case "BLMOVE", "BRPOPLPUSH" -> {
                boolean brpoplpush = name.equals("BRPOPLPUSH");
                boolean fromLeft = !brpoplpush && ListCommands.side(args[3]);
                boolean toLeft = brpoplpush || ListCommands.side(args[4]);
                if (ListCommands.read(store, args[1], now) == null) {
                    return null;
                }
                return ListCommands.move(store, args[1], args[2], fromLeft, toLeft, now);
            }
            case "BLMPOP" -> {
                Reply reply = ListCommands.lmpop(store, args, 2, now);
                return reply == Reply.NIL_ARRAY ? null : reply;
            }
            case "BZMPOP" -> {
                Reply reply = SortedSetCommands.zmpop(store, args, 2, now);
                return reply == Reply.NIL_ARRAY ? null : reply;
            }
            default -> {
                for (int i = 1; i < args.length - 1; i++) {
                    SortedSetValue zset = SortedSetCommands.read(store, args[i], now);
                    if (zset != null) {
                        List<Reply> popped = SortedSetCommands.popEntries(store, args[i], zset, name.equals("BZPOPMIN"), 1);
                        return Reply.array(List.of(new Reply.Bulk(args[i]), popped.get(0), popped.get(1)));
                    }
                }
                return null;
            }
        }
    }

    /** What the command answers when its timeout passes: the nil bulk for the moves, the nil array otherwise. */
    static Reply timedOut(byte[][] args) {
        String name = Arguments.text(args[0]).toUpperCase(Locale.ROOT);
        return name.equals("BLMOVE") || name.equals("BRPOPLPUSH") ? Reply.NIL : Reply.NIL_ARRAY;
    }
}
