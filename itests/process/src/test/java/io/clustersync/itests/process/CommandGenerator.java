package io.clustersync.itests.process;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random Redis commands over every type, seeded and replayable: a small pool of keys per hash tag (so that types
 * collide and multi-key commands stay in one slot), values that are numbers, near-numbers and text, and wrong
 * arguments as often as a careless client sends them. Commands whose reply depends on chance or on the clock are
 * written so that two servers must still agree (long TTLs, pops that take everything).
 */
final class CommandGenerator {

    static final String[] TAGS = {"{a}", "{b}", "{c}"};
    private static final String[] WORDS = {"a", "b", "c", "d", "x", "", "foo bar", "1", "2", "10", "-3", "0", "-0", "007",
            "3.5", "-2.25", "1e2", "0.1", "inf", "-inf", "abc", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "1.5e308", "nan", " 1", "+5"};
    private static final String[] FLOATS = {"0", "1", "-1", "2.5", "0.1", "-0.3", "1e3", "3.0e-2", "inf", "-inf", "+inf",
            "1.5", "100", "-7", "abc", "", "(1", "nan", "1e400", "0x10", "5.", ".5"};

    private final Random random;
    private final List<Op> ops = new ArrayList<>();
    private int totalWeight;

    /** One kind of command: how often, and how its arguments are made. */
    private record Op(int weight, Function<CommandGenerator, List<String>> make) {
    }

    CommandGenerator(long seed) {
        this.random = new Random(seed);
        strings();
        keys();
        hashes();
        lists();
        sets();
        sortedSets();
        scripts();
        for (Op op : ops) {
            totalWeight += op.weight;
        }
    }

    /**
     * The next step: usually one command; one in twenty-five a transaction (WATCH, MULTI, a few commands of one
     * hash tag, sometimes a refused one, EXEC or DISCARD), as a client would send it.
     */
    List<List<String>> nextSteps() {
        if (random.nextInt(25) != 0) {
            return List.of(next());
        }
        List<List<String>> steps = new ArrayList<>();
        forcedTag = TAGS[random.nextInt(TAGS.length)];
        try {
            if (random.nextInt(3) == 0) {
                steps.add(of("WATCH", key(), sameTag()));
                if (random.nextBoolean()) {
                    steps.add(next());
                }
            }
            steps.add(of("MULTI"));
            int commands = 1 + random.nextInt(4);
            for (int i = 0; i < commands; i++) {
                int kind = random.nextInt(20);
                steps.add(kind == 0 ? of("GET") : kind == 1 ? of("PING") : kind == 2 ? of("MULTI") : next());
            }
            steps.add(random.nextInt(6) == 0 ? of("DISCARD") : of("EXEC"));
            if (random.nextInt(4) == 0) {
                steps.add(of("UNWATCH"));
            }
        } finally {
            forcedTag = null;
        }
        return steps;
    }

    List<String> next() {
        int pick = random.nextInt(totalWeight);
        for (Op op : ops) {
            pick -= op.weight;
            if (pick < 0) {
                return op.make.apply(this);
            }
        }
        throw new IllegalStateException();
    }

    /** Every key the generator can write, for comparing final states. */
    static List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        for (String tag : TAGS) {
            for (int i = 0; i < 6; i++) {
                keys.add(tag + "k" + i);
            }
        }
        return keys;
    }

    // ---- building blocks

    private String tag;
    /** The only tag keys get while a transaction is made (its keys must be in one slot). */
    private String forcedTag;

    private void add(int weight, Function<CommandGenerator, List<String>> make) {
        ops.add(new Op(weight, make));
    }

    private static List<String> of(String... words) {
        return new ArrayList<>(Arrays.asList(words));
    }

    /** A key of a fresh tag (the tag is kept for the other keys of the same command). */
    private String key() {
        tag = forcedTag != null ? forcedTag : TAGS[random.nextInt(TAGS.length)];
        return sameTag();
    }

    private String sameTag() {
        return tag + "k" + random.nextInt(6);
    }

    private String word() {
        return random.nextInt(4) == 0 ? Integer.toString(random.nextInt(41) - 20) : WORDS[random.nextInt(WORDS.length)];
    }

    private String member() {
        return random.nextInt(3) == 0 ? Integer.toString(random.nextInt(12)) : "m" + random.nextInt(10);
    }

    private String integer() {
        int kind = random.nextInt(20);
        return kind == 0 ? word() : Integer.toString(random.nextInt(21) - 10);
    }

    private String floating() {
        return random.nextInt(3) == 0 ? FLOATS[random.nextInt(FLOATS.length)]
                : Integer.toString(random.nextInt(200) - 100) + (random.nextBoolean() ? "." + random.nextInt(100) : "");
    }

    private String maybe(String word) {
        return random.nextBoolean() ? word : null;
    }

    private List<String> withOptional(List<String> command, String... optional) {
        for (String word : optional) {
            if (word != null) {
                command.add(word);
            }
        }
        return command;
    }

    private String oneOf(String... words) {
        return words[random.nextInt(words.length)];
    }

    /** A deadline far in the future (seconds), so that no key expires during a run. */
    private String longSeconds() {
        return Integer.toString(1000 + random.nextInt(100_000));
    }

    // ---- the commands

    private void strings() {
        add(6, g -> g.withOptional(of("SET", g.key(), g.word()), g.maybe(g.oneOf("NX", "XX")), g.maybe("GET"),
                g.random.nextInt(4) == 0 ? g.oneOf("KEEPTTL", "EX", "PX") : null));
        add(1, g -> of("SET", g.key(), g.word(), g.oneOf("EX", "PX", "EXAT", "PXAT"), g.oneOf("0", "-5", "abc",
                "9223372036854775807", "9223372036854775", g.longSeconds())));
        add(4, g -> of("GET", g.key()));
        add(1, g -> of("SETNX", g.key(), g.word()));
        add(1, g -> of("SETEX", g.key(), g.oneOf(g.longSeconds(), "0", "-1", "x"), g.word()));
        add(1, g -> of("PSETEX", g.key(), g.oneOf(g.longSeconds() + "000", "0", "-1"), g.word()));
        add(1, g -> of("GETSET", g.key(), g.word()));
        add(1, g -> of("GETDEL", g.key()));
        add(1, g -> g.withOptional(of("GETEX", g.key()), g.random.nextBoolean() ? g.oneOf("PERSIST", "EX", "PX") : null));
        add(2, g -> of("MGET", g.key(), g.sameTag(), g.key()));
        add(1, g -> of("MSET", g.key(), g.word(), g.key(), g.word()));
        add(1, g -> of("MSETNX", g.key(), g.word(), g.sameTag(), g.word()));
        add(3, g -> of("INCR", g.key()));
        add(1, g -> of("DECR", g.key()));
        add(2, g -> of("INCRBY", g.key(), g.oneOf(g.integer(), "9223372036854775807", "-9223372036854775808")));
        add(1, g -> of("DECRBY", g.key(), g.oneOf(g.integer(), "-9223372036854775808")));
        add(3, g -> of("INCRBYFLOAT", g.key(), g.floating()));
        add(2, g -> of("APPEND", g.key(), g.word()));
        add(1, g -> of("STRLEN", g.key()));
        add(2, g -> of(g.oneOf("GETRANGE", "SUBSTR"), g.key(), g.integer(), g.integer()));
        add(1, g -> of("SETRANGE", g.key(), g.oneOf("0", "1", "3", "-1", "x"), g.word()));
    }

    private void keys() {
        add(2, g -> of("DEL", g.key(), g.key()));
        add(1, g -> of("UNLINK", g.key()));
        add(2, g -> of("EXISTS", g.key(), g.key(), g.sameTag()));
        add(1, g -> of("TOUCH", g.key(), g.key()));
        add(3, g -> of("TYPE", g.key()));
        add(2, g -> g.withOptional(of(g.oneOf("EXPIRE", "PEXPIRE"), g.key(), g.oneOf(g.longSeconds() + "000", "-1",
                "9223372036854775807", "9223372036854775", "-9223372036854775808", "abc")), g.maybe(g.oneOf("NX", "XX", "GT", "LT", "ZZ"))));
        add(1, g -> of(g.oneOf("EXPIREAT", "PEXPIREAT"), g.key(), g.oneOf("1", "100", "9223372036854775807",
                "9223372036854775", "-9223372036854775808")));
        add(2, g -> of(g.oneOf("TTL", "PTTL"), g.key()));
        add(1, g -> of(g.oneOf("EXPIRETIME", "PEXPIRETIME"), g.key()));
        add(1, g -> of("PERSIST", g.key()));
        add(1, g -> of(g.oneOf("RENAME", "RENAMENX"), g.key(), g.sameTag()));
        add(1, g -> g.withOptional(of("COPY", g.key(), g.sameTag()), g.maybe("REPLACE")));
        add(1, g -> of("OBJECT", "ENCODING", g.key()));
        add(2, g -> g.withOptional(of(g.oneOf("SORT", "SORT", "SORT_RO"), g.key()), g.maybe("ALPHA"), g.maybe(g.oneOf("ASC", "DESC")),
                g.random.nextInt(3) == 0 ? "BY" : null, g.random.nextInt(3) == 0 ? g.oneOf(g.tag + "k*", g.tag + "k*->m1") : null,
                g.random.nextInt(3) == 0 ? "LIMIT" : null, g.random.nextInt(3) == 0 ? g.integer() : null,
                g.random.nextInt(3) == 0 ? g.integer() : null, g.random.nextInt(3) == 0 ? "GET" : null,
                g.random.nextInt(3) == 0 ? g.oneOf("#", g.tag + "k*") : null, g.random.nextInt(4) == 0 ? "STORE" : null,
                g.random.nextInt(4) == 0 ? g.sameTag() : null));
    }

    private void hashes() {
        add(4, g -> of("HSET", g.key(), g.member(), g.word(), g.member(), g.word()));
        add(1, g -> of("HMSET", g.key(), g.member(), g.word()));
        add(1, g -> of("HSETNX", g.key(), g.member(), g.word()));
        add(3, g -> of("HGET", g.key(), g.member()));
        add(1, g -> of("HMGET", g.key(), g.member(), g.member()));
        add(2, g -> of("HDEL", g.key(), g.member(), g.member()));
        add(2, g -> of(g.oneOf("HGETALL", "HKEYS", "HVALS", "HLEN"), g.key()));
        add(1, g -> of(g.oneOf("HEXISTS", "HSTRLEN"), g.key(), g.member()));
        add(2, g -> of("HINCRBY", g.key(), g.member(), g.integer()));
        add(2, g -> of("HINCRBYFLOAT", g.key(), g.member(), g.floating()));
    }

    private void lists() {
        add(5, g -> of(g.oneOf("LPUSH", "RPUSH"), g.key(), g.word(), g.member()));
        add(1, g -> of(g.oneOf("LPUSHX", "RPUSHX"), g.key(), g.word()));
        add(3, g -> g.withOptional(of(g.oneOf("LPOP", "RPOP"), g.key()), g.maybe(g.oneOf("0", "1", "2", "5", "-1", "x"))));
        add(1, g -> of("LLEN", g.key()));
        add(3, g -> of("LRANGE", g.key(), g.integer(), g.integer()));
        add(1, g -> of("LINDEX", g.key(), g.integer()));
        add(1, g -> of("LSET", g.key(), g.integer(), g.word()));
        add(1, g -> of("LINSERT", g.key(), g.oneOf("BEFORE", "AFTER", "MIDDLE"), g.word(), g.word()));
        add(1, g -> of("LREM", g.key(), g.integer(), g.word()));
        add(1, g -> of("LTRIM", g.key(), g.integer(), g.integer()));
        add(1, g -> g.withOptional(of("LPOS", g.key(), g.word()), g.random.nextBoolean() ? "RANK" : null,
                g.random.nextBoolean() ? g.oneOf("1", "-1", "2", "0") : null, g.random.nextBoolean() ? "COUNT" : null,
                g.random.nextBoolean() ? g.oneOf("0", "1", "2", "-1") : null));
        add(1, g -> of("LMOVE", g.key(), g.sameTag(), g.oneOf("LEFT", "RIGHT"), g.oneOf("LEFT", "RIGHT", "UP")));
        add(1, g -> of("RPOPLPUSH", g.key(), g.sameTag()));
        add(1, g -> g.withOptional(of("LMPOP", g.oneOf("2", "2", "1", "0", "9"), g.key(), g.sameTag(), g.oneOf("LEFT", "RIGHT")),
                g.random.nextBoolean() ? "COUNT" : null, g.random.nextBoolean() ? g.oneOf("1", "3", "0") : null));
        add(1, g -> of(g.oneOf("BLPOP", "BRPOP"), g.key(), g.sameTag(), g.oneOf("0.01", "-1", "x")));
    }

    private void sets() {
        add(5, g -> of("SADD", g.key(), g.member(), g.member(), g.member()));
        add(2, g -> of("SREM", g.key(), g.member(), g.member()));
        add(1, g -> of("SCARD", g.key()));
        add(2, g -> of("SISMEMBER", g.key(), g.member()));
        add(1, g -> of("SMISMEMBER", g.key(), g.member(), g.member()));
        add(2, g -> of("SMEMBERS", g.key()));
        add(1, g -> of("SPOP", g.key(), g.oneOf("1000", "0", "-1")));
        add(1, g -> of("SMOVE", g.key(), g.sameTag(), g.member()));
        add(2, g -> of(g.oneOf("SINTER", "SUNION", "SDIFF"), g.key(), g.sameTag(), g.sameTag()));
        add(2, g -> of(g.oneOf("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), g.key(), g.sameTag(), g.sameTag()));
        add(1, g -> g.withOptional(of("SINTERCARD", g.oneOf("2", "2", "1", "0", "9"), g.key(), g.sameTag()),
                g.random.nextBoolean() ? "LIMIT" : null, g.random.nextBoolean() ? g.oneOf("1", "0", "-1") : null));
    }

    private void sortedSets() {
        add(6, g -> g.withOptional(of("ZADD", g.key()), g.maybe(g.oneOf("NX", "XX")), g.maybe(g.oneOf("GT", "LT")),
                g.maybe("CH"), g.random.nextInt(5) == 0 ? "INCR" : null, g.floating(), g.member(),
                g.random.nextBoolean() ? g.floating() : null, g.member()));
        add(2, g -> of("ZINCRBY", g.key(), g.floating(), g.member()));
        add(1, g -> of("ZCARD", g.key()));
        add(2, g -> of("ZSCORE", g.key(), g.member()));
        add(1, g -> of("ZMSCORE", g.key(), g.member(), g.member()));
        add(2, g -> of(g.oneOf("ZRANK", "ZREVRANK"), g.key(), g.member()));
        add(2, g -> of("ZREM", g.key(), g.member(), g.member()));
        add(2, g -> g.withOptional(of(g.oneOf("ZPOPMIN", "ZPOPMAX"), g.key()), g.maybe(g.oneOf("0", "1", "3", "-1"))));
        add(1, g -> g.withOptional(of("ZMPOP", g.oneOf("2", "2", "1", "0", "9"), g.key(), g.sameTag(), g.oneOf("MIN", "MAX")),
                g.random.nextBoolean() ? "COUNT" : null, g.random.nextBoolean() ? g.oneOf("1", "3", "0") : null));
        add(4, g -> g.withOptional(of("ZRANGE", g.key(), g.rangeBound(), g.rangeBound()),
                g.maybe(g.oneOf("BYSCORE", "BYLEX")), g.maybe("REV"), g.random.nextInt(3) == 0 ? "LIMIT" : null,
                g.random.nextInt(3) == 0 ? g.integer() : null, g.random.nextInt(3) == 0 ? g.integer() : null, g.maybe("WITHSCORES")));
        add(1, g -> g.withOptional(of("ZRANGESTORE", g.key(), g.sameTag(), g.integer(), g.integer()), g.maybe("REV")));
        add(1, g -> g.withOptional(of("ZREVRANGE", g.key(), g.integer(), g.integer()), g.maybe("WITHSCORES")));
        add(2, g -> g.withOptional(of(g.oneOf("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"), g.key(), g.scoreBound(), g.scoreBound()),
                g.maybe("WITHSCORES"), g.random.nextInt(3) == 0 ? "LIMIT" : null,
                g.random.nextInt(3) == 0 ? g.integer() : null, g.random.nextInt(3) == 0 ? g.integer() : null));
        add(2, g -> of(g.oneOf("ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZLEXCOUNT"), g.key(), g.lexBound(), g.lexBound()));
        add(1, g -> of("ZCOUNT", g.key(), g.scoreBound(), g.scoreBound()));
        add(1, g -> of("ZREMRANGEBYRANK", g.key(), g.integer(), g.integer()));
        add(1, g -> of("ZREMRANGEBYSCORE", g.key(), g.scoreBound(), g.scoreBound()));
        add(1, g -> of("ZREMRANGEBYLEX", g.key(), g.lexBound(), g.lexBound()));
        add(2, g -> g.withOptional(of(g.oneOf("ZUNION", "ZINTER", "ZDIFF"), g.oneOf("2", "2", "1", "0", "9"), g.key(), g.sameTag()),
                g.random.nextInt(3) == 0 ? "WEIGHTS" : null, g.random.nextInt(3) == 0 ? g.floating() : null,
                g.random.nextInt(3) == 0 ? g.floating() : null, g.random.nextInt(3) == 0 ? "AGGREGATE" : null,
                g.random.nextInt(3) == 0 ? g.oneOf("SUM", "MIN", "MAX", "AVG") : null, g.maybe("WITHSCORES")));
        add(2, g -> g.withOptional(of(g.oneOf("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"), g.key(), g.oneOf("2", "2", "1", "0", "9"),
                        g.sameTag(), g.sameTag()), g.random.nextInt(3) == 0 ? "AGGREGATE" : null,
                g.random.nextInt(3) == 0 ? g.oneOf("SUM", "MIN", "MAX") : null));
        add(1, g -> g.withOptional(of("ZINTERCARD", g.oneOf("2", "2", "1", "0", "9"), g.key(), g.sameTag()),
                g.random.nextBoolean() ? "LIMIT" : null, g.random.nextBoolean() ? g.oneOf("1", "0", "-1") : null));
    }

    private static final String[] SCRIPTS = {
            "return redis.call('GET', KEYS[1])",
            "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('INCR', KEYS[2])",
            "local v = redis.call('LRANGE', KEYS[1], 0, -1) return #v",
            "return {KEYS[1], ARGV[1], tonumber(ARGV[1]), 3.7, true, false, 'after'}",
            "return redis.call('ZADD', KEYS[1], ARGV[1], 'm1')",
            "return redis.pcall('LPUSH', KEYS[1], ARGV[1])",
            "return redis.sha1hex(ARGV[1])",
            "return redis.call('EXPIRE', KEYS[1], ARGV[1])",
            "error('stopped here')",
            "return redis.call('nosuch', KEYS[1])",
            "return redis.error_reply('MINE custom')",
            "return redis.status_reply(ARGV[1])",
            "local n = 0 for i = 1, 10 do n = n + redis.call('SADD', KEYS[1], 'x' .. i) end return n",
            "return cjson.encode({tonumber(ARGV[1]) or 0, KEYS[1]})",
            "return redis.call('HINCRBYFLOAT', KEYS[1], 'f', ARGV[1])",
            "return x",
            "return 1 +",
            // the bit, struct and cmsgpack libraries, with ARGV[1] (a random word) where a value or a choice goes
            "local n = tonumber(ARGV[1]) or #(ARGV[1] or '') return {bit.tobit(n), bit.bnot(n), bit.band(n, 0xff), bit.bor(n, 1, 256),"
                    + " bit.bxor(n, -1), bit.lshift(n, 31), bit.rshift(n, 3), bit.arshift(n, 3), bit.rol(n, 9), bit.ror(n, 9),"
                    + " bit.bswap(n), bit.tohex(n), bit.tohex(n, -3), bit.tohex(n, 12), bit.tobit(n * 2^40 + 0.5)}",
            "return bit.band(ARGV[1])",
            "local f = {'<i2', '>h', '!4 b i', 's', 'c0', 'q', 'd', 'f', 'x b x', 'i33', '>I3', '<L', 'c2 c1', '!3 i', 'bbbb'}"
                    + " local fmt = f[#(ARGV[1] or '') % #f + 1] return {struct.size(fmt), struct.pack(fmt, tonumber(ARGV[1]) or 300,"
                    + " -2, 65537, 1)}",
            "local f = {'>i4HbBc3', '<i4HbBc3', '!4 >i2 d f', 'b c0', 's s', '<I8 i8', '>l L'} local fmt = f[#(ARGV[1] or '') % #f + 1]"
                    + " local packed = struct.pack(fmt, tonumber(ARGV[1]) or -7, 65535, -2, 200, 'abc', 'de')"
                    + " local t = {struct.unpack(fmt, packed)} for i = 1, #t do t[i] = tostring(t[i]) end return {packed, t}",
            "return {struct.unpack('>H c0 b', ARGV[1] or '')}",
            "return {struct.unpack('s', ARGV[1] or '', tonumber(ARGV[1]) or 2)}",
            "return cmsgpack.pack({1, 2.5, -3, 'x', true, false, {-33, 200, 70000, 2^33, -2^33, -129, -40000}}, tonumber(ARGV[1]) or ARGV[1],"
                    + " 0.1, 1/0, 2^64, {a = 1, b = {c = 'd'}, [3] = 4}, {}, string.rep('z', 40), string.rep('y', 300))",
            "local t = cmsgpack.unpack(cmsgpack.pack({1, {2, {3, 'four'}}, 'x', -1.5, 2^53, {k = 'v'}})) return {t[1], t[2][2][2], t[3],"
                    + " tostring(t[4]), tostring(t[5]), t[6].k}",
            "return {cmsgpack.unpack_one(cmsgpack.pack(1, 'a', 3), tonumber(ARGV[1]) or 0)}",
            "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3, 4), 2, tonumber(ARGV[1]) or 0)}",
            "local t = {cmsgpack.unpack(ARGV[1] or '')} for i = 1, #t do t[i] = tostring(t[i]) end return t",
            "local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return cmsgpack.pack(t)",
            "return cmsgpack.pack()",
    };

    private void scripts() {
        add(3, g -> g.withOptional(of(g.oneOf("EVAL", "EVAL", "EVAL_RO"), SCRIPTS[g.random.nextInt(SCRIPTS.length)],
                g.oneOf("2", "2", "1", "0"), g.key(), g.sameTag()), g.word()));
        add(1, g -> of("EVALSHA", g.oneOf("ffffffffffffffffffffffffffffffffffffffff", "nope"), "0"));
    }

    private String rangeBound() {
        int kind = random.nextInt(4);
        return kind == 0 ? scoreBound() : kind == 1 ? lexBound() : integer();
    }

    private String scoreBound() {
        return (random.nextInt(4) == 0 ? "(" : "") + oneOf("-inf", "+inf", "0", "1", "2.5", "-1", "10", "abc", "", floating());
    }

    private String lexBound() {
        return oneOf("-", "+", "[m1", "(m5", "[", "(", "[1", "m2", "[m9", "(10");
    }
}
