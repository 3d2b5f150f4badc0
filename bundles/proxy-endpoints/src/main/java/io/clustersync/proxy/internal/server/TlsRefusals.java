package io.clustersync.proxy.internal.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands right behind a TLS proxy's TLS handler: a handshake that fails (plain text on the TLS port, a client that
 * does not trust the node's certificate, a missing or foreign client certificate) is counted, logged with the
 * client's address and the reason, and its connection closed without the WARN of an unexpected error. Log lines are
 * kept to one a second per proxy; the count takes every refusal.
 */
@ChannelHandler.Sharable
final class TlsRefusals extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsRefusals.class);
    private static final long LOG_EVERY_MS = 1000;

    private final String proxy;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogMs = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();

    TlsRefusals(String proxy) {
        this.proxy = proxy;
    }

    long refused() {
        return refused.get();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            refused.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastLogMs.get();
            if (now - last >= LOG_EVERY_MS && lastLogMs.compareAndSet(last, now)) {
                long more = unlogged.getAndSet(0);
                LOG.warn("proxy {} refused a TLS handshake from {}: {}{}", proxy, ctx.channel().remoteAddress(),
                        reason(done.cause()), more == 0 ? "" : " (and " + more + " more since the last such line)");
            } else {
                unlogged.incrementAndGet();
            }
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SSLException) {
            ctx.close(); // counted and logged by the handshake's failure event
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private static String reason(Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof NotSslRecordException) {
            return "not a TLS record (a plain-text client on a TLS port?)";
        }
        String message = root == null ? "" : String.valueOf(root.getMessage());
        return root == null ? "handshake failed" : root.getClass().getSimpleName() + ": " + message;
    }
}
