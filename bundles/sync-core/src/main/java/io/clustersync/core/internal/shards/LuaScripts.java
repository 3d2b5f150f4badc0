package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;
import party.iroiro.luajava.Lua;
import party.iroiro.luajava.LuaException;
import party.iroiro.luajava.lua51.Lua51;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Lua 5.1 of one shard's scripts (Redis's Lua, through LuaJava): one interpreter, made at the first script, used
 * under the shard's monitor only. {@link #run} runs a script with its keys and arguments; {@code redis.call} runs
 * commands on this shard directly, so a script is atomic on its shard, and its writes are recorded as one write
 * (the shard gathers them), never as the script: a replica or another cluster gets the effects, not the code.
 * A script running longer than {@link #TIME_LIMIT_MS} is stopped with an error (Redis would answer BUSY to other
 * clients until SCRIPT KILL); what it wrote before stays, as in Redis.
 */
final class LuaScripts implements AutoCloseable {

    static final long TIME_LIMIT_MS = 5000;
    private static final int HOOK_EVERY = 100_000;
    private static final Set<String> NOT_IN_SCRIPTS = Set.of("BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP",
            "BZPOPMIN", "BZPOPMAX", "BZMPOP", "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "SCRIPT", "MULTI", "EXEC",
            "DISCARD", "WATCH", "UNWATCH", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE",
            "SUNSUBSCRIBE", "AUTH", "HELLO", "CLIENT", "QUIT", "RESET");
    /** The commands that write, refused in EVAL_RO. */
    private static final Set<String> WRITES = Set.of("SET", "SETNX", "SETEX", "PSETEX", "GETSET", "GETDEL", "GETEX",
            "MSET", "MSETNX", "INCR", "INCRBY", "DECR", "DECRBY", "INCRBYFLOAT", "APPEND", "SETRANGE", "DEL", "UNLINK",
            "EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "PERSIST", "RENAME", "RENAMENX", "COPY", "RESTORE", "SORT",
            "FLUSHDB", "FLUSHALL", "HSET", "HMSET", "HSETNX", "HDEL", "HINCRBY", "HINCRBYFLOAT", "LPUSH", "RPUSH",
            "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LSET", "LINSERT", "LREM", "LTRIM", "LMOVE", "RPOPLPUSH", "LMPOP",
            "SADD", "SREM", "SPOP", "SMOVE", "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE", "ZADD", "ZINCRBY", "ZREM",
            "ZPOPMIN", "ZPOPMAX", "ZMPOP", "ZRANGESTORE", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREMRANGEBYLEX",
            "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE");

    private final ShardStore store;
    private final Lua lua;
    private final Set<String> loaded = new HashSet<>();
    /** The call in progress: its clock, its deadline and whether it may write. */
    private long now;
    private long deadlineNanos;
    private boolean readOnly;

    /** An error a script gave: its message and where in the script. */
    record ScriptError(String message, String source, long line) {
    }

    LuaScripts(ShardStore store) {
        this.store = store;
        this.lua = new Lua51();
        lua.openLibraries();
        lua.push(l -> call(l, false));
        lua.setGlobal("__clustersync_call");
        lua.push(l -> call(l, true));
        lua.setGlobal("__clustersync_call_raising");
        lua.push(l -> {
            l.push(sha1(bytes(l, 1)));
            return 1;
        });
        lua.setGlobal("__clustersync_sha1");
        lua.push(l -> {
            l.push(System.nanoTime() - deadlineNanos > 0);
            return 1;
        });
        lua.setGlobal("__clustersync_expired");
        LuaBit.open(lua);
        lua.setGlobal("bit");
        LuaStruct.open(lua);
        lua.setGlobal("struct");
        LuaMsgpack.open(lua);
        lua.setGlobal("cmsgpack");
        lua.push(LuaJson::encode);
        lua.setGlobal("__clustersync_json_encode");
        lua.push(LuaJson::decode);
        lua.setGlobal("__clustersync_json_decode");
        try (InputStream prelude = LuaScripts.class.getResourceAsStream("prelude.lua")) {
            if (prelude == null) {
                throw new IllegalStateException("prelude.lua is missing from the bundle");
            }
            lua.run(direct(prelude.readAllBytes()), "=prelude");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read prelude.lua: " + e.getMessage(), e);
        }
    }

    static String sha1(byte[] script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(String sha) {
        return loaded.contains(sha.toLowerCase(Locale.ROOT));
    }

    void flush() {
        lua.getGlobal("__clustersync_scripts");
        for (String sha : loaded) {
            lua.push(sha);
            lua.pushNil();
            lua.rawSet(-3);
        }
        lua.pop(1);
        loaded.clear();
    }

    /** Compiles and keeps a script; answers its SHA-1, or throws with Redis's compile error. */
    String load(byte[] script) {
        String sha = sha1(script);
        if (loaded.contains(sha)) {
            return sha;
        }
        lua.getGlobal("__clustersync_scripts");
        try {
            lua.load(direct(script), "@user_script");
        } catch (LuaException e) {
            lua.setTop(0);
            throw new Arguments.Refused("ERR Error compiling script (new function): " + e.getMessage());
        }
        lua.push(sha);
        lua.insert(-2);
        lua.rawSet(-3);
        lua.pop(1);
        loaded.add(sha);
        return sha;
    }

    /** Runs a loaded script; its reply, or Redis's error reply for what went wrong in it. */
    Reply run(String sha, List<byte[]> keys, List<byte[]> args, boolean readOnlyScript, long clock) {
        now = clock;
        readOnly = readOnlyScript;
        deadlineNanos = System.nanoTime() + TIME_LIMIT_MS * 1_000_000;
        lua.setTop(0);
        lua.getGlobal("__clustersync_run");
        lua.getGlobal("__clustersync_scripts");
        lua.getField(-1, sha);
        lua.insert(-2);
        lua.pop(1);
        table(keys);
        table(args);
        lua.push(HOOK_EVERY);
        try {
            lua.pCall(4, 2);
        } catch (LuaException e) {
            lua.setTop(0);
            return Reply.error("ERR " + e.getMessage() + " script: " + sha);
        }
        try {
            if (lua.toBoolean(1)) {
                return toReply(2, 0);
            }
            lua.getField(2, "err");
            String message = lua.isString(-1) ? new String(bytes(lua, -1), StandardCharsets.UTF_8) : "ERR unknown error";
            lua.getField(2, "source");
            String source = lua.isString(-1) ? lua.toString(-1) : "@user_script";
            lua.getField(2, "line");
            long line = lua.isNumber(-1) ? (long) lua.toNumber(-1) : 0;
            return Reply.error(message + " script: " + sha + ", on " + source + ":" + line + ".");
        } finally {
            lua.setTop(0);
        }
    }

    /** C's (long long) cast of a double on x86-64: a number out of range (or NaN) gives the smallest long. */
    static long toLong(double number) {
        return Double.isNaN(number) || number >= 0x1p63 || number < -0x1p63 ? Long.MIN_VALUE : (long) number;
    }

    /**
     * Raises an error from a Java function as luaL_error would: the message after the position of the script line
     * that called the function.
     */
    static int raise(Lua l, String message) {
        l.setTop(0);
        l.getGlobal("__clustersync_where");
        try {
            l.pCall(0, 1);
            String where = l.isString(-1) ? l.toString(-1) : "";
            l.setTop(0);
            l.push(where + message);
        } catch (LuaException e) {
            l.setTop(0);
            l.push(message);
        }
        return -1;
    }

    private void table(List<byte[]> values) {
        lua.createTable(values.size(), 0);
        for (int i = 0; i < values.size(); i++) {
            pushBytes(values.get(i));
            lua.rawSetI(-2, i + 1);
        }
    }

    /**
     * redis.call ({@code raising}) and redis.pcall: runs the command on this shard and answers its reply; an error
     * is the table {err = ...}, which redis.call raises (a Java function returning -1 raises the value on top).
     */
    private int call(Lua l, boolean raising) {
        int answered = answer(l);
        if (raising && l.isTable(-1)) {
            l.getField(-1, "err");
            boolean error = l.isString(-1);
            l.pop(1);
            if (error) {
                return -1;
            }
        }
        return answered;
    }

    private int answer(Lua l) {
        int argc = l.getTop();
        if (argc == 0) {
            return error(l, "ERR Please specify at least one argument for this redis lib call");
        }
        byte[][] args = new byte[argc][];
        for (int i = 1; i <= argc; i++) {
            Lua.LuaType type = l.type(i);
            if (type == Lua.LuaType.NUMBER) {
                args[i - 1] = ShardStore.bytes(Floats.format(l.toNumber(i)));
            } else if (type == Lua.LuaType.STRING) {
                args[i - 1] = bytes(l, i);
            } else {
                return error(l, "ERR Lua redis lib command arguments must be strings or integers");
            }
        }
        String name = Arguments.text(args[0]).toUpperCase(Locale.ROOT);
        if (NOT_IN_SCRIPTS.contains(name) || name.startsWith("CSYNC")) {
            return error(l, "ERR This Redis command is not allowed from script");
        }
        if (!ShardCommands.knows(name)) {
            return error(l, "ERR Unknown Redis command called from script");
        }
        if (readOnly && WRITES.contains(name)) {
            return error(l, "ERR Write commands are not allowed from read-only scripts.");
        }
        Reply reply;
        try {
            reply = ShardCommands.execute(store, args, now);
        } catch (Keyspace.WrongSlotException e) {
            return error(l, "ERR Script attempted to access a non local key in a cluster node");
        }
        if (reply instanceof Reply.Err err && err.message().startsWith("ERR wrong number of arguments for")) {
            return error(l, "ERR Wrong number of args calling Redis command from script");
        }
        l.setTop(0);
        push(reply);
        return 1;
    }

    private int error(Lua l, String message) {
        l.setTop(0);
        l.createTable(0, 1);
        l.push(message);
        l.setField(-2, "err");
        return 1;
    }

    /** A command's reply as Lua sees it (Redis's conversion for RESP2). */
    private void push(Reply reply) {
        if (reply instanceof Reply.Int integer) {
            lua.push(integer.value());
        } else if (reply instanceof Reply.Bulk bulk) {
            if (bulk.value() == null) {
                lua.push(false);
            } else {
                pushBytes(bulk.value());
            }
        } else if (reply instanceof Reply.Real real) {
            lua.push(real.text());
        } else if (reply instanceof Reply.Verbatim verbatim) {
            lua.push(verbatim.text());
        } else if (reply instanceof Reply.Simple simple) {
            lua.createTable(0, 1);
            lua.push(simple.text());
            lua.setField(-2, "ok");
        } else if (reply instanceof Reply.Err err) {
            lua.createTable(0, 1);
            lua.push(err.message());
            lua.setField(-2, "err");
        } else if (reply instanceof Reply.Multi multi) {
            if (multi.items() == null) {
                lua.push(false);
                return;
            }
            lua.createTable(multi.items().size(), 0);
            for (int i = 0; i < multi.items().size(); i++) {
                push(multi.items().get(i));
                lua.rawSetI(-2, i + 1);
            }
        }
    }

    /** A Lua value (at {@code index}) as a reply, by Redis's rules; tables nested at most 64 deep. */
    private Reply toReply(int index, int depth) {
        int at = index < 0 ? lua.getTop() + index + 1 : index;
        Lua.LuaType type = lua.type(at);
        switch (type) {
            case NUMBER:
                return Reply.integer(toLong(lua.toNumber(at)));
            case STRING:
                return new Reply.Bulk(bytes(lua, at));
            case BOOLEAN:
                return lua.toBoolean(at) ? Reply.ONE : Reply.NIL;
            case TABLE: {
                lua.getField(at, "err");
                if (lua.isString(-1)) {
                    String message = new String(bytes(lua, -1), StandardCharsets.UTF_8);
                    lua.pop(1);
                    return Reply.error(message);
                }
                lua.pop(1);
                lua.getField(at, "ok");
                if (lua.isString(-1)) {
                    String status = lua.toString(-1);
                    lua.pop(1);
                    return new Reply.Simple(status);
                }
                lua.pop(1);
                if (depth >= 64) {
                    return Reply.error("ERR reached lua stack limit");
                }
                List<Reply> items = new ArrayList<>();
                for (int i = 1; ; i++) {
                    lua.rawGetI(at, i);
                    if (lua.isNil(-1)) {
                        lua.pop(1);
                        break;
                    }
                    items.add(toReply(-1, depth + 1));
                    lua.pop(1);
                }
                return Reply.array(items);
            }
            default:
                return Reply.NIL;
        }
    }

    /** Pushes a string byte for byte: plain ASCII directly, anything else through a chunk of decimal escapes. */
    private void pushBytes(byte[] value) {
        pushBytes(lua, value);
    }

    static void pushBytes(Lua l, byte[] value) {
        boolean plain = true;
        for (byte b : value) {
            if (b <= 0) {
                plain = false;
                break;
            }
        }
        if (plain) {
            l.push(new String(value, StandardCharsets.US_ASCII));
            return;
        }
        StringBuilder chunk = new StringBuilder(value.length * 4 + 10).append("return \"");
        for (byte b : value) {
            chunk.append('\\').append(b & 0xff);
        }
        chunk.append('"');
        try {
            l.load(direct(chunk.toString().getBytes(StandardCharsets.US_ASCII)), "=bytes");
            l.pCall(0, 1);
        } catch (LuaException e) {
            throw new IllegalStateException("cannot pass " + value.length + " bytes to Lua: " + e.getMessage(), e);
        }
    }

    /** The bytes of the string (or number) at {@code index}. */
    static byte[] bytes(Lua l, int index) {
        ByteBuffer buffer = l.toBuffer(index);
        if (buffer == null) {
            String text = l.toString(index);
            return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer;
    }

    @Override
    public void close() {
        lua.close();
    }
}
