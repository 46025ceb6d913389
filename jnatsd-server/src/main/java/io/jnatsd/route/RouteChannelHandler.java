package io.jnatsd.route;

import io.jnatsd.protocol.CloseReason;
import io.jnatsd.tls.HandshakeLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.net.URI;
import javax.net.ssl.SSLHandshakeException;

/**
 * The route handler, last in a route pipeline: reads go to the {@link RouteConnection} as byte
 * ranges. With cluster TLS, an {@link SslHandler} sits in front and the route starts (INFO,
 * CONNECT) only once the handshake succeeded, as nats-server runs it before anything else.
 */
final class RouteChannelHandler extends ChannelInboundHandlerAdapter {
    private final RouteManager manager;
    private final URI url;
    private final boolean explicit;
    private final boolean tls;
    private RouteConnection conn;
    /** Reused for direct buffers; routes are few, so one array per route is fine. */
    private byte[] scratch = new byte[64 * 1024];

    /** {@code url} is null for an accepted route; {@code tls}: an SslHandler is in front. */
    RouteChannelHandler(RouteManager manager, URI url, boolean explicit, boolean tls) {
        this.manager = manager;
        this.url = url;
        this.explicit = explicit;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = manager.newConnection(ctx.channel(), url, explicit);
        if (conn == null) {
            ctx.close();
            return;
        }
        if (!tls) {
            conn.start();
        } else if (manager.log().isDebug()) {
            manager.log().debug(conn.logPrefix() + "Starting TLS route " + (url != null ? "client" : "server")
                    + " handshake");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done) || conn == null) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (done.isSuccess()) {
            HandshakeLog.completed(manager.log(), conn.logPrefix(), ctx.pipeline().get(SslHandler.class));
            conn.start();
        } else {
            HandshakeLog.failed(manager.log(), conn.logPrefix(), "route", done.cause());
            conn.close(CloseReason.TLS_HANDSHAKE_ERROR);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (conn == null) {
                return;
            }
            int n = in.readableBytes();
            if (in.hasArray()) {
                conn.read(in.array(), in.arrayOffset() + in.readerIndex(), n);
            } else {
                if (scratch.length < n) {
                    scratch = new byte[Math.max(n, scratch.length * 2)];
                }
                in.getBytes(in.readerIndex(), scratch, 0, n);
                conn.read(scratch, 0, n);
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (conn != null) {
            conn.readComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (conn != null) {
            conn.channelClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (tls && conn != null && cause.getCause() instanceof SSLHandshakeException refused) {
            // TLS 1.3: the dialler's handshake is done before the acceptor checked its
            // certificate, so a refusal arrives as an alert on the first read
            HandshakeLog.failed(manager.log(), conn.logPrefix(), "route", refused);
            conn.close(CloseReason.TLS_HANDSHAKE_ERROR);
            return;
        }
        if (manager.log().isDebug()) {
            manager.log().debug(conn + " - route connection error: " + cause);
        }
        if (conn != null) {
            conn.close(CloseReason.READ_ERROR);
        } else {
            ctx.close();
        }
    }
}
