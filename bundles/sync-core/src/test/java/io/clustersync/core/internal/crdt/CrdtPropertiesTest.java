package io.clustersync.core.internal.crdt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each conflict-free type against random operations on three instances whose clocks drift apart, which hear of
 * each other's states in random order: merging is commutative, associative and idempotent, every interleaving
 * ends in one state, and that state is the type's rule (the highest stamp, the sum of every increment, adds
 * that no remove saw, the longest time to live).
 */
class CrdtPropertiesTest {

    private static final int INSTANCES = 3;
    private static final int SEEDS = 200;

    /** Three clocks, the second 40 ms ahead and the third 25 ms behind (a skew changes winners, not convergence). */
    private static HybridClock[] clocks(long[] wall) {
        long[] skew = {0, 40, -25};
        HybridClock[] out = new HybridClock[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) {
            int at = i;
            out[i] = new HybridClock(i + 1, () -> wall[0] + skew[at]);
        }
        return out;
    }

    /** Random gossip: one instance merges another's state into its own; then every state reaches every other. */
    private static <T> void gossip(List<T> states, BinaryOperator<T> merge, Random random, int rounds) {
        for (int r = 0; r < rounds; r++) {
            int from = random.nextInt(INSTANCES);
            int to = random.nextInt(INSTANCES);
            states.set(to, merge.apply(states.get(to), states.get(from)));
        }
    }

    private static <T> void settle(List<T> states, BinaryOperator<T> merge) {
        for (int pass = 0; pass < 2; pass++) {
            for (int from = 0; from < INSTANCES; from++) {
                for (int to = 0; to < INSTANCES; to++) {
                    states.set(to, merge.apply(states.get(to), states.get(from)));
                }
            }
        }
    }

    private static <T> void assertLaws(T a, T b, T c, BinaryOperator<T> merge, String seed) {
        assertEquals(merge.apply(a, b), merge.apply(b, a), "commutative, seed " + seed);
        assertEquals(merge.apply(merge.apply(a, b), c), merge.apply(a, merge.apply(b, c)), "associative, seed " + seed);
        assertEquals(a, merge.apply(a, a), "idempotent, seed " + seed);
    }

    @Test
    void stringsConvergeOnTheWriteWithTheHighestStamp() {
        BinaryOperator<LwwRegister> merge = LwwRegister::merge;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            long[] wall = {1_000_000};
            HybridClock[] clocks = clocks(wall);
            List<LwwRegister> states = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                states.add(new LwwRegister(new byte[0], Stamp.ZERO));
            }
            LwwRegister highest = states.get(0);
            for (int op = 0; op < 60; op++) {
                wall[0] += random.nextInt(3);
                int at = random.nextInt(INSTANCES);
                clocks[at].observe(states.get(at).stamp());
                LwwRegister written = new LwwRegister(("v" + seed + "." + op).getBytes(StandardCharsets.UTF_8), clocks[at].next());
                assertTrue(written.stamp().after(states.get(at).stamp()), "a write after another seen here wins over it");
                states.set(at, states.get(at).merge(written));
                highest = highest.merge(written);
                gossip(states, merge, random, 2);
            }
            assertLaws(states.get(0), states.get(1), states.get(2), merge, "" + seed);
            settle(states, merge);
            for (LwwRegister state : states) {
                assertEquals(highest, state, "seed " + seed);
            }
        }
    }

    @Test
    void countersConvergeOnTheSumOfEveryIncrement() {
        BinaryOperator<Counter> merge = Counter::merge;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            List<Counter> states = new ArrayList<>(List.of(new Counter(), new Counter(), new Counter()));
            long total = 0;
            for (int op = 0; op < 80; op++) {
                int at = random.nextInt(INSTANCES);
                long delta = random.nextInt(21) - 10;
                states.set(at, states.get(at).copy().add(at + 1, delta));
                total += delta;
                gossip(states, merge, random, 2);
            }
            assertLaws(states.get(0), states.get(1), states.get(2), merge, "" + seed);
            settle(states, merge);
            for (Counter state : states) {
                assertEquals(total, state.value(), "no increment lost or counted twice, seed " + seed);
            }
            assertEquals(states.get(0), states.get(1));
        }
    }

    @Test
    void setsKeepEveryAddNoRemoveSaw() {
        BinaryOperator<ObservedRemoveSet> merge = ObservedRemoveSet::merge;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            long[] wall = {5_000};
            HybridClock[] clocks = clocks(wall);
            List<ObservedRemoveSet> states = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                states.add(new ObservedRemoveSet());
            }
            List<Object[]> adds = new ArrayList<>();
            List<Object[]> removes = new ArrayList<>();
            for (int op = 0; op < 80; op++) {
                wall[0] += random.nextInt(2);
                int at = random.nextInt(INSTANCES);
                String member = "m" + random.nextInt(6);
                ObservedRemoveSet mine = states.get(at).copy();
                if (random.nextInt(3) == 0) {
                    removes.add(new Object[] {member, mine.remove(member, clocks[at].next())});
                } else {
                    Stamp stamp = clocks[at].next();
                    mine.add(member, stamp);
                    adds.add(new Object[] {member, stamp});
                }
                states.set(at, mine);
                gossip(states, merge, random, 2);
            }
            assertLaws(states.get(0), states.get(1), states.get(2), merge, "" + seed);
            settle(states, merge);
            Set<String> expected = new HashSet<>();
            for (ObservedRemoveSet state : states) {
                for (String member : state.members()) {
                    for (Stamp stamp : state.addsOf(member)) {
                        assertFalse(tookAway(removes, member, stamp), "an add a remove saw stays removed, seed " + seed);
                    }
                }
            }
            for (Object[] add : adds) {
                if (!tookAway(removes, (String) add[0], (Stamp) add[1])) {
                    expected.add((String) add[0]);
                }
            }
            for (ObservedRemoveSet state : states) {
                assertEquals(expected, state.members(), "adds no remove saw survive, seed " + seed);
            }
        }
    }

    /** Whether one of the removes of {@code item} (item, what it took away per instance) took away the write {@code stamp}. */
    @SuppressWarnings("unchecked")
    private static boolean tookAway(List<Object[]> removes, String item, Stamp stamp) {
        for (Object[] remove : removes) {
            Stamp floor = ((Map<Integer, Stamp>) remove[1]).get(stamp.instance());
            if (remove[0].equals(item) && floor != null && !stamp.after(floor)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aRemoveDoesNotTakeAnAddItDidNotSee() {
        ObservedRemoveSet east = new ObservedRemoveSet();
        ObservedRemoveSet west = new ObservedRemoveSet();
        east.add("cart:apple", new Stamp(10, 0, 1));
        west = west.merge(east);
        east.add("cart:apple", new Stamp(11, 0, 1));
        Map<Integer, Stamp> removed = west.remove("cart:apple", new Stamp(10, 1, 2));
        assertEquals(Map.of(1, new Stamp(10, 0, 1)), removed);
        ObservedRemoveSet converged = east.merge(west);
        assertTrue(converged.contains("cart:apple"), "the concurrent add wins over the remove");
        assertEquals(converged, west.merge(east));
        assertEquals(0, converged.collect(new Stamp(10, 0, 1)), "the add it took away is seen everywhere, the remove is not");
        assertEquals(1, converged.collect(new Stamp(10, 1, 2)), "a tombstone every instance saw is collected");
        assertEquals(0, converged.tombstones());
    }

    @Test
    void concurrentTimesToLiveKeepTheLongestAndALaterSettingReplacesWhatItSaw() {
        BinaryOperator<ExpiryRegister> merge = ExpiryRegister::merge;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            long[] wall = {30_000};
            HybridClock[] clocks = clocks(wall);
            List<ExpiryRegister> states = new ArrayList<>(List.of(new ExpiryRegister(), new ExpiryRegister(), new ExpiryRegister()));
            for (int op = 0; op < 40; op++) {
                wall[0] += random.nextInt(2);
                int at = random.nextInt(INSTANCES);
                long deadline = random.nextInt(6) == 0 ? ExpiryRegister.NEVER : 100_000 + random.nextInt(1000);
                states.set(at, states.get(at).copy().set(deadline, clocks[at].next()));
                gossip(states, merge, random, 2);
            }
            assertLaws(states.get(0), states.get(1), states.get(2), merge, "" + seed);
            settle(states, merge);
            for (ExpiryRegister state : states) {
                assertEquals(states.get(0).deadlineMs(), state.deadlineMs(), "seed " + seed);
            }
        }
        ExpiryRegister east = new ExpiryRegister().set(500, new Stamp(1, 0, 1));
        ExpiryRegister west = new ExpiryRegister().set(900, new Stamp(1, 0, 2));
        assertEquals(900, east.merge(west).deadlineMs(), "of concurrent settings the longest wins");
        ExpiryRegister persisted = new ExpiryRegister().set(ExpiryRegister.NEVER, new Stamp(2, 0, 3));
        assertEquals(ExpiryRegister.NEVER, east.merge(west).merge(persisted).deadlineMs(), "PERSIST wins over a deadline");
        ExpiryRegister later = east.merge(west).merge(persisted).copy().set(700, new Stamp(3, 0, 1));
        assertEquals(700, later.merge(east).merge(west).merge(persisted).deadlineMs(),
                "an EXPIRE made after seeing the others replaces them");
    }

    @Test
    void aClockBehindStillStampsAfterWhatItSaw() {
        long[] wall = {1000};
        HybridClock behind = new HybridClock(2, () -> wall[0] - 500);
        Stamp seen = new Stamp(1000, 3, 1);
        behind.observe(seen);
        Stamp next = behind.next();
        assertTrue(next.after(seen), next + " after " + seen);
        assertTrue(behind.next().after(next));
    }

    @Test
    void listsConvergeKeepingEveryInsertNoDeleteSawInOneOrder() {
        BinaryOperator<Sequence> merge = Sequence::merge;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            long[] wall = {9_000};
            HybridClock[] clocks = clocks(wall);
            List<Sequence> states = new ArrayList<>(List.of(new Sequence(), new Sequence(), new Sequence()));
            Set<Stamp> inserted = new HashSet<>();
            Set<Stamp> deleted = new HashSet<>();
            List<List<Stamp>> pushedAtTail = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
            for (int op = 0; op < 80; op++) {
                wall[0] += random.nextInt(2);
                int at = random.nextInt(INSTANCES);
                Sequence mine = states.get(at).copy();
                List<Stamp> live = mine.ids();
                int kind = random.nextInt(4);
                if (kind == 3 && !live.isEmpty()) {
                    Stamp victim = live.get(random.nextInt(live.size()));
                    mine.delete(victim, clocks[at].next());
                    deleted.add(victim);
                } else {
                    Stamp id = clocks[at].next();
                    Stamp after = kind == 0 ? Sequence.HEAD : kind == 1 || live.isEmpty() ? mine.tail()
                            : live.get(random.nextInt(live.size()));
                    mine.insert(id, after, ("e" + op).getBytes(StandardCharsets.UTF_8));
                    inserted.add(id);
                    if (kind == 1) {
                        pushedAtTail.get(at).add(id);
                    }
                }
                states.set(at, mine);
                gossip(states, merge, random, 2);
            }
            assertLaws(states.get(0), states.get(1), states.get(2), merge, "" + seed);
            settle(states, merge);
            List<Stamp> order = states.get(0).ids();
            for (Sequence state : states) {
                assertEquals(order, state.ids(), "one order on every instance, seed " + seed);
            }
            Set<Stamp> expected = new HashSet<>(inserted);
            expected.removeAll(deleted);
            assertEquals(expected, new HashSet<>(order), "every insert no delete saw, seed " + seed);
            for (List<Stamp> pushed : pushedAtTail) {
                List<Stamp> alive = pushed.stream().filter(order::contains).toList();
                List<Stamp> sorted = new ArrayList<>(alive);
                sorted.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
                assertEquals(alive, sorted, "an instance's appends keep their order, seed " + seed);
            }
        }
    }

    @Test
    void aListForgetsADeletedElementOnlyWhenNothingCanLandBetweenItsNeighbours() {
        byte[] v = "v".getBytes(StandardCharsets.UTF_8);
        Stamp e = new Stamp(1, 0, 1);
        Stamp y = new Stamp(3, 0, 2);
        Stamp c = new Stamp(5, 0, 1);
        // y went after HEAD concurrently with c after e; e deleted: y, c. Re-anchoring c after HEAD would show c, y
        Sequence list = new Sequence().insert(e, Sequence.HEAD, v).insert(y, Sequence.HEAD, v).insert(c, e, v);
        list.delete(e, new Stamp(6, 0, 1));
        assertEquals(List.of(y, c), list.ids());
        assertEquals(0, list.collect(new Stamp(10, 0, 3)), "a sibling between the element and its child: it stays");
        assertEquals(List.of(y, c), list.ids());

        // c is not yet seen everywhere: an insert after HEAD stamped between the stable point and c may still come
        Sequence kept = new Sequence().insert(e, Sequence.HEAD, v).insert(c, e, v);
        kept.delete(e, new Stamp(4, 0, 1));
        Sequence other = kept.copy();
        assertEquals(0, kept.collect(new Stamp(4, 5, 3)), "its child is above what every instance has applied");
        Stamp late = new Stamp(4, 9, 2);
        kept.insert(late, Sequence.HEAD, v);
        other.insert(late, Sequence.HEAD, v);
        assertEquals(other.ids(), kept.ids());

        // a queue: every element the child of the one before; popped and seen everywhere, they all go
        Sequence queue = new Sequence();
        Stamp previous = Sequence.HEAD;
        for (int i = 1; i <= 5; i++) {
            Stamp id = new Stamp(i, 0, 1);
            queue.insert(id, previous, v);
            previous = id;
        }
        queue.delete(new Stamp(1, 0, 1), new Stamp(7, 0, 2)).delete(new Stamp(2, 0, 1), new Stamp(7, 1, 2));
        assertEquals(2, queue.collect(new Stamp(8, 0, 1)));
        assertEquals(0, queue.tombstones());
        assertEquals(List.of(new Stamp(3, 0, 1), new Stamp(4, 0, 1), new Stamp(5, 0, 1)), queue.ids());
        assertEquals(0, queue.collect(new Stamp(8, 0, 1)), "nothing left to forget");
    }

    @Test
    void hashesKeepTheHighestWriteNoRemoveSawAndAddUpTheirCounts() {
        BinaryOperator<FieldMap> merge = FieldMap::merge;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            long[] wall = {20_000};
            HybridClock[] clocks = clocks(wall);
            List<FieldMap> states = new ArrayList<>(List.of(new FieldMap(), new FieldMap(), new FieldMap()));
            Map<String, Map<Stamp, String>> written = new HashMap<>();
            List<Object[]> removes = new ArrayList<>();
            long[] counted = new long[3];
            boolean removeCounts = seed % 2 == 0;
            Set<String> incremented = new HashSet<>();
            for (int op = 0; op < 80; op++) {
                wall[0] += random.nextInt(2);
                int at = random.nextInt(INSTANCES);
                FieldMap mine = states.get(at).copy();
                int kind = random.nextInt(5);
                clocks[at].observe(mine.highest()); // as a shard's clock observes every merge
                Stamp stamp = clocks[at].next();
                if (kind <= 1) {
                    String field = "s" + random.nextInt(4);
                    String value = String.valueOf(op);
                    removes.add(new Object[] {field, mine.standingWrites(field)}); // a write takes the place of those it saw
                    mine.set(field, value.getBytes(StandardCharsets.UTF_8), stamp);
                    written.computeIfAbsent(field, k -> new HashMap<>()).put(stamp, value);
                } else if (kind <= 3 && random.nextInt(8) == 0) {
                    String field = "s" + random.nextInt(4);
                    mine.increment(field, at + 1, 1, stamp);
                    incremented.add(field);
                } else if (kind <= 3) {
                    int field = random.nextInt(3);
                    long delta = random.nextInt(11) - 5;
                    mine.increment("c" + field, at + 1, delta, stamp);
                    counted[field] += delta;
                } else {
                    String field = removeCounts && random.nextBoolean() ? "c" + random.nextInt(3) : "s" + random.nextInt(4);
                    removes.add(new Object[] {field, mine.remove(field, stamp)});
                }
                states.set(at, mine);
                gossip(states, merge, random, 2);
            }
            assertLaws(states.get(0), states.get(1), states.get(2), merge, "" + seed);
            settle(states, merge);
            for (FieldMap state : states) {
                assertEquals(states.get(0), state, "one state everywhere, seed " + seed);
                for (int s = 0; s < 4; s++) {
                    String field = "s" + s;
                    if (incremented.contains(field)) {
                        continue;
                    }
                    String expected = written.getOrDefault(field, Map.of()).entrySet().stream()
                            .filter(w -> !tookAway(removes, field, w.getKey())).max(Map.Entry.comparingByKey())
                            .map(Map.Entry::getValue).orElse(null);
                    assertEquals(expected, state.value(field), field + ", seed " + seed);
                }
                if (!removeCounts) {
                    for (int c = 0; c < 3; c++) {
                        String value = state.value("c" + c);
                        assertEquals(value == null ? 0 : Long.parseLong(value), counted[c], "c" + c + " adds up, seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void aRemovedCountStartsAgainFromWhatItDidNotSee() {
        FieldMap east = new FieldMap().increment("visits", 1, 5, new Stamp(1, 0, 1));
        FieldMap west = new FieldMap().merge(east);
        east.increment("visits", 1, 2, new Stamp(2, 0, 1));
        west.remove("visits", new Stamp(2, 0, 2));
        FieldMap converged = west.merge(east);
        assertEquals("2", converged.value("visits"), "the increment the remove did not see survives it");
        assertEquals(converged, east.merge(west));
    }

    @Test
    void aWrittenNumberGoesOnCountingAndConcurrentIncrementsAddToIt() {
        FieldMap east = new FieldMap().increment("stock", 1, 3, new Stamp(1, 0, 1));
        FieldMap west = new FieldMap().merge(east);
        west.set("stock", "100".getBytes(StandardCharsets.UTF_8), new Stamp(2, 0, 2));
        east.increment("stock", 1, -4, new Stamp(2, 0, 1));
        west.increment("stock", 2, 1, new Stamp(3, 0, 2));
        FieldMap converged = east.merge(west);
        assertEquals(converged, west.merge(east));
        assertEquals("97", converged.value("stock"),
                "the write resets what it saw (+3); its own +1 and the concurrent -4 add to it");
        FieldMap text = converged.copy().set("stock", "none".getBytes(StandardCharsets.UTF_8), new Stamp(4, 0, 1));
        assertEquals("none", text.value("stock"));
    }

    @Test
    void sortedSetsConvergeOnMembersAndScoresInOneOrder() {
        BinaryOperator<ScoredSet> merge = ScoredSet::merge;
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            long[] wall = {40_000};
            HybridClock[] clocks = clocks(wall);
            List<ScoredSet> states = new ArrayList<>(List.of(new ScoredSet(), new ScoredSet(), new ScoredSet()));
            double[] increments = new double[5];
            boolean onlyIncrements = seed % 3 == 0;
            for (int op = 0; op < 80; op++) {
                wall[0] += random.nextInt(2);
                int at = random.nextInt(INSTANCES);
                ScoredSet mine = states.get(at).copy();
                int member = random.nextInt(5);
                int kind = onlyIncrements ? 1 : random.nextInt(4);
                Stamp stamp = clocks[at].next();
                if (kind == 0) {
                    mine.add("m" + member, random.nextInt(100), stamp);
                } else if (kind <= 2) {
                    double delta = (random.nextInt(200) - 100) / 4.0;
                    mine.increment("m" + member, at + 1, delta, stamp);
                    increments[member] += delta;
                } else {
                    mine.remove("m" + member, stamp);
                }
                states.set(at, mine);
                gossip(states, merge, random, 2);
            }
            assertLaws(states.get(0), states.get(1), states.get(2), merge, "" + seed);
            settle(states, merge);
            for (ScoredSet state : states) {
                assertEquals(states.get(0).range(), state.range(), "one order, seed " + seed);
                if (onlyIncrements) {
                    for (int m = 0; m < 5; m++) {
                        Double score = state.score("m" + m);
                        assertEquals(score == null ? 0.0 : score, increments[m], 1e-9, "ZINCRBYs add up, seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void aZaddSetsTheScoreAndLaterAndConcurrentIncrementsAddToIt() {
        ScoredSet east = new ScoredSet().increment("player", 1, 2.5, new Stamp(1, 0, 1));
        ScoredSet west = new ScoredSet().merge(east);
        west.add("player", 10, new Stamp(2, 0, 2)).increment("player", 2, 1, new Stamp(3, 0, 2));
        east.increment("player", 1, 0.25, new Stamp(2, 0, 1));
        ScoredSet removedEast = new ScoredSet().add("quitter", 1, new Stamp(1, 0, 1));
        ScoredSet converged = east.merge(west).merge(removedEast);
        assertEquals(11.25, converged.score("player"), 1e-12, "the ZADD (10) replaced what it saw (2.5); +1 and +0.25 add");
        assertEquals(List.of("quitter", "player"), converged.range());
        converged.remove("quitter", new Stamp(4, 0, 1));
        assertEquals(List.of("player"), converged.range());
    }

    @Test
    void tombstonesEveryInstanceSawAreCollectedAndNothingComesBack() {
        FieldMap east = new FieldMap().set("f", "1".getBytes(StandardCharsets.UTF_8), new Stamp(1, 0, 1));
        FieldMap west = new FieldMap().merge(east);
        west.remove("f", new Stamp(1, 1, 2));
        FieldMap converged = east.merge(west);
        assertFalse(converged.contains("f"));
        assertEquals(1, converged.tombstones());
        assertEquals(0, converged.collect(new Stamp(0, 5, 9)), "a tombstone above what everyone saw stays");
        assertEquals(0, converged.collect(new Stamp(1, 0, 1)), "the write it took away is seen everywhere, the remove is not");
        assertEquals(1, converged.collect(new Stamp(1, 1, 2)));
        assertEquals(0, converged.tombstones());
        assertFalse(converged.merge(west).contains("f"), "the remove still holds once its tombstone is gone");

        ExpiryRegister expiry = new ExpiryRegister().set(100, new Stamp(1, 0, 1)).set(200, new Stamp(2, 0, 1));
        assertEquals(1, expiry.tombstones(), "the replaced setting stays a floor");
        ExpiryRegister late = new ExpiryRegister().set(100, new Stamp(1, 0, 1));
        assertEquals(200, expiry.merge(late).deadlineMs(), "a late copy of a replaced setting stays replaced");
        assertEquals(1, expiry.collect(new Stamp(2, 0, 1)));
        assertEquals(200, expiry.deadlineMs());
    }
}
