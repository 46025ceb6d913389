package io.jnatsd.websocket;

import io.jnatsd.config.WebsocketOptions;
import io.jnatsd.log.Log;

import java.util.HashMap;
import java.util.Map;

/**
 * The websocket {@code same_origin} and {@code allowed_origins} checks, as nats-server's
 * checkOrigin: with neither configured, or with no Origin (nor Sec-WebSocket-Origin) header, any
 * request passes (a non-browser client can send any origin anyway). Otherwise the origin must
 * name the request's own host and port ({@code same_origin}) and/or be in the list (same scheme,
 * host and port; a missing port is 80 or 443 by scheme). Immutable; built once per listener.
 */
final class OriginCheck {

    private final boolean sameOrigin;
    /** Allowed origins by lower-case host, as nats-server keys them (the last one of a host wins). */
    private final Map<String, OriginUrl> allowed = new HashMap<>();

    OriginCheck(WebsocketOptions ws, Log log) {
        this.sameOrigin = ws.sameOrigin();
        for (String ao : ws.allowedOrigins()) {
            String[] why = new String[1];
            OriginUrl u = OriginUrl.parseRequestUri(ao, why);
            if (u == null) {
                // the config check accepted it (Go's url.Parse is more lenient than ParseRequestURI)
                log.error("error parsing allowed origin: " + why[0]);
                continue;
            }
            allowed.put(u.host(), u);
        }
    }

    /** True when requests are checked at all. */
    boolean active() {
        return sameOrigin || !allowed.isEmpty();
    }

    /**
     * @param origin   the Origin (else Sec-WebSocket-Origin) header, or null
     * @param hostPort the request's Host header
     * @param tls      whether the request came over TLS (decides Host's default port)
     * @return null when the origin is acceptable, else why not, in nats-server's words
     */
    String refusal(String origin, String hostPort, boolean tls) {
        if (!active() || origin == null || origin.isEmpty()) {
            return null;
        }
        String[] why = new String[1];
        OriginUrl o = OriginUrl.parseRequestUri(origin, why);
        if (o == null) {
            return why[0];
        }
        if (sameOrigin) {
            String[] request = new String[2];
            String err = OriginUrl.hostAndPort(hostPort, tls, request);
            if (err != null) {
                return err;
            }
            if (!o.host().equals(request[0]) || !o.port().equals(request[1])) {
                return "not same origin";
            }
        }
        if (!allowed.isEmpty()) {
            OriginUrl a = allowed.get(o.host());
            if (a == null || !a.scheme().equals(o.scheme()) || !a.port().equals(o.port())) {
                return "not in the allowed list";
            }
        }
        return null;
    }
}
