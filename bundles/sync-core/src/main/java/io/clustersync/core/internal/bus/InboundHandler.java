package io.clustersync.core.internal.bus;

import io.clustersync.core.api.ClusterNode;
import io.clustersync.core.internal.node.RootCause;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.util.Locale;

/**
 * The accepting side of a bus connection: the first frame must be a {@link Hello} this cluster accepts;
 * after it, heartbeats mark the peer as online. Anything else is refused, logged and closed.
 */
final class InboundHandler extends SimpleChannelInboundHandler<Frame> {

    private final String clusterName;
    private final int localNodeId;
    private final PeerTable peers;
    private final FrameDispatch handlers;
    private int peerId;
    private boolean refused;

    InboundHandler(String clusterName, int localNodeId, PeerTable peers, FrameDispatch handlers) {
        this.clusterName = clusterName;
        this.localNodeId = localNodeId;
        this.peers = peers;
        this.handlers = handlers;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            refused = true;
            peers.refused(remote(ctx), handshakeRefusal(handshake.cause()));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Why a peer's TLS handshake failed. A certificate this cluster does not trust (or a peer that did not trust
     * ours) is named as such; any other failure is reported as it is, without guessing.
     */
    static String handshakeRefusal(Throwable cause) {
        String message = RootCause.message(cause);
        boolean certificate = false;
        for (Throwable t = cause; t != null && !certificate; t = t.getCause() == t ? null : t.getCause()) {
            certificate = t instanceof CertificateException
                    || String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("certificate");
        }
        return "TLS handshake failed (" + message + ")"
                + (certificate ? ": the peer does not share this cluster's certificate" : "");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (peerId == 0) {
            if (frame.type() != Frame.HELLO) {
                refuse(ctx, "first frame is of type " + frame.type() + ", not HELLO");
                return;
            }
            Hello hello = Hello.from(frame);
            String problem = check(hello, ctx);
            if (problem != null) {
                refuse(ctx, problem);
                return;
            }
            peerId = hello.nodeId();
            ctx.writeAndFlush(Frame.welcome(localNodeId));
            peers.heard(peerId);
            return;
        }
        peers.heard(peerId);
        if (frame.type() >= Frame.FIRST_APPLICATION_TYPE) {
            if (!handlers.dispatch(peerId, frame)) {
                peers.linkError(peerId, "no handler for frame type " + frame.type() + " from node:" + peerId
                        + ", and no room to hold it until one registers (" + FrameDispatch.HOLD_PER_TYPE
                        + " frames of a type, " + FrameDispatch.HOLD_BYTES / (1024 * 1024) + " MB in all)");
            }
        }
    }

    private String check(Hello hello, ChannelHandlerContext ctx) {
        if (hello.protocolVersion() != Hello.PROTOCOL_VERSION) {
            return "protocol version " + hello.protocolVersion() + " is not supported (this node speaks "
                    + Hello.PROTOCOL_VERSION + ")";
        }
        if (!clusterName.equals(hello.clusterName())) {
            return "node:" + hello.nodeId() + " belongs to cluster '" + hello.clusterName() + "', this is cluster '"
                    + clusterName + "'";
        }
        ClusterNode known = peers.node(hello.nodeId());
        if (known == null) {
            return "node:" + hello.nodeId() + " is not among this node's peers";
        }
        String from = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        if (!from.equals(known.address()) && !known.address().equals(((InetSocketAddress) ctx.channel().remoteAddress()).getHostString())) {
            return "node:" + hello.nodeId() + " is at " + known.address() + ", not " + from;
        }
        return null;
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        refused = true;
        peers.refused(remote(ctx), reason);
        ctx.writeAndFlush(Frame.refuse(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (refused) {
            ctx.close();
            return;
        }
        if (peerId == 0) {
            refused = true;
            peers.refused(remote(ctx), RootCause.message(cause));
        } else {
            peers.linkError(peerId, "inbound connection failed: " + RootCause.message(cause));
        }
        ctx.close();
    }

    static String remote(ChannelHandlerContext ctx) {
        InetSocketAddress address = (InetSocketAddress) ctx.channel().remoteAddress();
        return address == null ? "?" : address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
