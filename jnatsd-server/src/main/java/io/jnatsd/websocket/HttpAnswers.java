package io.jnatsd.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The HTTP answers of a refused upgrade request, byte for byte as nats-server's listener (Go's
 * net/http) writes them but for the date: {@code http.Error} after a failed websocket check
 * (plain-text status text, nats-server's Sec-Websocket-Version header), and Go's own answers to a
 * request it cannot read or that lacks Host.
 */
final class HttpAnswers {

    /** Go's http.TimeFormat. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private HttpAnswers() {
    }

    /**
     * nats-server's wsReturnHTTPError: {@code status} with its standard text as the body, in the
     * request's HTTP version.
     */
    static FullHttpResponse refusal(ByteBufAllocator alloc, HttpVersion version, HttpResponseStatus status) {
        ByteBuf body = ascii(alloc, status.reasonPhrase() + "\n");
        FullHttpResponse r = new DefaultFullHttpResponse(version, status, body);
        // Go writes the handler's headers sorted, then Date and Content-Length
        HttpHeaders h = r.headers();
        h.add("Content-Type", TEXT_PLAIN);
        h.add("Sec-Websocket-Version", "13");
        h.add("X-Content-Type-Options", "nosniff");
        h.add("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        h.add("Content-Length", body.readableBytes());
        return r;
    }

    /** Go's answer to an HTTP/1.1 request without Host. */
    static FullHttpResponse missingHost(ByteBufAllocator alloc) {
        return goBadRequest(alloc, "Bad Request: missing required Host header");
    }

    /** Go's answer to bytes that are not an HTTP request. */
    static FullHttpResponse malformed(ByteBufAllocator alloc) {
        return goBadRequest(alloc, "Bad Request");
    }

    /** Go's raw 400 (no length: the connection closes after it). */
    private static FullHttpResponse goBadRequest(ByteBufAllocator alloc, String text) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(400, text),
                ascii(alloc, "400 " + text));
        r.headers().add("Content-Type", TEXT_PLAIN);
        r.headers().add("Connection", "close");
        return r;
    }

    private static ByteBuf ascii(ByteBufAllocator alloc, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return alloc.buffer(b.length).writeBytes(b);
    }
}
