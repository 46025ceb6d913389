package io.jnatsd.websocket;

import io.jnatsd.log.Log;
import io.jnatsd.text.Ipv6Text;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Reads the upgrade request and either refuses it the way nats-server does (same checks in the
 * same order, same HTTP status, same log line) or hands it to {@link WebsocketPipeline#upgrade}.
 * As nats-server, a request followed by more bytes in the same read (a client that did not wait
 * for the 101) is refused by closing the connection.
 *
 * <p>Threading: one instance per connection, on its event loop.
 */
final class UpgradeHandler extends ChannelInboundHandlerAdapter {

    private final WebsocketPipeline pipeline;
    private final Log log;
    /** The accepted request, upgraded at the end of the read that brought it. */
    private FullHttpRequest pending;
    private boolean dataAfterRequest;
    private boolean done;

    UpgradeHandler(WebsocketPipeline pipeline, Log log) {
        this.pipeline = pipeline;
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || pending != null || done) {
            ReferenceCountUtil.release(msg);
            if (pending != null) {
                dataAfterRequest = true;
            } else {
                // bytes the HTTP codec held when the upgrade removed it: sent before the 101 too
                ctx.close();
            }
            return;
        }
        if (req.decoderResult().isFailure()) {
            req.release();
            answerAndClose(ctx, HttpAnswers.malformed(ctx.alloc()));
            return;
        }
        String refusal = check(ctx, req);
        if (refusal != null) {
            req.release();
            return;
        }
        pending = req;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        FullHttpRequest req = pending;
        if (req == null) {
            return;
        }
        pending = null;
        done = true;
        if (dataAfterRequest) {
            req.release();
            handshakeError(ctx, "client sent data before handshake is complete");
            ctx.close();
            return;
        }
        pipeline.upgrade(ctx, req);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    /**
     * nats-server's wsUpgrade checks (RFC 6455 section 4.2.1, then origin); answers and closes when
     * one fails.
     *
     * @return null when the request may be upgraded, else what was wrong
     */
    private String check(ChannelHandlerContext ctx, FullHttpRequest req) {
        HttpHeaders h = req.headers();
        HttpVersion version = req.protocolVersion();
        String host = h.get("Host");
        if ((host == null || host.isEmpty()) && version.minorVersion() >= 1 && version.majorVersion() == 1) {
            // Go's HTTP server answers this itself, before nats-server sees the request
            answerAndClose(ctx, HttpAnswers.missingHost(ctx.alloc()));
            return "missing Host";
        }
        String why;
        HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
        if (!HttpMethod.GET.equals(req.method())) {
            status = HttpResponseStatus.METHOD_NOT_ALLOWED;
            why = "request method must be GET";
        } else if (host == null || host.isEmpty()) {
            why = "'Host' missing in request";
        } else if (!headerHasToken(h, "Upgrade", "websocket")) {
            why = "invalid value for header 'Upgrade'";
        } else if (!headerHasToken(h, "Connection", "Upgrade")) {
            why = "invalid value for header 'Connection'";
        } else if (isEmpty(h.get("Sec-WebSocket-Key"))) {
            why = "key missing";
        } else if (!headerHasToken(h, "Sec-WebSocket-Version", "13")) {
            why = "invalid version";
        } else {
            String origin = h.get("Origin");
            if (isEmpty(origin)) {
                origin = h.get("Sec-WebSocket-Origin");
            }
            String refused = pipeline.origins().refusal(origin, host, ctx.pipeline().get(SslHandler.class) != null);
            if (refused == null) {
                return null;
            }
            status = HttpResponseStatus.FORBIDDEN;
            why = "origin not allowed: " + refused;
        }
        handshakeError(ctx, why);
        answerAndClose(ctx, HttpAnswers.refusal(ctx.alloc(), version, status));
        return why;
    }

    /** nats-server's wsHeaderContains: a comma-separated token of any of the header's values, any case. */
    static boolean headerHasToken(HttpHeaders h, String name, String token) {
        for (String value : h.getAll(name)) {
            for (String t : value.split(",")) {
                if (t.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private void handshakeError(ChannelHandlerContext ctx, String why) {
        log.error(address(ctx.channel().remoteAddress()) + " - websocket handshake error: " + why);
    }

    /** nats-server keeps the connection for another request; jnatsd closes it after the answer. */
    private static void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse answer) {
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress s && s.getAddress() != null) {
            InetAddress ip = s.getAddress();
            return ip instanceof Inet6Address
                    ? "[" + Ipv6Text.format(ip.getAddress()) + "]:" + s.getPort()
                    : ip.getHostAddress() + ":" + s.getPort();
        }
        return String.valueOf(a);
    }
}
