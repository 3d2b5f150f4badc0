package io.clustersync.core.internal.shards;

import io.clustersync.core.api.GlobPattern;
import io.clustersync.core.api.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * SSCAN, HSCAN and ZSCAN: {@code key cursor [MATCH pattern] [COUNT count]} over the elements of one value. The
 * cursor is a position in the order of the elements' hashes (as Redis's cursor is one in its hash table), so an
 * element present from the first call to the last is returned at least once however the value changes between
 * calls; COUNT is a hint, elements of one hash are returned together, and 0 ends the walk.
 */
final class CollectionScan {

    private CollectionScan() {
    }

    /** The cursor of a SCAN-family command, as Redis reads it (an unsigned number), or -1 when it is not one. */
    static long cursor(byte[] arg) {
        if (arg.length == 0 || arg.length > 20) {
            return -1;
        }
        for (byte b : arg) {
            if (b < '0' || b > '9') {
                return -1;
            }
        }
        try {
            return Long.parseUnsignedLong(new String(arg, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Walks {@code elements} (of any kind: keys, fields, entries) from the cursor in {@code args[2]}; {@code reply}
     * turns an element into its words. Options from {@code args[3]}.
     */
    static <E> Reply scan(byte[][] args, Collection<E> elements, Function<E, List<Reply>> reply) {
        long cursor = cursor(args[2]);
        if (cursor < 0) {
            return Reply.error("ERR invalid cursor");
        }
        if (elements.isEmpty()) {
            return Reply.array(List.of(Reply.bulk("0"), Reply.array(List.of())));
        }
        byte[] pattern = null;
        long count = 10;
        for (int i = 3; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                return Reply.SYNTAX;
            }
            if (is(args[i], "COUNT")) {
                count = integer(args[i + 1]);
                if (count < 1) {
                    return Reply.SYNTAX;
                }
            } else if (is(args[i], "MATCH")) {
                pattern = args[i + 1];
            } else {
                return Reply.SYNTAX;
            }
        }
        List<E> ordered = new ArrayList<>(elements.size());
        for (E element : elements) {
            if (position(element) >= cursor) {
                ordered.add(element);
            }
        }
        ordered.sort(Comparator.comparingLong(CollectionScan::position));
        List<Reply> out = new ArrayList<>();
        long next = 0;
        int taken = 0;
        for (int i = 0; i < ordered.size(); i++) {
            E element = ordered.get(i);
            long position = position(element);
            if (taken >= count && position != position(ordered.get(i - 1))) {
                next = position;
                break;
            }
            taken++;
            if (pattern == null || GlobPattern.matches(pattern, name(element))) {
                out.addAll(reply.apply(element));
            }
        }
        return Reply.array(List.of(Reply.bulk(Long.toUnsignedString(next)), Reply.array(out)));
    }

    private static byte[] name(Object element) {
        if (element instanceof Key key) {
            return key.bytes;
        }
        if (element instanceof SortedSetValue.Entry entry) {
            return entry.member().bytes;
        }
        @SuppressWarnings("unchecked")
        Map.Entry<Key, byte[]> field = (Map.Entry<Key, byte[]>) element;
        return field.getKey().bytes;
    }

    /** 1 + the element's hash as an unsigned number: never 0, the cursor that starts a walk. */
    private static long position(Object element) {
        return 1 + Integer.toUnsignedLong(Arrays.hashCode(name(element)));
    }
}
