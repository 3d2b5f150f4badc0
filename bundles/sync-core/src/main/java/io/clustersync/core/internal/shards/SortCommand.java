package io.clustersync.core.internal.shards;

import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * SORT and SORT_RO, as Redis 7.0's {@code sortGenericCommand}: BY and GET patterns ({@code *} replaced by the
 * element, {@code ->field} for a hash field, {@code #} for the element), numeric or ALPHA order with ties broken by
 * the elements' bytes, LIMIT, STORE. As in Redis Cluster, a pattern must name keys of the sorted key's slot.
 */
final class SortCommand {

    private SortCommand() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("SORT", (s, a, now) -> sort(s, a, now, false));
        commands.put("SORT_RO", (s, a, now) -> sort(s, a, now, true));
    }

    private record Item(byte[] element, double score, byte[] by) {
    }

    private static Reply sort(ShardStore store, byte[][] args, long now, boolean readOnly) {
        boolean desc = false;
        boolean alpha = false;
        long start = 0;
        long count = -1;
        byte[] by = null;
        boolean dontSort = false;
        byte[] destination = null;
        List<byte[]> gets = new ArrayList<>();
        int slot = HashSlot.of(args[1]);
        for (int j = 2; j < args.length; j++) {
            int left = args.length - j - 1;
            if (is(args[j], "ASC")) {
                desc = false;
            } else if (is(args[j], "DESC")) {
                desc = true;
            } else if (is(args[j], "ALPHA")) {
                alpha = true;
            } else if (is(args[j], "LIMIT") && left >= 2) {
                start = integer(args[j + 1]);
                count = integer(args[j + 2]);
                j += 2;
            } else if (is(args[j], "STORE") && left >= 1 && !readOnly) {
                destination = args[++j];
            } else if (is(args[j], "BY") && left >= 1) {
                by = args[++j];
                if (indexOf(by, (byte) '*') < 0) {
                    dontSort = true;
                } else if (HashSlot.of(keyPart(by)) != slot) {
                    return Reply.error("ERR BY option of SORT denied in Cluster mode when keys in different slots.");
                }
            } else if (is(args[j], "GET") && left >= 1) {
                byte[] pattern = args[++j];
                if (!Arrays.equals(pattern, new byte[] {'#'}) && indexOf(pattern, (byte) '*') >= 0 && HashSlot.of(keyPart(pattern)) != slot) {
                    return Reply.error("ERR GET option of SORT denied in Cluster mode when keys in different slots.");
                }
                gets.add(pattern);
            } else {
                return Reply.SYNTAX;
            }
        }
        if (destination != null && HashSlot.of(destination) != slot) {
            return Reply.error("CROSSSLOT Keys in request don't hash to the same slot");
        }
        Object value = store.lookup(new Key(args[1]), now);
        List<byte[]> elements = new ArrayList<>();
        if (value instanceof ListValue list) {
            for (int i = 0; i < list.size(); i++) {
                elements.add(list.get(i));
            }
        } else if (value instanceof SetValue) {
            Values.set(value).forEach(member -> elements.add(member.bytes));
            if (dontSort && (destination != null)) {
                dontSort = false; // a set's order is chance: sorted when it is stored, as Redis does
                alpha = true;
                by = null;
            }
        } else if (value instanceof SortedSetValue zset) {
            zset.entries().forEach(entry -> elements.add(entry.member().bytes));
        } else if (value != null) {
            return Reply.WRONGTYPE;
        }
        List<Item> items = new ArrayList<>(elements.size());
        for (byte[] element : elements) {
            if (dontSort) {
                items.add(new Item(element, 0, null));
                continue;
            }
            byte[] weight = by == null ? element : lookup(store, by, element, now);
            double score = 0;
            if (!alpha && weight != null) {
                score = Floats.parseLenient(weight);
                if (Double.isNaN(score)) {
                    return Reply.error("ERR One or more scores can't be converted into double");
                }
            }
            items.add(new Item(element, score, weight));
        }
        if (!dontSort) {
            boolean byAlpha = alpha;
            items.sort((a, b) -> {
                int c;
                if (byAlpha) {
                    c = a.by == null ? (b.by == null ? 0 : -1) : b.by == null ? 1 : Arrays.compareUnsigned(a.by, b.by);
                } else {
                    c = Double.compare(a.score, b.score) == 0 || a.score == b.score ? 0 : a.score < b.score ? -1 : 1;
                }
                return c != 0 ? c : Arrays.compareUnsigned(a.element, b.element);
            });
            if (desc) {
                Collections.reverse(items);
            }
        } else if (desc && value instanceof SortedSetValue) {
            Collections.reverse(items);
        }
        int size = items.size();
        if (start < 0) {
            start = 0;
        }
        if (count < 0) {
            count = size;
        }
        int from = (int) Math.min(start, size);
        int to = (int) Math.min(size, from + Math.min(count, size));
        List<byte[]> out = new ArrayList<>();
        for (Item item : items.subList(from, to)) {
            if (gets.isEmpty()) {
                out.add(item.element);
            }
            for (byte[] pattern : gets) {
                out.add(lookup(store, pattern, item.element, now));
            }
        }
        if (destination == null) {
            List<Reply> replies = new ArrayList<>(out.size());
            out.forEach(bytes -> replies.add(new Reply.Bulk(bytes)));
            return Reply.array(replies);
        }
        ListValue list = new ListValue();
        out.forEach(element -> list.addLast(element == null ? new byte[0] : element));
        store.store(new Key(destination), list.isEmpty() ? null : list, now, KeyspaceEventClasses.LIST, "sortstore");
        return Reply.integer(out.size());
    }

    /** The key part of a pattern (before any {@code ->}), for its hash slot. */
    private static byte[] keyPart(byte[] pattern) {
        int arrow = indexOf(pattern, "->".getBytes());
        return arrow > 0 ? Arrays.copyOf(pattern, arrow) : pattern;
    }

    /** Redis's lookupKeyByPattern: the element itself for '#', else the string or hash field the pattern names. */
    private static byte[] lookup(ShardStore store, byte[] pattern, byte[] element, long now) {
        if (pattern.length == 1 && pattern[0] == '#') {
            return element;
        }
        int star = indexOf(pattern, (byte) '*');
        if (star < 0) {
            return null;
        }
        int arrow = indexOf(pattern, "->".getBytes());
        byte[] field = null;
        int keyEnd = pattern.length;
        if (arrow > star && arrow + 2 < pattern.length) {
            field = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            keyEnd = arrow;
        }
        byte[] key = new byte[keyEnd - 1 + element.length];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
        Object value;
        try {
            value = store.lookup(new Key(key), now);
        } catch (Keyspace.WrongSlotException otherShard) {
            return null;
        }
        if (field != null) {
            return value instanceof HashValue hash ? hash.get(new Key(field)) : null;
        }
        return value instanceof byte[] string ? string : null;
    }

    private static int indexOf(byte[] text, byte b) {
        for (int i = 0; i < text.length; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] text, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= text.length; i++) {
            for (int k = 0; k < part.length; k++) {
                if (text[i + k] != part[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
