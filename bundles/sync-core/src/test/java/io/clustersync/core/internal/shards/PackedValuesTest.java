package io.clustersync.core.internal.shards;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packed forms of lists, hashes and sorted sets against plain Java collections: seeded random operations
 * across the packed limits (entries, element sizes, node splits), every answer and the whole contents compared
 * after each step, and the encoding changing once, as Redis's does.
 */
class PackedValuesTest {

    private static byte[] element(Random random) {
        int kind = random.nextInt(20);
        int length = kind == 0 ? 60 + random.nextInt(10) : kind == 1 ? 200 + random.nextInt(20_000) : random.nextInt(12);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (kind > 1) {
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) ('a' + Math.floorMod(bytes[i], 4));
            }
        }
        return bytes;
    }

    @Test
    void aListAnswersAsAnArrayListThroughEveryOperation() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            ListValue list = new ListValue();
            List<byte[]> expected = new ArrayList<>();
            for (int step = 0; step < 1500; step++) {
                int op = random.nextInt(10);
                int size = expected.size();
                if (op <= 2) {
                    byte[] e = element(random);
                    list.addLast(e);
                    expected.add(e);
                } else if (op == 3) {
                    byte[] e = element(random);
                    list.addFirst(e);
                    expected.add(0, e);
                } else if (op == 4 && size > 0) {
                    assertArrayEquals(expected.remove(0), list.removeFirst());
                } else if (op == 5 && size > 0) {
                    assertArrayEquals(expected.remove(size - 1), list.removeLast());
                } else if (op == 6) {
                    int at = random.nextInt(size + 1);
                    byte[] e = element(random);
                    list.insert(at, e);
                    expected.add(at, e);
                } else if (op == 7 && size > 0) {
                    int at = random.nextInt(size);
                    list.remove(at);
                    expected.remove(at);
                } else if (op == 8 && size > 0) {
                    int at = random.nextInt(size);
                    byte[] e = element(random);
                    list.set(at, e);
                    expected.set(at, e);
                } else if (op == 9 && size > 2 && random.nextInt(20) == 0) {
                    int start = random.nextInt(size);
                    int end = start + random.nextInt(size - start);
                    list.keep(start, end);
                    expected = new ArrayList<>(expected.subList(start, end + 1));
                }
                assertEquals(expected.size(), list.size(), "seed " + seed + " step " + step);
                if (size > 0 && random.nextBoolean()) {
                    int at = random.nextInt(expected.size() == 0 ? 1 : expected.size());
                    if (!expected.isEmpty()) {
                        assertArrayEquals(expected.get(at), list.get(at), "seed " + seed + " step " + step + " index " + at);
                    }
                }
            }
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), list.get(i), "seed " + seed + " index " + i);
            }
            for (int probe = 0; probe < 20 && !expected.isEmpty(); probe++) {
                int from = random.nextInt(expected.size());
                int to = from + random.nextInt(expected.size() - from);
                List<byte[]> range = list.range(from, to);
                assertEquals(to - from + 1, range.size());
                for (int i = from; i <= to; i++) {
                    assertArrayEquals(expected.get(i), range.get(i - from), "range, seed " + seed + " index " + i);
                }
            }
            ListValue copy = list.copy();
            for (int i = expected.size() - 1; i >= 0; i--) {
                assertArrayEquals(expected.get(i), copy.get(i), "copy, seed " + seed + " index " + i);
            }
        }
    }

    @Test
    void aHashAnswersAsAHashMapAndBecomesATableOnce() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            HashValue hash = new HashValue();
            Map<String, String> expected = new HashMap<>();
            boolean wasTable = false;
            for (int step = 0; step < 600; step++) {
                String field = "f" + random.nextInt(random.nextInt(10) == 0 ? 400 : 60);
                Key key = new Key(field.getBytes(StandardCharsets.ISO_8859_1));
                if (random.nextInt(3) > 0) {
                    String value = new String(element(random), StandardCharsets.ISO_8859_1);
                    byte[] old = hash.put(key, value.getBytes(StandardCharsets.ISO_8859_1));
                    String was = expected.put(field, value);
                    assertEquals(was, old == null ? null : new String(old, StandardCharsets.ISO_8859_1));
                } else {
                    byte[] old = hash.remove(key);
                    String was = expected.remove(field);
                    assertEquals(was, old == null ? null : new String(old, StandardCharsets.ISO_8859_1));
                }
                if (random.nextInt(5) == 0) {
                    hash.trim();
                }
                assertEquals(expected.size(), hash.size());
                Map<String, String> seen = new HashMap<>();
                hash.forEach((k, v) -> seen.put(new String(k.bytes, StandardCharsets.ISO_8859_1), new String(v, StandardCharsets.ISO_8859_1)));
                assertEquals(expected, seen, "seed " + seed + " step " + step);
                if (wasTable) {
                    assertEquals("hashtable", hash.encoding(), "a table never packs again");
                }
                wasTable = hash.encoding().equals("hashtable");
            }
        }
    }

    @Test
    void aSortedSetAnswersAsATreeAndBecomesOneOnce() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            SortedSetValue zset = new SortedSetValue();
            Map<Key, Double> scores = new HashMap<>();
            TreeSet<SortedSetValue.Entry> ordered = new TreeSet<>();
            boolean wasTree = false;
            for (int step = 0; step < 600; step++) {
                byte[] name = random.nextInt(30) == 0 ? new byte[70] : ("m" + random.nextInt(random.nextInt(8) == 0 ? 300 : 90))
                        .getBytes(StandardCharsets.US_ASCII);
                if (name.length == 70) {
                    random.nextBytes(name);
                }
                Key member = new Key(name);
                if (random.nextInt(3) > 0) {
                    double score = random.nextInt(4) == 0 ? -0.0 : random.nextInt(20) - 10 + (random.nextBoolean() ? 0.5 : 0);
                    double stored = score == 0 ? 0.0 : score;
                    Double was = scores.put(member, stored);
                    if (was != null) {
                        ordered.remove(new SortedSetValue.Entry(was, member));
                    }
                    ordered.add(new SortedSetValue.Entry(stored, member));
                    assertEquals(was == null, zset.put(member, score));
                } else {
                    Double was = scores.remove(member);
                    if (was != null) {
                        ordered.remove(new SortedSetValue.Entry(was, member));
                    }
                    assertEquals(was != null, zset.remove(member));
                }
                assertEquals(scores.size(), zset.size());
                assertEquals(new ArrayList<>(ordered), new ArrayList<>(zset.entries()), "seed " + seed + " step " + step);
                List<SortedSetValue.Entry> descending = new ArrayList<>();
                zset.iterator(true).forEachRemaining(descending::add);
                assertEquals(new ArrayList<>(ordered.descendingSet()), descending);
                assertEquals(scores.get(member), zset.score(member));
                assertEquals(scores.containsKey(member) ? ordered.headSet(new SortedSetValue.Entry(scores.get(member), member)).size() : -1,
                        zset.rank(member));
                if (!ordered.isEmpty()) {
                    assertEquals(ordered.first(), zset.first());
                    assertEquals(ordered.last(), zset.last());
                }
                if (wasTree) {
                    assertEquals("skiplist", zset.encoding(), "a tree never packs again");
                }
                wasTree = zset.encoding().equals("skiplist");
            }
            assertEquals(new ArrayList<>(zset.entries()), new ArrayList<>(zset.copy().entries()));
        }
    }
    @Test
    void aSetAnswersAsAHashSetAndBecomesOneOnce() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            SetValue set = new SetValue();
            Set<Key> expected = new HashSet<>();
            for (int step = 0; step < 600; step++) {
                byte[] name = random.nextInt(40) == 0 ? new byte[65 + random.nextInt(5)]
                        : ("m" + random.nextInt(random.nextInt(8) == 0 ? 300 : 100)).getBytes(StandardCharsets.US_ASCII);
                Key member = new Key(name);
                int op = random.nextInt(4);
                if (op <= 1) {
                    assertEquals(expected.add(member), set.add(member));
                } else if (op == 2) {
                    assertEquals(expected.remove(member), set.remove(member));
                } else if (!expected.isEmpty()) {
                    // removal while walking, as SPOP's picks and STORE forms do not, but a caller may
                    Iterator<Key> walk = set.iterator();
                    Key first = walk.next();
                    walk.remove();
                    assertEquals(true, expected.remove(first));
                }
                if (random.nextInt(5) == 0) {
                    set.trim();
                }
                assertEquals(expected.size(), set.size());
                assertEquals(expected.contains(member), set.contains(member));
                assertEquals(expected, new HashSet<>(set), "seed " + seed + " step " + step);
            }
            assertEquals(expected, new HashSet<>(set.copy()));
        }
    }
}
