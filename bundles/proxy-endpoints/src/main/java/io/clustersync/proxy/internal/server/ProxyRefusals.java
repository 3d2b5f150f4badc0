package io.clustersync.proxy.internal.server;

import io.clustersync.core.api.RefusalLog;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;

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

    private final String proxy;
    private final RefusalLog handshakes = new RefusalLog(LOG);
    private final RefusalLog passwords = new RefusalLog(LOG);

    ProxyRefusals(String proxy) {
        this.proxy = proxy;
    }

    long refused() {
        return handshakes.count();
    }

    long passwords() {
        return passwords.count();
    }

    /** A client gave a wrong password (its connection stays, as Redis keeps it, unauthenticated). */
    void password(String client) {
        passwords.refused("proxy " + proxy + " refused the password of " + client + " (WRONGPASS)");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            handshakes.refused("proxy " + proxy + " refused a TLS handshake from " + ctx.channel().remoteAddress() + ": "
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
