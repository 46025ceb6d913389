package io.jnatsd.config;

import io.jnatsd.tls.TlsOptions;

import java.time.Duration;
import java.util.List;

/**
 * The {@code websocket} block (nats-server's WebsocketOpts): a second client listener that
 * speaks NATS inside WebSocket binary frames. A port of 0 means "no websocket listener".
 *
 * @param host             listen address (nats-server's default 0.0.0.0 when a port is set)
 * @param port             listen port; -1 lets the OS choose, 0 turns the listener off
 * @param advertise        host:port told to websocket clients of a cluster; kept for /varz
 * @param noTls            allow plain {@code ws://} (nats-server refuses a block without TLS otherwise)
 * @param tls              TLS, handshaken before any HTTP (wss://); null for plain ws://
 * @param sameOrigin       the Origin header, when present, must name the request's own host
 * @param allowedOrigins   when not empty, the Origin header, when present, must be one of these
 * @param compression      offer permessage-deflate to clients that ask for it
 * @param handshakeTimeout time for the TLS handshake and the upgrade request; zero: not set
 * @param username         websocket clients' user, overriding the top-level authorization
 * @param password         its password
 * @param token            websocket clients' token, overriding the top-level authorization
 * @param authTimeout      websocket clients' authorization timeout; null: the top-level one
 * @param noAuthUser       user of websocket clients that send no credentials, overriding the top-level one
 */
public record WebsocketOptions(
        String host,
        int port,
        String advertise,
        boolean noTls,
        TlsOptions tls,
        boolean sameOrigin,
        List<String> allowedOrigins,
        boolean compression,
        Duration handshakeTimeout,
        String username,
        String password,
        String token,
        Duration authTimeout,
        String noAuthUser) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final WebsocketOptions NONE = new WebsocketOptions(null, 0, null, false, null, false, List.of(),
            false, Duration.ZERO, null, null, null, null, null);

    public WebsocketOptions {
        host = host == null || host.isEmpty() ? DEFAULT_HOST : host;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        handshakeTimeout = handshakeTimeout == null ? Duration.ZERO : handshakeTimeout;
    }

    /** True when the server listens for websocket clients. */
    public boolean enabled() {
        return port != 0;
    }

    /**
     * True when the block has authorization of its own (nats-server's authOverride): then
     * websocket clients authenticate with it instead of the top-level user, password, token and
     * no_auth_user (the top-level users list still applies).
     */
    public boolean authOverride() {
        return username != null || token != null || noAuthUser != null;
    }

    /** "wss" with TLS, else "ws": the URL scheme clients use. */
    public String scheme() {
        return tls != null ? "wss" : "ws";
    }

    /** A copy with another TLS block (a config reload may change only that). */
    public WebsocketOptions withTls(TlsOptions next) {
        return new WebsocketOptions(host, port, advertise, noTls, next, sameOrigin, allowedOrigins, compression,
                handshakeTimeout, username, password, token, authTimeout, noAuthUser);
    }
}
