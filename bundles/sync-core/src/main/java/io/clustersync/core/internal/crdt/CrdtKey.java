package io.clustersync.core.internal.crdt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One key of an Active-Active database as its instances merge it: its string (one field of a {@link FieldMap}:
 * last write wins, increments add up), its hash fields ({@link FieldMap}), its set members
 * ({@link ObservedRemoveSet}), its sorted set (members as the fields of a {@link FieldMap}: ZADD's score last
 * write wins, ZINCRBY's increments add up) and its time to live ({@link ExpiryRegister}). Which type the key shows is that of
 * the part holding the latest write still standing, so that two instances that wrote the key as different types
 * concurrently still show one value. A DEL takes away what it saw of every part, so a deleted key never comes
 * back and a write made concurrently elsewhere survives it.
 *
 * <p>Every change made here answers its delta: a key holding only the parts and items it changed, in their new
 * state, which any instance merges ({@link #absorb}) in any order, any number of times, to the same result.
 */
public final class CrdtKey {

    /** The types a key shows. */
    public enum Type { NONE, STRING, HASH, SET, ZSET, LIST }

    private static final String STRING = "";
    private static final int VERSION = 2;

    /** The parts, each made when first written (most keys are of one type and many have no expiry). */
    private FieldMap string;
    private FieldMap hash;
    private ObservedRemoveSet set;
    /** A sorted set's members as fields: ZADD a write of the score, ZINCRBY an increment. */
    private FieldMap zset;
    /** A list: its elements by insert stamp, each after the one it was inserted after. */
    private Sequence list;
    private ExpiryRegister expiry;

    public CrdtKey() {
    }

    private CrdtKey(FieldMap string, FieldMap hash, ObservedRemoveSet set, ExpiryRegister expiry) {
        this(string, hash, set, null, expiry);
    }

    private CrdtKey(FieldMap string, FieldMap hash, ObservedRemoveSet set, FieldMap zset, ExpiryRegister expiry) {
        this.string = string;
        this.hash = hash;
        this.set = set;
        this.zset = zset;
        this.expiry = expiry;
    }

    private Sequence list() {
        if (list == null) {
            list = new Sequence();
        }
        return list;
    }

    private FieldMap zset() {
        if (zset == null) {
            zset = new FieldMap();
        }
        return zset;
    }

    private FieldMap string() {
        if (string == null) {
            string = new FieldMap();
        }
        return string;
    }

    private FieldMap hash() {
        if (hash == null) {
            hash = new FieldMap();
        }
        return hash;
    }

    private ObservedRemoveSet set() {
        if (set == null) {
            set = new ObservedRemoveSet();
        }
        return set;
    }

    private ExpiryRegister expiry() {
        if (expiry == null) {
            expiry = new ExpiryRegister();
        }
        return expiry;
    }

    /** The type the key shows: that of the part with the latest standing write; NONE when nothing stands. */
    public Type type() {
        Stamp s = string == null ? null : string.latest();
        Stamp h = hash == null ? null : hash.latest();
        Stamp m = set == null ? null : set.latest();
        Stamp z = zset == null ? null : zset.latest();
        Stamp l = list == null ? null : list.latest();
        Type type = Type.NONE;
        Stamp best = null;
        if (s != null) {
            type = Type.STRING;
            best = s;
        }
        if (h != null && (best == null || h.after(best))) {
            type = Type.HASH;
            best = h;
        }
        if (m != null && (best == null || m.after(best))) {
            type = Type.SET;
            best = m;
        }
        if (z != null && (best == null || z.after(best))) {
            type = Type.ZSET;
            best = z;
        }
        if (l != null && (best == null || l.after(best))) {
            type = Type.LIST;
        }
        return type;
    }

    public byte[] stringValue() {
        return string == null ? null : string.bytes(STRING);
    }

    public Set<String> hashFields() {
        return hash == null ? Set.of() : hash.fields();
    }

    public byte[] hashValue(String field) {
        return hash == null ? null : hash.bytes(field);
    }

    public Set<String> setMembers() {
        return set == null ? Set.of() : set.members();
    }

    /** The sorted set's members with their scores (ZADD's last write plus the increments after and beside it). */
    public Map<String, Double> scores() {
        Map<String, Double> out = new HashMap<>();
        if (zset != null) {
            for (String member : zset.fields()) {
                Double score = zset.number(member);
                out.put(member, score == null || score.isNaN() ? 0.0 : score);
            }
        }
        return out;
    }

    /** A member's score, or null when it is not in the sorted set. */
    public Double score(String member) {
        if (zset == null || !zset.contains(member)) {
            return null;
        }
        Double score = zset.number(member);
        return score == null || score.isNaN() ? 0.0 : score;
    }

    /** The sorted set members this key (a delta) holds a state of, present or removed. */
    public Set<String> touchedScores() {
        return zset == null ? Set.of() : zset.known();
    }

    public boolean hasMember(String member) {
        return set != null && set.contains(member);
    }

    /** The hash fields this key (a delta) holds a state of, present or removed. */
    public Set<String> touchedFields() {
        return hash == null ? Set.of() : hash.known();
    }

    /** The set members this key (a delta) holds a state of, present or removed. */
    public Set<String> touchedMembers() {
        return set == null ? Set.of() : set.known();
    }

    /** The key's deadline (epoch ms), or {@link ExpiryRegister#NEVER}. */
    public long deadlineMs() {
        return expiry == null ? ExpiryRegister.NEVER : expiry.deadlineMs();
    }

    // ---- changes made at this instance; each answers its delta

    /** SET: the string written, the other types' items seen taken away; {@code deadlineMs} unless KEEPTTL (-1). */
    public CrdtKey setString(byte[] value, long deadlineMs, Stamp stamp) {
        CrdtKey delta = removeOtherThan(Type.STRING, stamp);
        string().set(STRING, value, stamp);
        delta.string = string.only(STRING_ONLY);
        // a SET without KEEPTTL removes the time to live its instance saw; with none seen there is nothing to remove
        if (deadlineMs >= 0 && (deadlineMs != ExpiryRegister.NEVER || expiry != null)) {
            expiry().set(deadlineMs, stamp);
            delta.expiry = expiry.copy();
        }
        return delta;
    }

    /** INCRBY and its kin on the string. */
    public CrdtKey incrementString(long by, Stamp stamp) {
        string().increment(STRING, stamp.instance(), by, stamp);
        return new CrdtKey(string.only(STRING_ONLY), null, null, null);
    }

    /** INCRBYFLOAT on the string. */
    public CrdtKey incrementString(double by, Stamp stamp) {
        string().increment(STRING, stamp.instance(), by, stamp);
        return new CrdtKey(string.only(STRING_ONLY), null, null, null);
    }

    public CrdtKey hashSet(String field, byte[] value, Stamp stamp) {
        hash().set(field, value, stamp);
        return new CrdtKey(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey hashIncrement(String field, long by, Stamp stamp) {
        hash().increment(field, stamp.instance(), by, stamp);
        return new CrdtKey(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey hashIncrement(String field, double by, Stamp stamp) {
        hash().increment(field, stamp.instance(), by, stamp);
        return new CrdtKey(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey hashRemove(String field, Stamp stamp) {
        hash().remove(field, stamp);
        return new CrdtKey(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey setAdd(String member, Stamp stamp) {
        set().add(member, stamp);
        return new CrdtKey(null, null, set.only(List.of(member)), null);
    }

    public CrdtKey setRemove(String member, Stamp stamp) {
        set().remove(member, stamp);
        return new CrdtKey(null, null, set.only(List.of(member)), null);
    }

    /** The list's live elements, in list order. */
    public List<Stamp> listIds() {
        return list == null ? List.of() : list.ids();
    }

    public List<byte[]> listValues() {
        return list == null ? List.of() : list.values();
    }

    public byte[] listValue(Stamp id) {
        return list == null ? null : list.value(id);
    }

    /** Whether this key (a delta) carries list elements or deletes. */
    public boolean touchesList() {
        return list != null && !list.isEmpty();
    }

    /** An insert into the list: {@code value} after the element {@code after} ({@link Sequence#HEAD} for the front). */
    public CrdtKey listInsert(Stamp id, Stamp after, byte[] value) {
        list().insert(id, after, value);
        return new CrdtKey(null, null, null, null, null).withList(new Sequence().insert(id, after, value));
    }

    /** A delete of the list element {@code id} (one this instance sees). */
    public CrdtKey listDelete(Stamp id, Stamp stamp) {
        list().delete(id, stamp);
        return new CrdtKey(null, null, null, null, null).withList(new Sequence().deleted(id, stamp));
    }

    private CrdtKey withList(Sequence sequence) {
        this.list = sequence;
        return this;
    }

    /** ZADD of one member: its score written, under last-write-wins. */
    public CrdtKey zsetAdd(String member, double score, Stamp stamp) {
        zset().set(member, Double.toString(score).getBytes(StandardCharsets.US_ASCII), stamp);
        return new CrdtKey(null, null, null, zset.only(List.of(member)), null);
    }

    /** ZINCRBY of one member: concurrent increments add up. */
    public CrdtKey zsetIncrement(String member, double by, Stamp stamp) {
        zset().increment(member, stamp.instance(), by, stamp);
        return new CrdtKey(null, null, null, zset.only(List.of(member)), null);
    }

    public CrdtKey zsetRemove(String member, Stamp stamp) {
        zset().remove(member, stamp);
        return new CrdtKey(null, null, null, zset.only(List.of(member)), null);
    }

    /** EXPIRE and its kin ({@code deadlineMs}), or PERSIST ({@link ExpiryRegister#NEVER}). */
    public CrdtKey expire(long deadlineMs, Stamp stamp) {
        expiry().set(deadlineMs, stamp);
        return new CrdtKey(null, null, null, expiry.copy());
    }

    /** DEL (or an expiry here): every item seen is taken away, and the time to live with it. */
    public CrdtKey delete(Stamp stamp) {
        CrdtKey delta = removeOtherThan(Type.NONE, stamp);
        expiry().set(ExpiryRegister.NEVER, stamp);
        delta.expiry = expiry.copy();
        return delta;
    }

    private static final List<String> STRING_ONLY = List.of(STRING);

    private CrdtKey removeOtherThan(Type kept, Stamp stamp) {
        CrdtKey delta = new CrdtKey();
        if (kept != Type.STRING && string != null && string.contains(STRING)) {
            string.remove(STRING, stamp);
            delta.string = string.only(STRING_ONLY);
        }
        if (hash != null) {
            for (String field : hash.fields()) {
                hash.remove(field, stamp);
            }
            delta.hash = hash.only(hash.known());
        }
        if (set != null) {
            for (String member : set.members()) {
                set.remove(member, stamp);
            }
            delta.set = set.only(set.known());
        }
        if (zset != null) {
            for (String member : zset.fields()) {
                zset.remove(member, stamp);
            }
            delta.zset = zset.only(zset.known());
        }
        if (list != null) {
            delta.list = new Sequence();
            for (Stamp id : list.ids()) {
                list.delete(id, stamp);
                delta.list.deleted(id, stamp);
            }
        }
        return delta;
    }

    // ---- merging, tombstones

    /** Merges a delta or a whole key made anywhere into this one. */
    public CrdtKey absorb(CrdtKey other) {
        if (other.string != null) {
            string().absorb(other.string);
        }
        if (other.hash != null) {
            hash().absorb(other.hash);
        }
        if (other.set != null) {
            set().absorb(other.set);
        }
        if (other.zset != null) {
            zset().absorb(other.zset);
        }
        if (other.list != null) {
            list().absorb(other.list);
        }
        if (other.expiry != null) {
            expiry().absorb(other.expiry);
        }
        return this;
    }

    public CrdtKey copy() {
        return new CrdtKey(string == null ? null : string.copy(), hash == null ? null : hash.copy(),
                set == null ? null : set.copy(), zset == null ? null : zset.copy(), expiry == null ? null : expiry.copy())
                .withList(list == null ? null : list.copy());
    }

    /** The highest stamp the key holds, standing or taken away (what a clock observes when the key arrives). */
    public Stamp highest() {
        Stamp highest = Stamp.ZERO;
        highest = string == null ? highest : Stamp.max(highest, string.highest());
        highest = hash == null ? highest : Stamp.max(highest, hash.highest());
        highest = set == null ? highest : Stamp.max(highest, set.highest());
        highest = zset == null ? highest : Stamp.max(highest, zset.highest());
        highest = list == null ? highest : Stamp.max(highest, list.highest());
        return expiry == null ? highest : Stamp.max(highest, expiry.highest());
    }

    /** The floors kept to take away late copies of what removes took away. */
    public int tombstones() {
        return (string == null ? 0 : string.tombstones()) + (hash == null ? 0 : hash.tombstones())
                + (set == null ? 0 : set.tombstones()) + (zset == null ? 0 : zset.tombstones())
                + (list == null ? 0 : list.tombstones())
                + (expiry == null ? 0 : expiry.tombstones());
    }

    /** The deleted elements a list keeps. */
    public int listTombstones() {
        return list == null ? 0 : list.tombstones();
    }

    /**
     * Forgets the floors of removes every instance has applied with all they took away (every instance has applied
     * everything stamped up to {@code seenEverywhere}), and the parts left empty; a key left with nothing but a
     * time to live of no deadline every instance has seen (what DEL leaves) forgets that too, and then
     * {@link #isEmpty} says the key can be forgotten. A list forgets the deleted elements it can without changing
     * its order ({@link Sequence#collect}). Answers how many tombstones it forgot.
     */
    public int collect(Stamp seenEverywhere) {
        int n = 0;
        if (string != null) {
            n += string.collect(seenEverywhere);
            string = string.isEmpty() ? null : string;
        }
        if (hash != null) {
            n += hash.collect(seenEverywhere);
            hash = hash.isEmpty() ? null : hash;
        }
        if (set != null) {
            n += set.collect(seenEverywhere);
            set = set.isEmpty() ? null : set;
        }
        if (zset != null) {
            n += zset.collect(seenEverywhere);
            zset = zset.isEmpty() ? null : zset;
        }
        if (list != null) {
            n += list.collect(seenEverywhere);
            list = list.isEmpty() ? null : list;
        }
        if (expiry != null) {
            n += expiry.collect(seenEverywhere);
            boolean nothingElse = string == null && hash == null && set == null && zset == null && (list == null || list.isEmpty());
            if (expiry.isEmpty() || (nothingElse && expiry.onlySeenPersists(seenEverywhere))) {
                expiry = null;
            }
        }
        return n;
    }

    /** Whether the key holds nothing at all, not even a tombstone (it can be forgotten). */
    public boolean isEmpty() {
        return (string == null || string.isEmpty()) && (hash == null || hash.isEmpty()) && (set == null || set.isEmpty())
                && (zset == null || zset.isEmpty()) && (list == null || list.isEmpty()) && (expiry == null || expiry.isEmpty());
    }

    // ---- binary form

    public byte[] encode() {
        Out out = new Out();
        try {
            out.writeByte(VERSION);
            out.writeByte((string == null ? 0 : 1) | (hash == null ? 0 : 2) | (set == null ? 0 : 4) | (expiry == null ? 0 : 8)
                    | (zset == null ? 0 : 16) | (list == null ? 0 : 32));
            if (string != null) {
                string.write(out);
            }
            if (hash != null) {
                hash.write(out);
            }
            if (set != null) {
                set.write(out);
            }
            if (expiry != null) {
                expiry.write(out);
            }
            if (zset != null) {
                zset.write(out);
            }
            if (list != null) {
                list.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads a key written by {@link #encode}; anything damaged is refused with what is wrong. */
    public static CrdtKey decode(byte[] bytes) {
        In in = new In(bytes);
        try {
            int version = in.readUnsignedByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("an Active-Active key of version " + version + " (this node reads "
                        + "1 to " + VERSION + ")");
            }
            int parts = in.readUnsignedByte();
            if ((parts & ~63) != 0) {
                throw new IllegalArgumentException("an Active-Active key with unknown parts " + parts);
            }
            FieldMap string = (parts & 1) == 0 ? null : FieldMap.read(in, version);
            FieldMap hash = (parts & 2) == 0 ? null : FieldMap.read(in, version);
            ObservedRemoveSet set = (parts & 4) == 0 ? null : ObservedRemoveSet.read(in, version);
            ExpiryRegister expiry = (parts & 8) == 0 ? null : ExpiryRegister.read(in, version);
            FieldMap zset = (parts & 16) == 0 ? null : FieldMap.read(in, version);
            Sequence list = (parts & 32) == 0 ? null : Sequence.read(in, version);
            CrdtKey key = new CrdtKey(string, hash, set, zset, expiry).withList(list);
            if (in.available() > 0) {
                throw new IllegalArgumentException("an Active-Active key with " + in.available() + " byte(s) after its end");
            }
            return key;
        } catch (IOException e) {
            throw new IllegalArgumentException("a damaged Active-Active key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrdtKey k && k.string().equals(string()) && k.hash().equals(hash()) && k.set().equals(set())
                && k.zset().equals(zset()) && k.list().equals(list()) && k.expiry().equals(expiry());
    }

    @Override
    public int hashCode() {
        return string().hashCode() * 31 + hash().hashCode();
    }
}
