package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ | HELP. The values are not kept in Redis's encodings; ENCODING names
 * the one Redis 7.0 would use for the same value by its default thresholds (so that tools reading it see what they
 * expect), REFCOUNT is Redis's (shared small integers have the largest count), IDLETIME is not tracked (0).
 */
final class ObjectCommand {

    private static final int LISTPACK_ENTRIES = 128;
    private static final int LISTPACK_VALUE_BYTES = 64;
    private static final int INTSET_ENTRIES = 512;
    private static final int EMBSTR_BYTES = 44;
    private static final int SHARED_INTEGERS = 10_000;

    private ObjectCommand() {
    }

    static Reply run(ShardStore store, byte[][] args, long now) {
        String sub = Arguments.text(args[1]).toUpperCase(Locale.ROOT);
        if (sub.equals("HELP") && args.length == 2) {
            List<Reply> lines = new ArrayList<>();
            for (String line : new String[] {"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "ENCODING <key>", "    Return the kind of internal representation used in order to store the value",
                    "    associated with a <key>.", "FREQ <key>",
                    "    Return the access frequency index of the <key>. The returned integer is",
                    "    proportional to the logarithm of the recent access frequency of the key.", "IDLETIME <key>",
                    "    Return the idle time of the <key>, that is the approximated number of", "    seconds elapsed since the last access to the key.",
                    "REFCOUNT <key>", "    Return the number of references of the value associated with the specified", "    <key>.",
                    "HELP", "    Print this help."}) {
                lines.add(new Reply.Simple(line));
            }
            return Reply.array(lines);
        }
        if (args.length != 3 || !List.of("ENCODING", "REFCOUNT", "IDLETIME", "FREQ").contains(sub)) {
            return Reply.error("ERR unknown subcommand or wrong number of arguments for '" + Arguments.text(args[1])
                    + "'. Try OBJECT HELP.");
        }
        Object value = store.lookup(new Key(args[2]), now);
        if (value == null) {
            return Reply.NIL;
        }
        return switch (sub) {
            case "ENCODING" -> Reply.bulk(encoding(value));
            case "REFCOUNT" -> Reply.integer(sharedInteger(value) ? Integer.MAX_VALUE : 1);
            case "IDLETIME" -> Reply.ZERO;
            default -> Reply.error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note"
                    + " that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        };
    }

    private static boolean sharedInteger(Object value) {
        Long number = integerValue(value);
        return number != null && number >= 0 && number < SHARED_INTEGERS;
    }

    private static Long integerValue(Object value) {
        if (!(value instanceof byte[] string) || string.length == 0 || string.length > 20) {
            return null;
        }
        try {
            long number = Arguments.integer(string);
            return Arrays.equals(Arguments.bytes(number), string) ? number : null;
        } catch (Arguments.Refused e) {
            return null;
        }
    }

    static String encoding(Object value) {
        if (value instanceof byte[] string) {
            return integerValue(value) != null ? "int" : string.length <= EMBSTR_BYTES ? "embstr" : "raw";
        }
        if (value instanceof ListValue) {
            return "quicklist";
        }
        if (value instanceof SetValue set) {
            boolean integers = set.size() <= INTSET_ENTRIES && set.stream().allMatch(m -> integerValue(m.bytes) != null);
            return integers ? "intset" : "hashtable";
        }
        if (value instanceof HashValue hash) {
            return hash.encoding();
        }
        return ((SortedSetValue) value).encoding();
    }
}
