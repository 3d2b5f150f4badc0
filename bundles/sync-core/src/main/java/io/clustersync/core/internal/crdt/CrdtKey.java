package io.clustersync.core.internal.crdt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * One key of an Active-Active database as its instances merge it: its string (one field of a {@link FieldMap}:
 * last write wins, increments add up), its hash fields ({@link FieldMap}), its set members
 * ({@link ObservedRemoveSet}) and its time to live ({@link ExpiryRegister}). Which type the key shows is that of
 * the part holding the latest write still standing, so that two instances that wrote the key as different types
 * concurrently still show one value. A DEL takes away what it saw of every part, so a deleted key never comes
 * back and a write made concurrently elsewhere survives it.
 *
 * <p>Every change made here answers its delta: a key holding only the parts and items it changed, in their new
 * state, which any instance merges ({@link #absorb}) in any order, any number of times, to the same result.
 */
public final class CrdtKey {

    /** The types a key shows. */
    public enum Type { NONE, STRING, HASH, SET }

    private static final String STRING = "";
    private static final int VERSION = 1;

    private final FieldMap string;
    private final FieldMap hash;
    private final ObservedRemoveSet set;
    private final ExpiryRegister expiry;

    public CrdtKey() {
        this(new FieldMap(), new FieldMap(), new ObservedRemoveSet(), new ExpiryRegister());
    }

    private CrdtKey(FieldMap string, FieldMap hash, ObservedRemoveSet set, ExpiryRegister expiry) {
        this.string = string;
        this.hash = hash;
        this.set = set;
        this.expiry = expiry;
    }

    /** The type the key shows: that of the part with the latest standing write; NONE when nothing stands. */
    public Type type() {
        Stamp s = string.latest();
        Stamp h = hash.latest();
        Stamp m = set.latest();
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
        }
        return type;
    }

    public byte[] stringValue() {
        return string.bytes(STRING);
    }

    public Set<String> hashFields() {
        return hash.fields();
    }

    public byte[] hashValue(String field) {
        return hash.bytes(field);
    }

    public Set<String> setMembers() {
        return set.members();
    }

    /** The hash fields this key (a delta) holds a state of, present or removed. */
    public Set<String> touchedFields() {
        return hash.known();
    }

    /** The set members this key (a delta) holds a state of, present or removed. */
    public Set<String> touchedMembers() {
        return set.known();
    }

    /** The key's deadline (epoch ms), or {@link ExpiryRegister#NEVER}. */
    public long deadlineMs() {
        return expiry.deadlineMs();
    }

    // ---- changes made at this instance; each answers its delta

    /** SET: the string written, the other types' items seen taken away; {@code deadlineMs} unless KEEPTTL (-1). */
    public CrdtKey setString(byte[] value, long deadlineMs, Stamp stamp) {
        CrdtKey delta = removeOtherThan(Type.STRING);
        string.set(STRING, value, stamp);
        delta.string.absorb(string.only(List.of(STRING)));
        if (deadlineMs >= 0) {
            delta.expiry.absorb(expiry.set(deadlineMs, stamp));
        }
        return delta;
    }

    /** INCRBY and its kin on the string. */
    public CrdtKey incrementString(long by, Stamp stamp) {
        string.increment(STRING, stamp.instance(), by, stamp);
        return part(string.only(List.of(STRING)), null, null, null);
    }

    /** INCRBYFLOAT on the string. */
    public CrdtKey incrementString(double by, Stamp stamp) {
        string.increment(STRING, stamp.instance(), by, stamp);
        return part(string.only(List.of(STRING)), null, null, null);
    }

    public CrdtKey hashSet(String field, byte[] value, Stamp stamp) {
        hash.set(field, value, stamp);
        return part(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey hashIncrement(String field, long by, Stamp stamp) {
        hash.increment(field, stamp.instance(), by, stamp);
        return part(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey hashIncrement(String field, double by, Stamp stamp) {
        hash.increment(field, stamp.instance(), by, stamp);
        return part(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey hashRemove(String field) {
        hash.remove(field);
        return part(null, hash.only(List.of(field)), null, null);
    }

    public CrdtKey setAdd(String member, Stamp stamp) {
        set.add(member, stamp);
        return part(null, null, set.only(List.of(member)), null);
    }

    public CrdtKey setRemove(String member) {
        set.remove(member);
        return part(null, null, set.only(List.of(member)), null);
    }

    /** EXPIRE and its kin ({@code deadlineMs}), or PERSIST ({@link ExpiryRegister#NEVER}). */
    public CrdtKey expire(long deadlineMs, Stamp stamp) {
        expiry.set(deadlineMs, stamp);
        return part(null, null, null, expiry.copy());
    }

    /** DEL (or an expiry here): every item seen is taken away, and the time to live with it. */
    public CrdtKey delete(Stamp stamp) {
        CrdtKey delta = removeOtherThan(Type.NONE);
        expiry.set(ExpiryRegister.NEVER, stamp);
        delta.expiry.absorb(expiry);
        return delta;
    }

    private CrdtKey removeOtherThan(Type kept) {
        CrdtKey delta = new CrdtKey();
        if (kept != Type.STRING && string.contains(STRING)) {
            string.remove(STRING);
            delta.string.absorb(string.only(List.of(STRING)));
        }
        for (String field : hash.fields()) {
            hash.remove(field);
        }
        delta.hash.absorb(hash.only(hash.known()));
        for (String member : set.members()) {
            set.remove(member);
        }
        delta.set.absorb(set.only(set.known()));
        return delta;
    }

    private static CrdtKey part(FieldMap string, FieldMap hash, ObservedRemoveSet set, ExpiryRegister expiry) {
        return new CrdtKey(string == null ? new FieldMap() : string, hash == null ? new FieldMap() : hash,
                set == null ? new ObservedRemoveSet() : set, expiry == null ? new ExpiryRegister() : expiry);
    }

    // ---- merging, tombstones

    /** Merges a delta or a whole key made anywhere into this one. */
    public CrdtKey absorb(CrdtKey other) {
        string.absorb(other.string);
        hash.absorb(other.hash);
        set.absorb(other.set);
        expiry.absorb(other.expiry);
        return this;
    }

    public CrdtKey copy() {
        return new CrdtKey(string.copy(), hash.copy(), set.copy(), expiry.copy());
    }

    /** The highest stamp the key holds, standing or taken away (what a clock observes when the key arrives). */
    public Stamp highest() {
        return Stamp.max(Stamp.max(string.highest(), hash.highest()), Stamp.max(set.highest(), expiry.highest()));
    }

    /** The floors kept to take away late copies of what removes took away. */
    public int tombstones() {
        return string.tombstones() + hash.tombstones() + set.tombstones() + expiry.tombstones();
    }

    /** Forgets the floors every instance has seen; answers how many. */
    public int collect(Stamp seenEverywhere) {
        return string.collect(seenEverywhere) + hash.collect(seenEverywhere) + set.collect(seenEverywhere)
                + expiry.collect(seenEverywhere);
    }

    /** Whether the key holds nothing at all, not even a tombstone (it can be forgotten). */
    public boolean isEmpty() {
        return string.isEmpty() && hash.isEmpty() && set.isEmpty() && expiry.isEmpty();
    }

    // ---- binary form

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            string.write(out);
            hash.write(out);
            set.write(out);
            expiry.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a key written by {@link #encode}; anything damaged is refused with what is wrong. */
    public static CrdtKey decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("an Active-Active key of version " + version + " (this node reads "
                        + VERSION + ")");
            }
            CrdtKey key = new CrdtKey(FieldMap.read(in), FieldMap.read(in), ObservedRemoveSet.read(in), ExpiryRegister.read(in));
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
        return o instanceof CrdtKey k && k.string.equals(string) && k.hash.equals(hash) && k.set.equals(set)
                && k.expiry.equals(expiry);
    }

    @Override
    public int hashCode() {
        return string.hashCode() * 31 + hash.hashCode();
    }
}
