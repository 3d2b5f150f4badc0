package io.clustersync.core.internal.shards;

import io.clustersync.core.api.KeyspaceEventClasses;
import io.clustersync.core.api.Reply;

import java.util.Map;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * DUMP and RESTORE in Redis's serialization ({@link RdbCodec}), with Redis 7.0's checks and words. A RESTORE is
 * recorded as the writes that make the value (the key deleted first), so that a replica needs no payload.
 */
final class DumpCommands {

    private DumpCommands() {
    }

    static void register(Map<String, ShardCommands.Command> commands) {
        commands.put("DUMP", (s, a, now) -> {
            Object value = s.lookup(new Key(a[1]), now);
            return value == null ? Reply.NIL : new Reply.Bulk(RdbCodec.dump(value));
        });
        commands.put("RESTORE", DumpCommands::restore);
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    private static Reply restore(ShardStore store, byte[][] args, long now) {
        boolean replace = false;
        boolean absolute = false;
        boolean idle = false;
        boolean frequency = false;
        for (int j = 4; j < args.length; j++) {
            boolean more = j + 1 < args.length;
            if (is(args[j], "REPLACE")) {
                replace = true;
            } else if (is(args[j], "ABSTTL")) {
                absolute = true;
            } else if (is(args[j], "IDLETIME") && more && !frequency) {
                if (integer(args[++j]) < 0) {
                    return Reply.error("ERR Invalid IDLETIME value, must be >= 0");
                }
                idle = true;
            } else if (is(args[j], "FREQ") && more && !idle) {
                long freq = integer(args[++j]);
                if (freq < 0 || freq > 255) {
                    return Reply.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
                frequency = true;
            } else {
                return Reply.SYNTAX;
            }
        }
        Key key = new Key(args[1]);
        boolean exists = store.lookup(key, now) != null;
        if (!replace && exists) {
            return Reply.error("BUSYKEY Target key name already exists.");
        }
        long ttl = integer(args[2]);
        if (ttl < 0) {
            return Reply.error("ERR Invalid TTL value, must be >= 0");
        }
        if (!RdbCodec.verify(args[3])) {
            return Reply.error("ERR DUMP payload version or checksum are wrong");
        }
        Object value;
        try {
            value = RdbCodec.restore(args[3]);
        } catch (RdbCodec.BadFormat e) {
            return Reply.error("ERR Bad data format");
        }
        if (ttl > 0 && !absolute) {
            ttl = ttl > Long.MAX_VALUE - now ? Long.MAX_VALUE : ttl + now;
        }
        boolean expired = ttl > 0 && ttl <= now; // already expired: nothing is made
        boolean existed = store.replace(key, expired ? null : value, ttl, now);
        if (expired && existed) {
            store.notify(KeyspaceEventClasses.GENERIC, "del", key.bytes);
        } else if (!expired) {
            if (existed) {
                store.notify(KeyspaceEventClasses.NEW, "new", key.bytes); // REPLACE deletes the key and adds it anew
            }
            store.notify(KeyspaceEventClasses.GENERIC, "restore", key.bytes);
        }
        return Reply.OK;
    }
}
