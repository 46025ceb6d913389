package io.jnatsd.websocket;

import io.jnatsd.protocol.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Between Netty's WebSocket frames and the NATS connection, which reads and writes plain bytes.
 * Inbound, the payload of data frames (binary, text or continuation: nats-server treats them
 * alike) goes on as the bytes of the NATS stream; pings are answered, and a close frame is echoed
 * (status and text) once what the connection had queued is written, as nats-server does.
 * Outbound, each buffer the connection flushes becomes one binary frame, or frames of at most
 * 4 KiB for browsers, which nats-server found cope better with them. The connection writes its
 * {@link CloseReason} just before it closes; that becomes the close frame nats-server sends for
 * that reason, or none when nats-server skips it (the connection failed or could not keep up).
 *
 * <p>Threading: one instance per connection, on its event loop.
 */
final class FrameBridge extends ChannelDuplexHandler {

    /** nats-server's wsFrameSizeForBrowsers. */
    static final int BROWSER_FRAME_SIZE = 4096;
    /** RFC 6455 close codes nats-server uses. */
    private static final int NORMAL_CLOSURE = 1000;
    private static final int GOING_AWAY = 1001;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int NO_STATUS_RECEIVED = 1005;
    private static final int ABNORMAL_CLOSURE = 1006;
    private static final int INVALID_PAYLOAD_DATA = 1007;
    private static final int POLICY_VIOLATION = 1008;
    private static final int MESSAGE_TOO_BIG = 1009;
    private static final int INTERNAL_ERROR = 1011;
    /** A close frame's payload: 2 bytes of status, then at most this much text. */
    private static final int MAX_CLOSE_TEXT = 123;

    private final boolean browser;
    /** The answer to the peer's close frame, sent in place of the connection's own; null until one came. */
    private CloseWebSocketFrame echo;
    private boolean closeSent;

    /** @param browser the client looks like a browser (User-Agent "Mozilla/...") */
    FrameBridge(boolean browser) {
        this.browser = browser;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof TextWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame) {
            ByteBuf payload = ((WebSocketFrame) msg).content();
            if (payload.isReadable()) {
                ctx.fireChannelRead(payload); // the frame's one reference goes with its content
            } else {
                payload.release();
            }
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof PongWebSocketFrame pong) {
            pong.release();
        } else if (msg instanceof CloseWebSocketFrame close) {
            try {
                if (echo == null && !closeSent) {
                    echo = echoOf(close.content());
                    // the connection closes as nats-server's does for an EOF: flush, then our echo
                    ctx.fireUserEventTriggered(CloseReason.CLIENT_CLOSED);
                }
            } finally {
                close.release();
            }
        } else {
            // bytes read with the upgrade request, left by the HTTP codec: nats-server refuses them
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            writeBinary(ctx, bytes, promise);
        } else if (msg instanceof CloseReason reason) {
            writeClose(ctx, reason, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeBinary(ChannelHandlerContext ctx, ByteBuf bytes, ChannelPromise promise) {
        if (closeSent) {
            bytes.release(); // nothing may follow a close frame
            promise.setSuccess();
            return;
        }
        if (!browser || bytes.readableBytes() <= BROWSER_FRAME_SIZE) {
            ctx.write(new BinaryWebSocketFrame(bytes), promise);
            return;
        }
        try {
            while (bytes.readableBytes() > BROWSER_FRAME_SIZE) {
                ctx.write(new BinaryWebSocketFrame(bytes.readRetainedSlice(BROWSER_FRAME_SIZE)), ctx.voidPromise());
            }
            ctx.write(new BinaryWebSocketFrame(bytes.readRetainedSlice(bytes.readableBytes())), promise);
        } finally {
            bytes.release();
        }
    }

    private void writeClose(ChannelHandlerContext ctx, CloseReason reason, ChannelPromise promise) {
        if (closeSent) {
            promise.setSuccess();
            return;
        }
        closeSent = true;
        if (echo != null) {
            CloseWebSocketFrame e = echo;
            echo = null;
            ctx.write(e, promise);
            return;
        }
        int status = status(reason);
        if (status < 0) {
            promise.setSuccess();
            return;
        }
        ctx.write(closeFrame(ctx, status, reason.text()), promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (echo != null) {
            echo.release();
            echo = null;
        }
    }

    /**
     * nats-server's status for a close; -1 where it sends no close frame because the connection is
     * not flushed (read/write errors, slow consumers, a failed TLS handshake).
     */
    static int status(CloseReason reason) {
        return switch (reason) {
            case READ_ERROR, WRITE_ERROR, SLOW_CONSUMER_PENDING_BYTES, SLOW_CONSUMER_WRITE_DEADLINE,
                    TLS_HANDSHAKE_ERROR -> -1;
            case CLIENT_CLOSED -> NORMAL_CLOSURE;
            case AUTHENTICATION_TIMEOUT, AUTHENTICATION_VIOLATION, MAX_CONNECTIONS_EXCEEDED,
                    MAX_CONTROL_LINE_EXCEEDED, MAX_SUBSCRIPTIONS_EXCEEDED -> POLICY_VIOLATION;
            case PARSE_ERROR, PROTOCOL_VIOLATION, BAD_CLIENT_PROTOCOL_VERSION -> PROTOCOL_ERROR;
            case MAX_PAYLOAD_EXCEEDED -> MESSAGE_TOO_BIG;
            case SERVER_SHUTDOWN -> GOING_AWAY;
            case STALE_CONNECTION -> ABNORMAL_CLOSURE;
            default -> INTERNAL_ERROR;
        };
    }

    /** The close frame nats-server answers a peer's close with: its status and text, or 1005 for none. */
    private static CloseWebSocketFrame echoOf(ByteBuf payload) {
        int status = NO_STATUS_RECEIVED;
        String text = "";
        if (payload.readableBytes() >= 2) {
            status = payload.getUnsignedShort(payload.readerIndex());
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .decode(payload.nioBuffer(payload.readerIndex() + 2, payload.readableBytes() - 2)).toString();
            } catch (CharacterCodingException e) {
                status = INVALID_PAYLOAD_DATA;
                text = "invalid utf8 body in close frame";
            }
        }
        return closeFrame(payload.alloc(), status, text);
    }

    private static CloseWebSocketFrame closeFrame(ChannelHandlerContext ctx, int status, String text) {
        return closeFrame(ctx.alloc(), status, text);
    }

    /**
     * A close frame built by hand: Netty's constructors refuse the codes nats-server sends but RFC
     * 6455 reserves (1005, 1006). A long text is cut with "...", as nats-server cuts it.
     */
    private static CloseWebSocketFrame closeFrame(ByteBufAllocator alloc, int status, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        if (t.length > MAX_CLOSE_TEXT) {
            byte[] cut = new byte[MAX_CLOSE_TEXT];
            System.arraycopy(t, 0, cut, 0, MAX_CLOSE_TEXT - 3);
            cut[MAX_CLOSE_TEXT - 3] = '.';
            cut[MAX_CLOSE_TEXT - 2] = '.';
            cut[MAX_CLOSE_TEXT - 1] = '.';
            t = cut;
        }
        ByteBuf b = alloc.buffer(2 + t.length).writeShort(status).writeBytes(t);
        return new CloseWebSocketFrame(true, 0, b);
    }
}
