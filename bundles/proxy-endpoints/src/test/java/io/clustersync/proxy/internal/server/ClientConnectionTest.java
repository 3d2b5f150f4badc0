package io.clustersync.proxy.internal.server;

import io.clustersync.core.api.ClusterModel;
import io.clustersync.core.api.DataPlane;
import io.clustersync.core.api.Database;
import io.clustersync.core.api.Endpoint;
import io.clustersync.core.api.HashSlot;
import io.clustersync.core.api.ProxyPolicy;
import io.clustersync.core.api.ReplicaState;
import io.clustersync.core.api.Reply;
import io.clustersync.core.api.Shard;
import io.clustersync.core.api.SyncerMode;
import io.clustersync.proxy.internal.commands.CommandRouter;
import io.clustersync.proxy.internal.commands.ConnectionCommands;
import io.clustersync.proxy.internal.pubsub.PubSubHub;
import io.clustersync.proxy.internal.resp.ProtocolLimits;
import io.clustersync.proxy.internal.resp.RespDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One client connection of a proxy, driven through Netty's embedded channel: replies leave in the order of the
 * requests whatever order the shards answer in, refusals are Redis's words, and a protocol error is answered after
 * the replies already owed, then the connection closes.
 */
class ClientConnectionTest {

    /** The shard's answers the test gives, by the command's key, completed when the test says. */
    private final Map<String, CompletableFuture<Reply>> pending = new LinkedHashMap<>();
    private final List<String> executed = new ArrayList<>();

    private EmbeddedChannel connect(boolean readOnly) {
        DataPlane plane = (DataPlane) Proxy.newProxyInstance(DataPlane.class.getClassLoader(), new Class<?>[] {DataPlane.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        byte[][] command = (byte[][]) args[1];
                        String key = new String(command[1], StandardCharsets.UTF_8);
                        executed.add(new String(command[0], StandardCharsets.UTF_8) + " " + key);
                        return pending.computeIfAbsent(key, k -> new CompletableFuture<>());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        ClusterModel model = (ClusterModel) Proxy.newProxyInstance(ClusterModel.class.getClassLoader(),
                new Class<?>[] {ClusterModel.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        Shard shard = new Shard(1, 1, 1, Shard.MASTER, 0, HashSlot.SLOTS - 1);
        Database db = new Database(1, "orders", 1, false, SyncerMode.CENTRALIZED, List.of(shard),
                List.of(new Endpoint(1, 1, 12000, ProxyPolicy.SINGLE)), List.of(), ReplicaState.DISABLED, readOnly);
        CommandRouter router = new CommandRouter(plane);
        ConnectionCommands commands = new ConnectionCommands(plane, model, Runnable::run, Runnable::run, new PubSubHub());
        ProxyServer server = new ProxyServer(db, "127.0.0.1", ProtocolLimits.DEFAULTS, router, commands, null);
        RespDecoder decoder = new RespDecoder(ProtocolLimits.DEFAULTS);
        return new EmbeddedChannel(decoder, new ClientConnection(server, decoder, router, commands));
    }

    private static void send(EmbeddedChannel channel, String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
    }

    private static String received(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void pipelinedRepliesLeaveInTheOrderOfTheRequests() {
        EmbeddedChannel channel = connect(false);
        send(channel, "GET a\r\nGET b\r\nPING\r\n");
        assertEquals(List.of("GET a", "GET b"), executed, "both commands run at once, pipelined");
        assertEquals("", received(channel), "nothing leaves before the first reply");
        pending.get("b").complete(Reply.bulk("B"));
        assertEquals("", received(channel), "b's reply waits for a's");
        pending.get("a").complete(Reply.bulk("A"));
        assertEquals("$1\r\nA\r\n$1\r\nB\r\n+PONG\r\n", received(channel));
        assertTrue(channel.isActive());
    }

    @Test
    void refusalsAreRedisWordsAndTheConnectionGoesOn() {
        EmbeddedChannel channel = connect(false);
        send(channel, "FOO x\r\nGET\r\nPING\r\n");
        assertEquals("-ERR unknown command 'FOO', with args beginning with: 'x' \r\n"
                + "-ERR wrong number of arguments for 'get' command\r\n+PONG\r\n", received(channel));
        assertEquals(List.of(), executed);
        assertTrue(channel.isActive());
    }

    @Test
    void aReadOnlyDatabaseRefusesWritesAndServesReads() {
        EmbeddedChannel channel = connect(true);
        send(channel, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        pending.get("k").complete(Reply.NIL);
        assertEquals("-READONLY You can't write against a read only replica.\r\n$-1\r\n", received(channel));
        assertEquals(List.of("GET k"), executed);
    }

    @Test
    void aProtocolErrorIsAnsweredAfterTheOwedRepliesThenTheConnectionCloses() {
        EmbeddedChannel channel = connect(false);
        send(channel, "GET a\r\n*1\r\n$x\r\n");
        assertTrue(channel.isActive(), "still open while a reply is owed");
        pending.get("a").complete(Reply.bulk("A"));
        String out = received(channel);
        assertTrue(out.startsWith("$1\r\nA\r\n-ERR Protocol error: "), out);
        channel.runPendingTasks();
        assertFalse(channel.isActive(), "closed after the protocol error");
    }
}
