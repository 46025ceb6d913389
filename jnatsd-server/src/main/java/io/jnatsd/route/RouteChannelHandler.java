package io.jnatsd.route;

import io.jnatsd.protocol.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.URI;

/** The one handler of a route pipeline: reads go to the {@link RouteConnection} as byte ranges. */
final class RouteChannelHandler extends ChannelInboundHandlerAdapter {
    private final RouteManager manager;
    private final URI url;
    private final boolean explicit;
    private RouteConnection conn;
    /** Reused for direct buffers; routes are few, so one array per route is fine. */
    private byte[] scratch = new byte[64 * 1024];

    /** {@code url} is null for an accepted route. */
    RouteChannelHandler(RouteManager manager, URI url, boolean explicit) {
        this.manager = manager;
        this.url = url;
        this.explicit = explicit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = manager.newConnection(ctx.channel(), url, explicit);
        if (conn == null) {
            ctx.close();
            return;
        }
        conn.start();
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
