package io.jnatsd.websocket;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.config.WebsocketOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.ClientChannelHandler;
import io.jnatsd.server.NatsServer;
import io.jnatsd.tls.ServerTls;
import io.jnatsd.tls.TlsRecordGate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.util.NetUtil;

import java.time.Duration;

/**
 * The pipeline of a websocket client connection, assembled here and only here, in two stages.
 *
 * <p>On accept: {@code ws-deadline} ({@link HandshakeDeadline}), {@code tls} when configured
 * (TLS first, as HTTPS: {@link TlsRecordGate} becomes the TLS handler), {@code http} and
 * {@code http-aggregate} (Netty's HTTP/1.1 codec, bounded), {@code ws-deflate} with
 * {@code compression} (permessage-deflate negotiation, see {@link DeflateNegotiation}), and
 * {@code ws-upgrade} ({@link UpgradeHandler}).
 *
 * <p>On upgrade, Netty's handshaker swaps the HTTP codec for its frame decoder and encoder
 * ({@code wsdecoder}, {@code wsencoder}) and the deflate negotiation installs its compressor and
 * decompressor; then the deadline goes, and {@code ws-upgrade} gives way to {@code ws-frames}
 * ({@link FrameBridge}: frames to bytes and back) and {@code nats}, the client handler every
 * NATS connection has, which sends INFO from there. The NATS side sees bytes only.
 *
 * <p>Threading: one instance per listener, shared by its connections; {@link #init} and
 * {@link #upgrade} run on the connection's event loop. The TLS in use may be replaced by a config
 * reload ({@link #setTls}); connections keep the one they started with.
 */
final class WebsocketPipeline {

    static final String DEADLINE = "ws-deadline";
    static final String HTTP = "http";
    static final String HTTP_AGGREGATE = "http-aggregate";
    static final String DEFLATE = "ws-deflate";
    static final String UPGRADE = "ws-upgrade";
    static final String FRAMES = "ws-frames";
    static final String NATS = "nats";

    /** Bounds of the upgrade request: Go's server takes 1 MB of headers, browsers send far less. */
    private static final int MAX_INITIAL_LINE = 8 * 1024;
    private static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_REQUEST_BODY = 8 * 1024;
    /**
     * Without handshake_timeout nats-server waits for the upgrade for ever; jnatsd bounds it all
     * the same, so idle sockets cannot pile up.
     */
    static final Duration UNSET_HANDSHAKE_BOUND = Duration.ofSeconds(10);
    /** What nats-server's URL path prefixes ask for, which jnatsd does not serve. */
    private static final String LEAFNODE_PATH = "/leafnode";
    private static final String MQTT_PATH = "/mqtt";

    private final NatsServer server;
    private final WebsocketOptions ws;
    private final OriginCheck origins;
    private final Log log;
    private final long handshakeNanos;
    /**
     * Netty's frame decoder holds a whole frame, and the decompressor a whole message: both are
     * bounded by max_pending, what the server would hold for the client the other way.
     */
    private final int maxFrame;
    private volatile ServerTls tls;

    WebsocketPipeline(NatsServer server, ServerOptions options, ServerTls tls, Log log) {
        this.server = server;
        this.ws = options.websocket();
        this.origins = new OriginCheck(ws, log);
        this.log = log;
        this.tls = tls;
        Duration d = ws.handshakeTimeout().isZero() || ws.handshakeTimeout().isNegative()
                ? UNSET_HANDSHAKE_BOUND : ws.handshakeTimeout();
        this.handshakeNanos = d.toNanos();
        this.maxFrame = (int) Math.min(Integer.MAX_VALUE, Math.max(options.maxPending(),
                (long) options.maxPayload() + options.maxControlLine()));
    }

    OriginCheck origins() {
        return origins;
    }

    void setTls(ServerTls next) {
        tls = next;
    }

    /** The handlers of a connection just accepted. */
    void init(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(DEADLINE, new HandshakeDeadline(handshakeNanos));
        ServerTls t = tls;
        if (t != null) {
            p.addLast(TlsRecordGate.NAME, new TlsRecordGate(t::newHandler, log, "websocket"));
        }
        p.addLast(HTTP, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_REQUEST_BODY));
        p.addLast(HTTP_AGGREGATE, new HttpObjectAggregator(MAX_REQUEST_BODY));
        if (ws.compression()) {
            p.addLast(DEFLATE, new WebSocketServerExtensionHandler(new DeflateNegotiation(maxFrame)));
        }
        p.addLast(UPGRADE, new UpgradeHandler(this, log));
    }

    /** Answers an accepted upgrade request with the 101, then puts the NATS connection behind the frames. */
    void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
        Channel ch = ctx.channel();
        if (!server.isRunning() || server.isLameDuckMode()) {
            req.release();
            ch.close();
            return;
        }
        HttpHeaders h = req.headers();
        boolean noMasking = "true".equals(h.get("Nats-No-Masking"));
        String ua = h.get("User-Agent");
        boolean browser = ua != null && ua.startsWith("Mozilla/");
        String forwardedFor = forwardedFor(h);
        String path = new QueryStringDecoder(req.uri()).rawPath();
        String unserved = path.startsWith(LEAFNODE_PATH) ? "Not configured to accept leaf node connections"
                : path.startsWith(MQTT_PATH) ? "jnatsd does not support MQTT over websocket yet" : null;
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFrame)
                .expectMaskedFrames(true)
                .allowMaskMismatch(noMasking) // the client asked to send unmasked frames
                .allowExtensions(ws.compression())
                .closeOnProtocolViolation(false) // the NATS connection closes it, as for a read error
                .withUTF8Validator(false) // nats-server reads text frames as bytes too
                .build();
        WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(
                (tls != null ? "wss://" : "ws://") + h.get("Host") + path, null, frames);
        HttpHeaders extra = noMasking ? new DefaultHttpHeaders().add("Nats-No-Masking", "true") : null;
        try {
            handshaker.handshake(ch, req, extra, ch.newPromise()).addListener(f -> {
                if (!f.isSuccess() || !ch.isActive()) {
                    ch.close();
                } else if (unserved != null) {
                    log.error(unserved);
                    ch.close();
                } else {
                    upgraded(ch.pipeline(), browser, forwardedFor);
                }
            });
        } catch (RuntimeException e) {
            log.error(UpgradeHandler.address(ch.remoteAddress()) + " - websocket handshake error: " + e.getMessage());
            ch.close();
        } finally {
            req.release();
        }
    }

    private void upgraded(ChannelPipeline p, boolean browser, String forwardedFor) {
        if (p.get(DEADLINE) != null) {
            p.remove(DEADLINE);
        }
        p.replace(UPGRADE, FRAMES, new FrameBridge(browser));
        p.addLast(NATS, ClientChannelHandler.forWebsocket(server, forwardedFor));
    }

    /** The first X-Forwarded-For value when it is an IP address (nats-server ignores anything else). */
    private static String forwardedFor(HttpHeaders h) {
        String v = h.get("X-Forwarded-For");
        if (v == null) {
            return null;
        }
        return NetUtil.isValidIpV4Address(v) || NetUtil.isValidIpV6Address(v) ? v : null;
    }
}
