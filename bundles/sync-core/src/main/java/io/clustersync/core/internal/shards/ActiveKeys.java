package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import io.clustersync.core.internal.crdt.CrdtKey;
import io.clustersync.core.internal.crdt.ExpiryRegister;
import io.clustersync.core.internal.crdt.HybridClock;
import io.clustersync.core.internal.crdt.Sequence;
import io.clustersync.core.internal.crdt.Stamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The Active-Active side of one shard store: every key's {@link CrdtKey}, the shard's hybrid clock, and the
 * translation of this instance's writes into deltas.
 *
 * <p>A command runs on the shard's Redis values as in any database, and records its write in normalized form;
 * here that write becomes one {@code CRDT.MERGE <key> <delta>} per key it changed (the delta stamped by this
 * instance's clock), which is merged into the key's state and recorded instead: to the log, the backlog and the
 * streams the other instances pull. A delta pulled from another instance is merged the same way and the key's
 * Redis value made again from its state, but it is written to the log only: an instance streams its own writes
 * and never echoes another's. Merging is commutative, associative and idempotent, so a delta applied twice, late
 * or out of order (a full resync sends whole states) changes nothing more.
 */
final class ActiveKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveKeys.class);
    static final byte[] MERGE = ShardStore.bytes("CRDT.MERGE");
    /** A clock offset for tests of clock skew (milliseconds added to this node's wall clock); 0 otherwise. */
    static final String CLOCK_OFFSET_PROPERTY = "clustersync.test.clock_offset_ms";


    private final int instance;
    private final HybridClock clock;
    private final Map<Key, CrdtKey> keys = new HashMap<>();
    /** How far every instance has applied the others' writes to this shard's slots. */
    private final Stability stability;
    /** The keys that keep tombstones, with how many: the pending count is kept as they change, never walked. */
    private final Map<Key, Integer> tombstonesByKey = new HashMap<>();
    private long pending;
    /**
     * The keys to look at again, each with the highest stamp of the change that gave it tombstones, in the order
     * they came (about the order of their stamps): {@link #collect} takes from the head what every instance has
     * seen, so its work is what it forgets, not what is kept.
     */
    private final ArrayDeque<Object[]> toCollect = new ArrayDeque<>();
    private long collected;
    /** The increment the command running now is about to record as a SET or HSET: key, field (or null), amount. */
    private byte[] countedKey;
    private byte[] countedField;
    private Number countedBy;
    private long merged;

    ActiveKeys(int instance, int firstSlot, int lastSlot) {
        this.instance = instance;
        long offset = Long.getLong(CLOCK_OFFSET_PROPERTY, 0L);
        this.clock = new HybridClock(instance, () -> System.currentTimeMillis() + offset);
        this.stability = new Stability(instance, firstSlot, lastSlot);
    }

    /** The instances of the database (this one included), as the model has them now. */
    void instances(Set<Integer> ids) {
        stability.instances(ids);
    }

    /** Every second: records this shard's {@code CRDT.SEEN} (see {@link Stability}) with {@code recorder}. */
    void tick(ShardStore store, BiConsumer<ShardStore, byte[][]> recorder) {
        recorder.accept(store, stability.record(clock.next()));
    }

    /**
     * Forgets the tombstones every instance has seen, looking at no more than {@code budget} keys (the shard is
     * held meanwhile; what is left waits for the next call), and the keys left with nothing. Answers how many
     * keys it looked at.
     */
    int collect(int budget) {
        if (toCollect.isEmpty()) {
            return 0;
        }
        Stamp stable = stability.stable(clock.next());
        int looked = 0;
        while (looked < budget && !toCollect.isEmpty() && !((Stamp) toCollect.peekFirst()[1]).after(stable)) {
            Key key = (Key) toCollect.pollFirst()[0];
            looked++;
            CrdtKey state = keys.get(key);
            if (state == null) {
                continue;
            }
            collected += state.collect(stable);
            if (state.isEmpty()) {
                keys.remove(key);
            }
            noteTombstones(key, state.isEmpty() ? null : state);
        }
        return looked;
    }

    /** Keeps the pending count as the key's tombstones change; a key that gained some is looked at again later. */
    private void noteTombstones(Key key, CrdtKey state) {
        int now = state == null ? 0 : state.tombstones();
        Integer was = now > 0 ? tombstonesByKey.put(key, now) : tombstonesByKey.remove(key);
        pending += now - (was == null ? 0 : was);
    }

    private void changed(byte[] key, CrdtKey delta) {
        if (delta.tombstones() > 0) {
            Key k = new Key(key);
            toCollect.addLast(new Object[] {k, delta.highest()});
            noteTombstones(k, keys.get(k));
        }
    }

    /** {@code CRDT.SEEN} from another instance's stream (or this shard's own, its log replayed). */
    Reply seen(byte[][] args) {
        Stamp tick = stability.take(args);
        if (tick != null) {
            clock.observe(tick);
        }
        return Reply.OK;
    }

    /** The wall-clock ms up to which {@code peer} has applied every write to this shard's slots (0 when unknown). */
    long peerAppliedMillis(int peer) {
        return stability.appliedMillis(peer);
    }

    /** The stamp up to which every instance has applied every write to this shard's slots (ZERO when unknown). */
    Stamp stable() {
        return stability.stable(clock.next());
    }

    int instance() {
        return instance;
    }

    /**
     * Refuses, before it runs, a command this database does not take from clients: FLUSHDB and FLUSHALL (an
     * Active-Active database is flushed in every instance at once, by {@code crdb flush}). Null when it may run.
     */
    static Reply refusal(String upperCaseName, ShardStore store) {
        String db = "Active-Active database db:" + store.shard().databaseId();
        if (upperCaseName.equals("FLUSHDB") || upperCaseName.equals("FLUSHALL")) {
            return Reply.error("ERR " + upperCaseName + " is not allowed on " + db
                    + ": flush every instance at once with clustersync-admin crdb flush <db>");
        }
        return null;
    }

    /** The command running now increments {@code key} (the {@code field} of a hash, or null) by {@code by}. */
    void counting(byte[] key, byte[] field, Number by) {
        countedKey = key;
        countedField = field;
        countedBy = by;
    }

    private Number takeCount(byte[] key, byte[] field) {
        Number by = countedBy;
        boolean match = by != null && Arrays.equals(countedKey, key)
                && (field == null ? countedField == null : Arrays.equals(countedField, field));
        countedKey = null;
        countedField = null;
        countedBy = null;
        return match ? by : null;
    }

    /**
     * Translates one normalized write of this instance into merges, applies them to the keys' states and hands
     * each {@code CRDT.MERGE} write to {@code recorder}. Keys whose Redis value could differ from their merged
     * state (a counter's sum, a float's digits) are made again from it.
     */
    void recordLocal(ShardStore store, byte[][] write, BiConsumer<ShardStore, byte[][]> recorder) {
        List<Object[]> deltas = new ArrayList<>(2);
        if (!translate(store, write, deltas)) {
            return;
        }
        for (Object[] delta : merged(deltas)) {
            CrdtKey change = (CrdtKey) delta[1];
            changed((byte[]) delta[0], change);
            recorder.accept(store, new byte[][] {MERGE, (byte[]) delta[0], change.encode()});
        }
    }

    /** The deltas one normalized write makes, added to {@code deltas}; false for a write with no rule. */
    private boolean translate(ShardStore store, byte[][] write, List<Object[]> deltas) {
        String name = new String(write[0], StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        switch (name) {
            case "SET" -> deltas.add(string(store, write));
            case "MSET" -> {
                for (int i = 1; i + 1 < write.length; i += 2) {
                    deltas.add(delta(write[i], state(write[i]).setString(write[i + 1], ExpiryRegister.NEVER, clock.next())));
                }
            }
            case "DEL", "UNLINK" -> {
                for (int i = 1; i < write.length; i++) {
                    CrdtKey key = keys.get(new Key(write[i]));
                    if (key != null) {
                        deltas.add(delta(write[i], key.delete(clock.next())));
                    }
                }
            }
            case "PEXPIREAT" -> deltas.add(delta(write[1], state(write[1]).expire(Arguments.integer(write[2]), clock.next())));
            case "PERSIST" -> deltas.add(delta(write[1], state(write[1]).expire(ExpiryRegister.NEVER, clock.next())));
            case "HSET", "HMSET" -> {
                for (int i = 2; i + 1 < write.length; i += 2) {
                    deltas.add(hashWrite(store, write[1], write[i], write[i + 1]));
                }
            }
            case "HDEL" -> {
                for (int i = 2; i < write.length; i++) {
                    deltas.add(delta(write[1], state(write[1]).hashRemove(text(write[i]), clock.next())));
                }
            }
            case "SADD" -> {
                for (int i = 2; i < write.length; i++) {
                    deltas.add(delta(write[1], state(write[1]).setAdd(text(write[i]), clock.next())));
                }
            }
            case "SREM" -> {
                for (int i = 2; i < write.length; i++) {
                    deltas.add(delta(write[1], state(write[1]).setRemove(text(write[i]), clock.next())));
                }
            }
            case "ZADD" -> {
                for (int i = 2; i + 1 < write.length; i += 2) {
                    deltas.add(scored(store, write[1], write[i], write[i + 1]));
                }
            }
            case "ZREM" -> {
                for (int i = 2; i < write.length; i++) {
                    deltas.add(delta(write[1], state(write[1]).zsetRemove(text(write[i]), clock.next())));
                }
            }
            case "LPUSH", "RPUSH" -> {
                CrdtKey state = state(write[1]);
                boolean left = name.equals("LPUSH");
                List<Stamp> ids = left ? List.of() : state.listIds();
                Stamp after = ids.isEmpty() ? Sequence.HEAD : ids.get(ids.size() - 1);
                for (int i = 2; i < write.length; i++) {
                    Stamp id = clock.next();
                    deltas.add(delta(write[1], state.listInsert(id, left ? Sequence.HEAD : after, write[i])));
                    after = id;
                }
            }
            case "LPOP", "RPOP" -> {
                CrdtKey state = state(write[1]);
                List<Stamp> ids = state.listIds();
                int n = (int) Math.min(Arguments.integer(write[2]), ids.size());
                for (int i = 0; i < n; i++) {
                    deltas.add(delta(write[1], state.listDelete(ids.get(name.equals("LPOP") ? i : ids.size() - 1 - i), clock.next())));
                }
            }
            case "LSET" -> {
                CrdtKey state = state(write[1]);
                List<Stamp> ids = state.listIds();
                int at = (int) Arguments.integer(write[2]);
                deltas.add(delta(write[1], state.listDelete(ids.get(at), clock.next())));
                deltas.add(delta(write[1], state.listInsert(clock.next(), at == 0 ? Sequence.HEAD : ids.get(at - 1), write[3])));
            }
            case "LINSERT" -> {
                CrdtKey state = state(write[1]);
                List<Stamp> ids = state.listIds();
                for (int at = 0; at < ids.size(); at++) {
                    if (Arrays.equals(state.listValue(ids.get(at)), write[3])) {
                        Stamp after = Arguments.is(write[2], "AFTER") ? ids.get(at) : at == 0 ? Sequence.HEAD : ids.get(at - 1);
                        deltas.add(delta(write[1], state.listInsert(clock.next(), after, write[4])));
                        break;
                    }
                }
            }
            case "LREM" -> {
                CrdtKey state = state(write[1]);
                List<Stamp> ids = new ArrayList<>(state.listIds());
                long count = Arguments.integer(write[2]);
                if (count < 0) {
                    Collections.reverse(ids);
                }
                long left = count == 0 ? Long.MAX_VALUE : Math.abs(count);
                for (Stamp id : ids) {
                    if (left > 0 && Arrays.equals(state.listValue(id), write[3])) {
                        deltas.add(delta(write[1], state.listDelete(id, clock.next())));
                        left--;
                    }
                }
            }
            case "LTRIM" -> {
                CrdtKey state = state(write[1]);
                List<Stamp> ids = state.listIds();
                long first = Arguments.integer(write[2]);
                long last = Arguments.integer(write[3]);
                for (int at = 0; at < ids.size(); at++) {
                    if (at < first || at > last) {
                        deltas.add(delta(write[1], state.listDelete(ids.get(at), clock.next())));
                    }
                }
            }
            case "LMOVE" -> {
                CrdtKey from = state(write[1]);
                List<Stamp> ids = from.listIds();
                if (!ids.isEmpty()) {
                    Stamp moved = Arguments.is(write[3], "LEFT") ? ids.get(0) : ids.get(ids.size() - 1);
                    byte[] value = from.listValue(moved);
                    deltas.add(delta(write[1], from.listDelete(moved, clock.next())));
                    deltas.add(delta(write[2], push(state(write[2]), Arguments.is(write[4], "LEFT"), value)));
                }
            }
            case "SMOVE" -> {
                deltas.add(delta(write[1], state(write[1]).setRemove(text(write[3]), clock.next())));
                deltas.add(delta(write[2], state(write[2]).setAdd(text(write[3]), clock.next())));
            }
            case "RENAME", "COPY" -> {
                // the source deleted (RENAME) as this instance sees it, the destination written anew with its value
                if (name.equals("RENAME")) {
                    translate(store, new byte[][] {ShardStore.DEL, write[1]}, deltas);
                }
                Key destination = new Key(write[2]);
                Object value = store.keyspace().get(destination);
                if (value != null) {
                    translate(store, new byte[][] {ShardStore.DEL, write[2]}, deltas);
                    for (byte[][] part : Values.asWrites(destination, value, store.expiries().deadline(destination))) {
                        translate(store, part, deltas);
                    }
                }
            }
            default -> {
                // every write a command records has a rule here; one that gets here is a new kind of write without one
                LOG.error("{} of Active-Active db:{}: no merge rule for the write {}; it stays on this instance only",
                        store.shard().ref(), store.shard().databaseId(), name);
                return false;
            }
        }
        return true;
    }

    /** One delta per key, in the order the keys came (several changes of one key in one write become one). */
    private static List<Object[]> merged(List<Object[]> deltas) {
        if (deltas.size() < 2) {
            return deltas;
        }
        Map<Key, Object[]> byKey = new LinkedHashMap<>();
        for (Object[] delta : deltas) {
            Object[] was = byKey.putIfAbsent(new Key((byte[]) delta[0]), delta);
            if (was != null) {
                ((CrdtKey) was[1]).absorb((CrdtKey) delta[1]);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private Object[] string(ShardStore store, byte[][] write) {
        byte[] key = write[1];
        Number by = takeCount(key, null);
        CrdtKey state = state(key);
        CrdtKey delta;
        if (by instanceof Double fraction) {
            delta = state.incrementString(fraction, clock.next());
        } else if (by != null) {
            delta = state.incrementString(by.longValue(), clock.next());
        } else {
            long deadline = ExpiryRegister.NEVER;
            if (write.length > 3 && Arguments.is(write[3], "KEEPTTL")) {
                deadline = -1;
            } else if (write.length > 4 && Arguments.is(write[3], "PXAT")) {
                deadline = Arguments.integer(write[4]);
            }
            // a write stamped here now wins over all this instance has seen and resets the count it saw: the key
            // shows what the command wrote
            return delta(key, state.setString(write[2], deadline, clock.next()));
        }
        // the state decides what the key shows (a counter's sum)
        materialize(store, new Key(key), state, null);
        return delta(key, delta);
    }

    private Object[] hashWrite(ShardStore store, byte[] key, byte[] field, byte[] value) {
        Number by = takeCount(key, field);
        CrdtKey state = state(key);
        String name = text(field);
        CrdtKey delta;
        if (by instanceof Double fraction) {
            delta = state.hashIncrement(name, fraction, clock.next());
        } else if (by != null) {
            delta = state.hashIncrement(name, by.longValue(), clock.next());
        } else {
            delta = state.hashSet(name, value, clock.next());
        }
        materialize(store, new Key(key), state, delta);
        return delta(key, delta);
    }

    /** LPUSH goes before the first element (after HEAD, stamped above every sibling); RPUSH after the last one. */
    private CrdtKey push(CrdtKey state, boolean left, byte[] value) {
        List<Stamp> ids = left ? List.of() : state.listIds();
        Stamp after = left || ids.isEmpty() ? Sequence.HEAD : ids.get(ids.size() - 1);
        return state.listInsert(clock.next(), after, value);
    }

    private Object[] scored(ShardStore store, byte[] key, byte[] score, byte[] member) {
        Number by = takeCount(key, member);
        CrdtKey state = state(key);
        CrdtKey delta = by != null ? state.zsetIncrement(text(member), by.doubleValue(), clock.next())
                : state.zsetAdd(text(member), score(score), clock.next());
        materialize(store, new Key(key), state, delta);
        return delta(key, delta);
    }

    /** A score as the normalized ZADD writes it ({@code inf}, {@code -inf} or a number). */
    private static double score(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static Object[] delta(byte[] key, CrdtKey delta) {
        return new Object[] {key, delta};
    }

    private CrdtKey state(byte[] key) {
        return keys.computeIfAbsent(new Key(key), k -> new CrdtKey());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code CRDT.MERGE <key> <delta>}: a delta of another instance (pulled by this cluster's syncer), or one of
     * this shard's log being replayed: merged into the key's state, the key's Redis value made again from it.
     */
    Reply merge(ShardStore store, byte[][] args) {
        if (args.length != 3) {
            throw new Arguments.Refused(ShardCommands.wrongArity(args));
        }
        CrdtKey delta;
        try {
            delta = CrdtKey.decode(args[2]);
        } catch (IllegalArgumentException e) {
            return Reply.error("ERR CRDT.MERGE of key '" + Arguments.text(args[1]) + "' on " + store.shard().ref()
                    + " of db:" + store.shard().databaseId() + ": " + e.getMessage());
        }
        Key key = new Key(args[1]);
        CrdtKey state = keys.computeIfAbsent(key, k -> new CrdtKey());
        state.absorb(delta);
        changed(args[1], delta);
        clock.observe(delta.highest());
        materialize(store, key, state, delta);
        merged++;
        return Reply.OK;
    }

    /**
     * Makes the key's Redis value again from its state: only the fields or members the delta touched when the
     * key keeps its type, all of it otherwise; and its deadline.
     */
    private static void materialize(ShardStore store, Key key, CrdtKey state, CrdtKey delta) {
        Object value = store.keyspace().get(key);
        CrdtKey.Type type = state.type();
        switch (type) {
            case NONE -> store.delete(key);
            case STRING -> store.keyspace().put(key, state.stringValue());
            case HASH -> {
                if (value instanceof HashValue hash && delta != null) {
                    for (String field : delta.touchedFields()) {
                        byte[] now = state.hashValue(field);
                        if (now == null) {
                            hash.remove(new Key(bytes(field)));
                        } else {
                            hash.put(new Key(bytes(field)), now);
                        }
                    }
                    hash.trim();
                } else {
                    HashValue hash = new HashValue();
                    for (String field : state.hashFields()) {
                        hash.put(new Key(bytes(field)), state.hashValue(field));
                    }
                    hash.trim();
                    store.keyspace().put(key, hash);
                }
            }
            case LIST -> {
                if (!(value instanceof ListValue) || delta == null || delta.touchesList()) {
                    ListValue list = new ListValue();
                    state.listValues().forEach(list::addLast);
                    store.keyspace().put(key, list);
                }
            }
            case ZSET -> {
                if (value instanceof SortedSetValue zset && delta != null) {
                    for (String member : delta.touchedScores()) {
                        Double score = state.score(member);
                        if (score == null) {
                            zset.remove(new Key(bytes(member)));
                        } else {
                            zset.put(new Key(bytes(member)), score);
                        }
                    }
                    zset.trim();
                } else {
                    SortedSetValue zset = new SortedSetValue();
                    state.scores().forEach((member, score) -> zset.put(new Key(bytes(member)), score));
                    zset.trim();
                    store.keyspace().put(key, zset);
                }
            }
            case SET -> {
                if (value instanceof SetValue set && delta != null) {
                    for (String member : delta.touchedMembers()) {
                        if (state.hasMember(member)) {
                            set.add(new Key(bytes(member)));
                        } else {
                            set.remove(new Key(bytes(member)));
                        }
                    }
                    set.trim();
                } else {
                    List<Key> members = new ArrayList<>();
                    state.setMembers().forEach(m -> members.add(new Key(bytes(m))));
                    store.keyspace().put(key, SetValue.of(members));
                }
            }
        }
        if (type != CrdtKey.Type.NONE) {
            long deadline = state.deadlineMs();
            if (deadline == ExpiryRegister.NEVER) {
                store.expiries().remove(key);
            } else {
                store.expiries().set(key, deadline);
            }
        }
        store.signalReady(key);
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code crdb flush} on this instance: every key with something standing is deleted as this instance sees it
     * (one DEL recorded, merged everywhere like a client's); a write made elsewhere meanwhile survives it.
     */
    int flush(ShardStore store, long now) {
        List<byte[]> deleted = new ArrayList<>();
        deleted.add(ShardStore.DEL);
        keys.forEach((key, state) -> {
            if (state.type() != CrdtKey.Type.NONE) {
                deleted.add(key.bytes);
            }
        });
        for (int i = 1; i < deleted.size(); i++) {
            store.delete(new Key(deleted.get(i)));
        }
        if (deleted.size() > 1) {
            store.record(deleted.toArray(new byte[0][]));
        }
        return deleted.size() - 1;
    }

    /** Every key's whole state as a {@code CRDT.MERGE} write: a full resync's snapshot, a log rewrite. */
    void forEachState(Consumer<byte[][]> out) {
        keys.forEach((key, state) -> out.accept(new byte[][] {MERGE, key.bytes, state.encode()}));
    }

    /** The deltas of other instances merged here since the shard opened. */
    long merged() {
        return merged;
    }

    /** The tombstones kept in this shard's keys (floors of removes, deleted list elements). */
    long tombstones() {
        return pending;
    }

    /** The deleted list elements kept (for tests: a walk of the keys that keep tombstones). */
    long listTombstones() {
        long n = 0;
        for (Key key : tombstonesByKey.keySet()) {
            n += keys.get(key).listTombstones();
        }
        return n;
    }

    /** The tombstones of every key, walked (for tests of the count kept as they change). */
    long tombstonesWalked() {
        return keys.values().stream().mapToLong(CrdtKey::tombstones).sum();
    }

    /** The keys kept with nothing standing and no tombstone left (what collecting forgets). */
    long keysWithNothing() {
        return keys.values().stream().filter(state -> state.type() == CrdtKey.Type.NONE && state.tombstones() == 0).count();
    }

    /** The tombstones forgotten since the shard opened (every instance had seen them). */
    long collected() {
        return collected;
    }
}
