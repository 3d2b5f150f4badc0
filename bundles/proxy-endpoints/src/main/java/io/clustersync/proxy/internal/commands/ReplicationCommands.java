package io.clustersync.proxy.internal.commands;

import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.ProxyBinding;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code CSYNC}, the commands a destination cluster's syncer sends to a source proxy: {@code CSYNC SHARDS} lists
 * the database's master shards with their slots, node and the proxy of this endpoint on that node as that node
 * announces it (nil when there is none, or when that node does not answer) and the endpoint's proxy policy; {@code CSYNC PSYNC <shard> <replid|?> <offset>} turns the connection into replication streams
 * and adds that shard's (handled by the connection itself; see {@code ReplicationStream}).
 */
public final class ReplicationCommands {

    private ReplicationCommands() {
    }

    static Reply shards(DataPlane dataPlane, EndpointView endpoint, byte[][] args) {
        String sub = new String(args[1], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        if (!sub.equals("SHARDS")) {
            return Reply.error("ERR unknown subcommand '" + new String(args[1], StandardCharsets.UTF_8)
                    + "'. CSYNC knows SHARDS and PSYNC <shard> <replid|?> <offset>");
        }
        List<ProxyBinding> bindings = dataPlane.bindings(endpoint.router().database());
        List<Reply> rows = new ArrayList<>();
        for (Shard shard : endpoint.router().shards()) {
            String proxy = bindings.stream().filter(b -> b.nodeId() == shard.nodeId()
                            && b.endpointId().equals(endpoint.router().database().endpoint().id()))
                    .map(ProxyBinding::announcedAddress).findFirst().orElse(null);
            rows.add(Reply.array(List.of(Reply.bulk(shard.ref()), Reply.integer(shard.firstSlot()),
                    Reply.integer(shard.lastSlot()), Reply.bulk("node:" + shard.nodeId()),
                    proxy == null ? Reply.NIL : Reply.bulk(proxy),
                    Reply.bulk(endpoint.router().database().endpoint().policy().label()))));
        }
        return Reply.array(rows);
    }

    /** A PSYNC request, or the error to answer. */
    public record Psync(Shard shard, String replicationId, long offset, Reply refusal) {
    }

    public static Psync parsePsync(ShardRouter router, byte[][] args) {
        if (args.length != 5) {
            return new Psync(null, null, 0, Reply.error("ERR wrong number of arguments for 'csync|psync' command"));
        }
        String wanted = new String(args[2], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        Shard shard = router.shards().stream().filter(s -> s.ref().equals(wanted) || Integer.toString(s.id()).equals(wanted))
                .findFirst().orElse(null);
        if (shard == null) {
            return new Psync(null, null, 0, Reply.error("ERR no master shard '" + wanted + "' in "
                    + router.database().ref() + "; CSYNC SHARDS lists them"));
        }
        long offset;
        try {
            offset = Long.parseLong(new String(args[4], StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return new Psync(null, null, 0, Reply.NOT_INTEGER);
        }
        String id = new String(args[3], StandardCharsets.US_ASCII);
        return new Psync(shard, id.equals("?") ? "" : id, offset, null);
    }

    public static boolean isPsync(byte[][] args) {
        return args.length >= 2 && new String(args[1], StandardCharsets.US_ASCII).equalsIgnoreCase("PSYNC");
    }
}
