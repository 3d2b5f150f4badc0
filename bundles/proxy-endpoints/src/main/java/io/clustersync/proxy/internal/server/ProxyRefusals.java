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
 * What a proxy refuses, counted and logged with the client's address and the reason: TLS handshakes (it stands right
 * behind a TLS proxy's TLS handler: plain text on the TLS port, a client that does not trust the node's certificate,
 * a missing or foreign client certificate; the connection is closed without the WARN of an unexpected error) and
 * passwords (AUTH or HELLO ... AUTH with a wrong one). Log lines are kept to one a second per proxy; the counts take
 * every refusal.
 */
@ChannelHandler.Sharable
final class ProxyRefusals extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyRefusals.class);
    private static final long LOG_EVERY_MS = 1000;

    private final String proxy;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong passwords = new AtomicLong();
    /** When each kind (TLS, password) was last logged, and how many of it went unlogged since. */
    private final AtomicLong lastTlsLogMs = new AtomicLong();
    private final AtomicLong unloggedTls = new AtomicLong();
    private final AtomicLong lastPasswordLogMs = new AtomicLong();
    private final AtomicLong unloggedPasswords = new AtomicLong();

    ProxyRefusals(String proxy) {
        this.proxy = proxy;
    }

    long refused() {
        return refused.get();
    }

    long passwords() {
        return passwords.get();
    }

    /** A client gave a wrong password (its connection stays, as Redis keeps it, unauthenticated). */
    void password(String client) {
        passwords.incrementAndGet();
        log(lastPasswordLogMs, unloggedPasswords, "refused the password of " + client + " (WRONGPASS)");
    }

    private void log(AtomicLong lastLogMs, AtomicLong unlogged, String what) {
        long now = System.currentTimeMillis();
        long last = lastLogMs.get();
        if (now - last >= LOG_EVERY_MS && lastLogMs.compareAndSet(last, now)) {
            long more = unlogged.getAndSet(0);
            LOG.warn("proxy {} {}{}", proxy, what, more == 0 ? "" : " (and " + more + " more refusals since the last such line)");
        } else {
            unlogged.incrementAndGet();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            refused.incrementAndGet();
            log(lastTlsLogMs, unloggedTls, "refused a TLS handshake from " + ctx.channel().remoteAddress() + ": "
                    + reason(done.cause()));
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
