package io.jnatsd.server;

import io.jnatsd.protocol.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The one handler of a client pipeline: hands each read to its {@link ClientConnection} as a
 * byte range and triggers the end-of-batch flush. Direct buffers are copied into a per-thread
 * scratch array first, so the parser and the subject cache work on plain arrays.
 *
 * <p>A TCP client's connection starts when the channel becomes active. A websocket client's
 * handler is added once the upgrade is done (the channel has long been active) and starts its
 * connection then; in front of it, the websocket handlers turn frames into bytes, and a
 * {@link CloseReason} fired as a user event (the peer's close frame) closes the connection.
 */
public final class ClientChannelHandler extends ChannelInboundHandlerAdapter {
    private static final int INITIAL_SCRATCH = 64 * 1024;
    private static final FastThreadLocal<byte[][]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[][] initialValue() {
            return new byte[][] {new byte[INITIAL_SCRATCH]};
        }
    };

    private final NatsServer server;
    private final ClientType type;
    private final String forwardedFor;
    private ClientConnection conn;

    ClientChannelHandler(NatsServer server) {
        this(server, ClientType.NATS, null);
    }

    private ClientChannelHandler(NatsServer server, ClientType type, String forwardedFor) {
        this.server = server;
        this.type = type;
        this.forwardedFor = forwardedFor;
    }

    /**
     * The handler for a websocket client whose upgrade is done: add it after the handlers that
     * turn frames into bytes; its connection starts (and sends INFO) when it is added.
     *
     * @param forwardedFor the request's X-Forwarded-For address, or null
     */
    public static ClientChannelHandler forWebsocket(NatsServer server, String forwardedFor) {
        return new ClientChannelHandler(server, ClientType.WEBSOCKET, forwardedFor);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (type == ClientType.WEBSOCKET && ctx.channel().isActive()) {
            startConnection(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (conn == null) {
            startConnection(ctx);
        }
    }

    private void startConnection(ChannelHandlerContext ctx) {
        conn = new ClientConnection(server, server.nextClientId(), ctx.channel(), type, forwardedFor);
        boolean admitted = server.register(conn);
        conn.start(!admitted);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof CloseReason reason && conn != null) {
            conn.close(reason);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            int n = in.readableBytes();
            if (in.hasArray()) {
                conn.read(in.array(), in.arrayOffset() + in.readerIndex(), n);
            } else {
                byte[][] holder = SCRATCH.get();
                byte[] scratch = holder[0];
                if (scratch.length < n) {
                    scratch = new byte[Math.max(n, scratch.length * 2)];
                    holder[0] = scratch;
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
        conn.readComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (conn != null) {
            conn.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (conn != null) {
            conn.channelClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (server.log().isDebug()) {
            server.log().debug(conn + " - connection error: " + cause);
        }
        if (conn != null) {
            conn.close(CloseReason.READ_ERROR);
        } else {
            ctx.close();
        }
    }
}
