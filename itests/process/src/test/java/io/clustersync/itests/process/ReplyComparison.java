package io.clustersync.itests.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * When two replies to the same command agree: equal as {@link RespClient} reads them, after putting in one order
 * what Redis itself does not order (the members of a set, the fields of a hash, the keys of KEYS), and allowing
 * the clock to have moved between the two servers for the time-to-live commands.
 */
final class ReplyComparison {

    private static final Set<String> UNORDERED = Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF", "HKEYS", "HVALS", "KEYS", "SPOP");
    private static final Set<String> UNORDERED_PAIRS = Set.of("HGETALL");
    private static final Set<String> SECONDS = Set.of("TTL", "EXPIRETIME");
    private static final Set<String> MILLISECONDS = Set.of("PTTL", "PEXPIRETIME");

    private ReplyComparison() {
    }

    static boolean agree(List<String> command, Object redis, Object proxy) {
        String name = command.get(0).toUpperCase(Locale.ROOT);
        if (redis instanceof Long a && proxy instanceof Long b && a >= 0 && b >= 0) {
            if (SECONDS.contains(name)) {
                return Math.abs(a - b) <= 2;
            }
            if (MILLISECONDS.contains(name)) {
                return Math.abs(a - b) <= 2000;
            }
        }
        if (name.equals("OBJECT") && command.size() > 1 && command.get(1).equalsIgnoreCase("ENCODING")) {
            // the shard stores keep no Redis encodings: OBJECT ENCODING names one Redis would use for the value by its
            // default thresholds, not the one-way conversions Redis made on the way (a set that once grew, a sorted
            // set SORT touched, a string APPEND changed); the README names this limit
            return Objects.equals(family(redis), family(proxy));
        }
        if ((name.equals("SORT") || name.equals("SORT_RO")) && unsortedBy(command)) {
            return Objects.equals(normalize("SMEMBERS", redis), normalize("SMEMBERS", proxy));
        }
        return Objects.equals(normalize(name, redis), normalize(name, proxy));
    }

    /** The type an encoding belongs to. */
    private static Object family(Object encoding) {
        return switch (String.valueOf(encoding)) {
            case "int", "embstr", "raw" -> "string";
            case "quicklist", "listpack", "ziplist", "intset", "hashtable", "skiplist" -> "collection";
            default -> encoding;
        };
    }

    /**
     * SORT orders that Redis leaves to chance: BY without '*' does not sort (a set's members come in its hash
     * table's order), and ALPHA BY gives elements with equal or missing weights no order among themselves.
     */
    private static boolean unsortedBy(List<String> command) {
        boolean alpha = command.stream().anyMatch(word -> word.equalsIgnoreCase("ALPHA"));
        for (int i = 2; i + 1 < command.size(); i++) {
            if (command.get(i).equalsIgnoreCase("BY") && (alpha || !command.get(i + 1).contains("*"))) {
                return true;
            }
        }
        return false;
    }

    /** EXEC's replies, each compared as the reply of the command queued in its place. */
    static boolean agreeInTransaction(List<List<String>> queued, Object redis, Object proxy) {
        if (!(redis instanceof List<?> expected) || !(proxy instanceof List<?> actual) || expected.size() != queued.size()) {
            return Objects.equals(redis, proxy);
        }
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < queued.size(); i++) {
            if (!agree(queued.get(i), expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    static Object normalize(String name, Object reply) {
        if (!(reply instanceof List<?> items)) {
            return reply;
        }
        if (UNORDERED.contains(name)) {
            List<String> sorted = new ArrayList<>();
            items.forEach(item -> sorted.add(String.valueOf(item)));
            sorted.sort(null);
            return sorted;
        }
        if (UNORDERED_PAIRS.contains(name)) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                pairs.add(items.get(i) + "=" + items.get(i + 1));
            }
            pairs.sort(null);
            return pairs;
        }
        return reply;
    }

    /** A reply as a reader wants to see it in a failure message. */
    static String show(Object reply) {
        if (reply == null) {
            return "(nil)";
        }
        if (reply instanceof String text) {
            return text.startsWith("+") || text.startsWith("-") ? text : '"' + text + '"';
        }
        if (reply instanceof List<?> items) {
            List<String> shown = new ArrayList<>();
            items.forEach(item -> shown.add(show(item)));
            return shown.toString();
        }
        return String.valueOf(reply);
    }
}
