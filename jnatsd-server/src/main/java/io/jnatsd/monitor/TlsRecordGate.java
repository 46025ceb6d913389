package io.jnatsd.monitor;

import io.jnatsd.log.Log;
import io.jnatsd.text.Ipv6Text;
import io.jnatsd.tls.ServerTls;
import io.netty.buffer.ByteBuf;
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

/**
 * The first handler of an HTTPS monitoring connection. It waits for the 5-byte header of the
 * first record: a TLS record puts the TLS handler in its place (the bytes read so far go on to
 * it); anything else is refused the way nats-server's HTTPS monitor (Go's net/http) refuses
 * it: what looks like a plain HTTP request gets a 400 saying it reached an HTTPS server, other
 * bytes get nothing, and the connection is closed. Failed handshakes are logged as nats-server
 * logs them: {@code monitoring: TLS handshake error from <addr>: <why>}.
 *
 * <p>Threading: one instance per connection, used on that connection's event loop.
 */
final class TlsRecordGate extends ByteToMessageDecoder {

    /** Pipeline name of the gate, and of the TLS handler that replaces it. */
    static final String NAME = "tls";
    private static final int RECORD_HEADER_LENGTH = 5;
    /** Go's answer, written raw (HTTP/1.0, no headers), to a plain HTTP request on a TLS port. */
    private static final byte[] PLAIN_HTTP_ANSWER =
            "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                    .getBytes(StandardCharsets.US_ASCII);
    /** The first five bytes by which Go recognises a plain HTTP request (common methods). */
    private static final Set<String> PLAIN_HTTP_STARTS = Set.of("GET /", "HEAD ", "POST ", "PUT /", "OPTIO");

    private final ServerTls tls;
    private final Log log;
    /** Set once the connection is refused: later bytes are dropped until it is closed. */
    private boolean refused;

    TlsRecordGate(ServerTls tls, Log log) {
        this.tls = tls;
        this.log = log;
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
            SslHandler ssl = tls.newHandlerWithoutClientAuth(ctx.alloc());
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
        log.error("monitoring: TLS handshake error from " + address(ch.remoteAddress()) + ": " + why);
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
