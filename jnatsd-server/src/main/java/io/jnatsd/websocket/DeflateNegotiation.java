package io.jnatsd.websocket;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * permessage-deflate as nats-server agrees to it: whatever parameters a client offers, the
 * answer is {@code permessage-deflate; server_no_context_takeover; client_no_context_takeover},
 * so each message is compressed on its own both ways (nats-server keeps no compression context
 * between messages). Netty's own handshaker does the work once given that offer; this class only
 * rewrites the offer and the answer's parameter order. Messages of 64 bytes or less go out
 * uncompressed, as nats-server sends them (wsCompressThreshold), and at Go's BestSpeed level.
 */
final class DeflateNegotiation implements WebSocketServerExtensionHandshaker {

    private static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT = "client_no_context_takeover";
    /** nats-server's wsCompressThreshold. */
    static final int COMPRESS_THRESHOLD = 64;
    /** Go's flate.BestSpeed. */
    private static final int LEVEL = 1;
    private static final int WINDOW_BITS = 15;

    private static final WebSocketExtensionFilterProvider SMALL_FRAMES_UNCOMPRESSED = new WebSocketExtensionFilterProvider() {
        @Override
        public WebSocketExtensionFilter encoderFilter() {
            return (WebSocketFrame frame) -> frame.content().readableBytes() <= COMPRESS_THRESHOLD;
        }

        @Override
        public WebSocketExtensionFilter decoderFilter() {
            return WebSocketExtensionFilter.NEVER_SKIP;
        }
    };

    private final PerMessageDeflateServerExtensionHandshaker netty;

    /** @param maxInflated bound on one decompressed message, so a small frame cannot inflate without end */
    DeflateNegotiation(int maxInflated) {
        this.netty = new PerMessageDeflateServerExtensionHandshaker(LEVEL, false, WINDOW_BITS, true, true,
                SMALL_FRAMES_UNCOMPRESSED, maxInflated);
    }

    @Override
    public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offer) {
        if (!PERMESSAGE_DEFLATE.equalsIgnoreCase(offer.name())) {
            return null;
        }
        Map<String, String> noContext = new LinkedHashMap<>();
        noContext.put(SERVER_NO_CONTEXT, null);
        noContext.put(CLIENT_NO_CONTEXT, null);
        WebSocketServerExtension agreed = netty.handshakeExtension(new WebSocketExtensionData(PERMESSAGE_DEFLATE, noContext));
        return agreed == null ? null : new Agreed(agreed, noContext);
    }

    /** Netty's extension, answered with nats-server's parameter order. */
    private record Agreed(WebSocketServerExtension netty, Map<String, String> parameters)
            implements WebSocketServerExtension {

        @Override
        public WebSocketExtensionData newReponseData() {
            return new WebSocketExtensionData(PERMESSAGE_DEFLATE, parameters);
        }

        @Override
        public int rsv() {
            return netty.rsv();
        }

        @Override
        public WebSocketExtensionEncoder newExtensionEncoder() {
            return netty.newExtensionEncoder();
        }

        @Override
        public WebSocketExtensionDecoder newExtensionDecoder() {
            return netty.newExtensionDecoder();
        }
    }
}
