package io.clustersync.proxy.internal.server;

import io.clustersync.core.api.Reply;
import io.clustersync.proxy.internal.commands.ClientSession;
import io.clustersync.proxy.internal.commands.CommandRouter;
import io.clustersync.proxy.internal.commands.CommandSpec;
import io.clustersync.proxy.internal.commands.CommandTable;
import io.clustersync.proxy.internal.commands.ConnectionCommands;
import io.clustersync.proxy.internal.commands.ReplicationCommands;
import io.clustersync.proxy.internal.commands.Transaction;
import io.clustersync.proxy.internal.commands.TransactionCommands;
import io.clustersync.proxy.internal.pubsub.PubSubCommands;
import io.clustersync.proxy.internal.pubsub.Subscriber;
import io.clustersync.proxy.internal.resp.ProtocolException;
import io.clustersync.proxy.internal.resp.RespDecoder;
import io.clustersync.proxy.internal.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of a proxy endpoint: checks each decoded command (known, arity, AUTH), answers
 * connection commands itself and routes data commands to their shards. Replies go out in the order the commands
 * came in, however the shards answer; a client that pipelines far ahead of the answers is paused.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final int PAUSE_AT = 10_000;
    private static final int RESUME_AT = 1_000;
    /** How far a replication stream's client may fall behind before it is cut off. */
    static final long STREAM_MAX_PENDING_BYTES = 64L << 20;
    /** How far a subscriber may fall behind its messages before it is cut off (Redis: 32 MB for pubsub clients). */
    static final long PUBSUB_MAX_PENDING_BYTES = 32L << 20;

    private final ProxyServer server;
    private final RespDecoder decoder;
    private final CommandRouter router;
    private final ConnectionCommands connectionCommands;
    private final ArrayDeque<CompletableFuture<Reply>> waiting = new ArrayDeque<>();
    private ClientSession session;
    private ChannelHandlerContext context;
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> incompleteCheck;
    /** Replies written since the last flush, in one buffer: a pipelined batch goes out in one write. */
    private ByteBuf unflushed;
    /** Set once CSYNC PSYNC turned this connection into a replication stream. */
    private ReplicationStream streaming;
    /** The blocking command this client waits on (BLPOP, ...), or null; commands that come meanwhile are held. */
    private CompletableFuture<Reply> blockedOn;
    private final ArrayDeque<byte[][]> held = new ArrayDeque<>();
    /** Set when the client shut down its sending side: close once every owed reply is written. */
    private boolean inputClosed;

    ClientConnection(ProxyServer server, RespDecoder decoder, CommandRouter router, ConnectionCommands connectionCommands) {
        this.server = server;
        this.decoder = decoder;
        this.router = router;
        this.connectionCommands = connectionCommands;
    }

    /** This connection as pub/sub sees it: messages come from any thread and are written on the connection's. */
    private final Subscriber subscriber = new Subscriber() {
        @Override
        public void push(Reply message) {
            ChannelHandlerContext ctx = context;
            if (ctx == null) {
                return;
            }
            if (ctx.executor().inEventLoop()) {
                pushNow(message);
            } else {
                ctx.executor().execute(() -> pushNow(message));
            }
        }
    };

    /**
     * Writes a pub/sub message at once. A subscriber that does not read while messages pile up past
     * {@link #PUBSUB_MAX_PENDING_BYTES} is disconnected, as Redis's client-output-buffer-limit for pubsub does.
     */
    private void pushNow(Reply message) {
        if (!context.channel().isActive()) {
            return;
        }
        ChannelOutboundBuffer pending = context.channel().unsafe().outboundBuffer();
        if (pending != null && pending.totalPendingWriteBytes() > PUBSUB_MAX_PENDING_BYTES) {
            LOG.warn("subscriber {} of {} does not read its messages ({} bytes waiting): disconnected", session.address(),
                    server.describe(), pending.totalPendingWriteBytes());
            context.close();
            return;
        }
        write(message);
        flush();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        context = ctx;
        session = new ClientSession(String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^/", ""),
                !server.router().database().passwordProtected());
        session.subscriber(subscriber);
        server.connected(ctx.channel());
        long timeout = server.limits().incompleteTimeoutMs();
        incompleteCheck = ctx.executor().scheduleAtFixedRate(this::checkIncomplete, timeout / 2, Math.max(50, timeout / 4),
                TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (incompleteCheck != null) {
            incompleteCheck.cancel(false);
        }
        if (unflushed != null) {
            unflushed.release();
            unflushed = null;
        }
        server.disconnected(ctx.channel());
        for (CompletableFuture<Reply> owed : waiting) {
            owed.cancel(false);
        }
        waiting.clear();
        held.clear();
        connectionCommands.pubsubHub().leave(server.router().database().id(), subscriber);
        if (session != null && !session.transaction().watches().isEmpty()) {
            connectionCommands.transactions().unwatch(server, session.transaction());
        }
        if (streaming != null) {
            streaming.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (session.closing()) {
            return;
        }
        byte[][] args = (byte[][]) msg;
        if (blockedOn != null) {
            held.addLast(args);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(ctx, args);
    }

    /**
     * Runs the commands that arrived while a blocking command waited, in order, until one blocks again: as in
     * Redis, a client blocked by BLPOP has nothing else run before its pop is answered.
     */
    private void resumeAfterBlocking() {
        if (blockedOn == null || !blockedOn.isDone() || !context.channel().isActive()) {
            return;
        }
        blockedOn = null;
        while (blockedOn == null && !held.isEmpty() && !session.closing()) {
            handle(context, held.pollFirst());
        }
        flush();
        closeWhenAnswered();
        if (blockedOn == null && held.isEmpty() && !context.channel().config().isAutoRead() && waiting.size() <= RESUME_AT) {
            context.channel().config().setAutoRead(true);
        }
    }

    private void handle(ChannelHandlerContext ctx, byte[][] args) {
        CommandSpec spec = CommandTable.find(args[0]);
        if (spec != null && spec.name().equals("CSYNC") && session.authenticated() && ReplicationCommands.isPsync(args)) {
            startStream(ctx, args);
            return;
        }
        if (streaming != null) {
            write(Reply.error("ERR this connection carries replication streams: only CSYNC PSYNC is taken on it"));
            flush();
            return;
        }
        CompletableFuture<Reply> reply = dispatch(spec, args);
        server.counted();
        if (!reply.isDone() && spec != null && (spec.flags().contains("blocking") || spec.group().equals("transactions"))) {
            // later commands wait: a blocked client runs nothing else (as in Redis), and a transaction's WATCH, EXEC
            // or UNWATCH must reach its shard before the commands that follow it
            blockedOn = reply;
            reply.whenComplete((r, e) -> ctx.executor().execute(this::resumeAfterBlocking));
        }
        if (waiting.isEmpty() && reply.isDone()) {
            write(reply.join());
            return;
        }
        waiting.addLast(reply);
        if (waiting.size() == 1) {
            reply.whenComplete((r, e) -> ctx.executor().execute(this::drain));
        }
        if (waiting.size() >= PAUSE_AT && ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** CSYNC PSYNC: from now on this connection carries the shard's replication stream. */
    private void startStream(ChannelHandlerContext ctx, byte[][] args) {
        server.counted();
        ReplicationCommands.Psync psync = ReplicationCommands.parsePsync(server.router(), args);
        Reply refusal = psync.refusal();
        if (refusal == null && !waiting.isEmpty()) {
            refusal = Reply.error("ERR CSYNC PSYNC must not be pipelined behind other commands");
        }
        if (refusal != null) {
            answerInOrder(refusal);
            return;
        }
        flush();
        if (streaming == null) {
            streaming = new ReplicationStream(ctx.channel(), session.protocol(), STREAM_MAX_PENDING_BYTES);
        }
        LOG.info("{} streams {} of {} from offset {} to {}", server.describe(), psync.shard().ref(),
                server.router().database().ref(), psync.offset(), session.address());
        ReplicationStream stream = streaming;
        connectionCommands.streamOpener().execute(() ->
                stream.add(connectionCommands.dataPlane(), psync.shard(), psync.replicationId(), psync.offset()));
    }

    private CompletableFuture<Reply> dispatch(CommandSpec spec, byte[][] args) {
        Reply refused = refusal(spec, args);
        Transaction transaction = session.transaction();
        if (transaction.open() && (spec == null || !TransactionCommands.runsInsideMulti(spec))) {
            if (refused != null) {
                transaction.refuse();
                return done(refused);
            }
            transaction.queue(spec, args);
            return done(QUEUED);
        }
        if (refused != null) {
            return done(refused);
        }
        if (spec.routing() == CommandSpec.Routing.CONNECTION) {
            return connectionCommands.run(session, server, spec, args);
        }
        return router.route(server.router(), spec, args);
    }

    /** Why the command cannot run (unknown, wrong arity, no AUTH yet, a write to a read-only database), or null. */
    private Reply refusal(CommandSpec spec, byte[][] args) {
        if (spec == null) {
            return unknownCommand(args);
        }
        if (!spec.arityMatches(args.length)) {
            return Reply.error("ERR wrong number of arguments for '" + spec.name().toLowerCase(Locale.ROOT) + "' command");
        }
        if (session.inSubscribedMode() && !PubSubCommands.allowedWhileSubscribed(spec.name())) {
            return PubSubCommands.notAllowedWhileSubscribed(spec.name());
        }
        Reply refused = ConnectionCommands.authGate(session, spec);
        if (refused != null) {
            return refused;
        }
        boolean writes = spec.writes() || spec.name().equals("EVAL") || spec.name().equals("EVALSHA");
        if (spec.routing() != CommandSpec.Routing.CONNECTION && server.router().database().readOnly() && writes) {
            return READ_ONLY;
        }
        return null;
    }

    private static final Reply QUEUED = new Reply.Simple("QUEUED");

    /** Redis's own words for a write to a read-only replica. */
    static final Reply READ_ONLY = Reply.error("READONLY You can't write against a read only replica.");

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /** Redis's wording: {@code ERR unknown command 'foo', with args beginning with: 'a' 'b' }. */
    static Reply unknownCommand(byte[][] args) {
        StringBuilder text = new StringBuilder("ERR unknown command '").append(clip(args[0])).append("', with args beginning with: ");
        for (int i = 1; i < args.length && text.length() < 256; i++) {
            text.append('\'').append(clip(args[i])).append("' ");
        }
        return Reply.error(text.toString());
    }

    private static String clip(byte[] arg) {
        String text = new String(arg, 0, Math.min(arg.length, 128), StandardCharsets.UTF_8);
        return text.replaceAll("[\\r\\n]", " ");
    }

    /** Writes the replies at the head of the queue that are ready, in order. */
    private void drain() {
        while (!waiting.isEmpty() && waiting.peekFirst().isDone()) {
            CompletableFuture<Reply> next = waiting.pollFirst();
            if (!next.isCancelled()) {
                write(next.join());
            }
        }
        if (!waiting.isEmpty()) {
            waiting.peekFirst().whenComplete((r, e) -> context.executor().execute(this::drain));
        }
        if (waiting.size() <= RESUME_AT && blockedOn == null && !context.channel().config().isAutoRead()) {
            context.channel().config().setAutoRead(true);
        }
        flush();
        closeWhenAnswered();
    }

    private void write(Reply reply) {
        if (unflushed == null) {
            unflushed = context.alloc().ioBuffer(512);
        }
        RespWriter.write(reply, session.protocol(), unflushed);
        if (session.closing() && waiting.isEmpty()) {
            // the last reply owed (QUIT's, a protocol error's after the replies before it): then the connection closes
            ByteBuf last = unflushed;
            unflushed = null;
            context.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        } else if (unflushed.readableBytes() >= 64 * 1024) {
            flush();
        }
    }

    private void flush() {
        if (unflushed != null) {
            ByteBuf out = unflushed;
            unflushed = null;
            context.writeAndFlush(out, context.voidPromise());
        }
    }

    /**
     * The client shut down its sending side: the replies still owed go out, then the connection closes (a client
     * that half-closes after its last command, as {@code nc -N} or a script does, still reads every reply).
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            if (blockedOn != null) {
                // a client gone while blocked takes nothing (Redis frees it and unblocks it); the commands it had
                // sent after the blocking one are dropped with it
                blockedOn.cancel(false);
                held.clear();
            }
            closeWhenAnswered();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    private void closeWhenAnswered() {
        if (inputClosed && waiting.isEmpty() && held.isEmpty() && blockedOn == null && streaming == null) {
            flush();
            context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException protocol) {
            LOG.debug("protocol error from {} on {}: {}", session.address(), server.describe(), protocol.getMessage());
            server.protocolError();
            protocolError(protocol.getMessage());
        } else if (root instanceof IOException) {
            LOG.debug("connection of {} to {} lost: {}", session == null ? "?" : session.address(), server.describe(), root.getMessage());
            ctx.close();
        } else {
            LOG.warn("client {} of {}: unexpected {}; closing its connection", session == null ? "?" : session.address(),
                    server.describe(), root.toString(), root);
            ctx.close();
        }
    }

    /** Answers {@code -ERR Protocol error: ...} after the replies already owed, then closes the connection. */
    private void protocolError(String message) {
        ChannelHandlerContext ctx = context;
        ctx.channel().config().setAutoRead(false);
        session.closeAfterReply();
        answerInOrder(Reply.error("ERR Protocol error: " + message));
        flush();
    }

    /** Writes a reply the connection itself gives, after the replies still owed to earlier commands. */
    private void answerInOrder(Reply reply) {
        if (waiting.isEmpty()) {
            write(reply);
        } else {
            waiting.addLast(done(reply));
        }
    }

    private void checkIncomplete() {
        long idleMs = (System.nanoTime() - lastReadNanos) / 1_000_000;
        if (decoder.midRequest() && idleMs >= server.limits().incompleteTimeoutMs() && context.channel().isActive()
                && !session.closing()) {
            server.protocolError();
            protocolError("request incomplete for " + idleMs + " ms (the client stopped halfway)");
        }
    }
}
