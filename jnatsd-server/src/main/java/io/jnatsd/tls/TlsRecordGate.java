package io.jnatsd.tls;

import io.jnatsd.log.Log;
import io.jnatsd.text.Ipv6Text;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The first handler of a connection to an HTTP server behind TLS (the HTTPS monitor, the
 * websocket listener with TLS). It waits for the 5-byte header of the first record: a TLS record
 * puts the TLS handler in its place (the bytes read so far go on to it); anything else is refused
 * the way nats-server's listeners (Go's net/http over crypto/tls) refuse it: what looks like a
 * plain HTTP request gets a 400 saying it reached an HTTPS server, other bytes get nothing, and
 * the connection is closed. Failed handshakes are logged as nats-server logs them:
 * {@code <server>: TLS handshake error from <addr>: <why>}.
 *
 * <p>Threading: one instance per connection, used on that connection's event loop.
 */
public final class TlsRecordGate extends ByteToMessageDecoder {

    /** Pipeline name of the gate, and of the TLS handler that replaces it. */
    public static final String NAME = "tls";
    private static final int RECORD_HEADER_LENGTH = 5;
    /** Go's answer, written raw (HTTP/1.0, no headers), to a plain HTTP request on a TLS port. */
    private static final byte[] PLAIN_HTTP_ANSWER =
            "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                    .getBytes(StandardCharsets.US_ASCII);
    /** The first five bytes by which Go recognises a plain HTTP request (common methods). */
    private static final Set<String> PLAIN_HTTP_STARTS = Set.of("GET /", "HEAD ", "POST ", "PUT /", "OPTIO");

    private final Function<ByteBufAllocator, SslHandler> tls;
    private final Log log;
    /** Go's http.Server ErrorLog prefix: "monitoring", "websocket". */
    private final String server;
    /** Set once the connection is refused: later bytes are dropped until it is closed. */
    private boolean refused;

    /**
     * @param tls    makes the TLS handler for the connection (on its event loop)
     * @param server the listener's name in log lines ("monitoring", "websocket")
     */
    public TlsRecordGate(Function<ByteBufAllocator, SslHandler> tls, Log log, String server) {
        this.tls = tls;
        this.log = log;
        this.server = server;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < RECORD_HEADER_LENGTH) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            SslHandler ssl = tls.apply(ctx.alloc());
            Channel ch = ctx.channel();
            ssl.handshakeFuture().addListener(f -> {
                if (!f.isSuccess()) {
                    logHandshakeError(ch, describe(f.cause()));
                }
            });
            ctx.pipeline().replace(this, NAME, ssl);
            return;
        }
        refused = true;
        String start = in.toString(in.readerIndex(), RECORD_HEADER_LENGTH, StandardCharsets.US_ASCII);
        in.skipBytes(in.readableBytes());
        if (PLAIN_HTTP_STARTS.contains(start)) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(PLAIN_HTTP_ANSWER)).addListener(ChannelFutureListener.CLOSE);
        } else {
            logHandshakeError(ctx.channel(), "tls: first record does not look like a TLS handshake");
            ctx.close();
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // the peer left before a whole record header: Go's handshake reads end of file
        if (!refused) {
            refused = true;
            in.skipBytes(in.readableBytes());
            logHandshakeError(ctx.channel(), "EOF");
        }
    }

    private void logHandshakeError(Channel ch, String why) {
        log.error(server + ": TLS handshake error from " + address(ch.remoteAddress()) + ": " + why);
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress s && s.getAddress() != null) {
            return s.getAddress() instanceof Inet6Address
                    ? "[" + Ipv6Text.format(s.getAddress().getAddress()) + "]:" + s.getPort()
                    : s.getAddress().getHostAddress() + ":" + s.getPort();
        }
        return String.valueOf(a);
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
