package io.jnatsd.config;

import io.jnatsd.auth.User;
import io.jnatsd.config.ConfigValue.Int;
import io.jnatsd.config.ConfigValue.Text;
import io.jnatsd.tls.TlsOptions;
import io.jnatsd.websocket.OriginUrl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code websocket} block (nats-server's parseWebsocket) into {@link WebsocketOptions}, and
 * the checks nats-server makes on it when it starts (validateWebsocketOptions), with its messages.
 */
final class WebsocketMapper {

    private final EntryReader read;
    private final TlsMapper tlsMapper;
    /** False when the block had errors: then the start-up checks are not made, as nats-server stops before them. */
    private boolean mappedCleanly = true;

    WebsocketMapper(EntryReader read) {
        this.read = read;
        this.tlsMapper = new TlsMapper(read);
    }

    Optional<WebsocketOptions> map(ConfigEntry e) {
        if (!(e.value() instanceof ConfigTable table)) {
            read.error(e, "Expected websocket to be a map, got " + goType(e.value()));
            return Optional.empty();
        }
        String host = null;
        int port = 0;
        String advertise = null;
        boolean noTls = false;
        TlsOptions tls = null;
        boolean sameOrigin = false;
        List<String> origins = List.of();
        boolean compression = false;
        Duration handshakeTimeout = Duration.ZERO;
        SimpleAuth auth = SimpleAuth.NONE;
        String noAuthUser = null;
        int errorsBefore = read.errorCount();
        for (ConfigEntry c : table.entries()) {
            switch (c.key().toLowerCase(Locale.ROOT)) {
                case "listen" -> {
                    Optional<HostPort> hp = read.listen(c);
                    if (hp.isPresent()) {
                        host = hp.get().host().isEmpty() ? host : hp.get().host();
                        port = hp.get().port();
                    }
                }
                case "port" -> port = read.port(c).orElse(port);
                case "host", "net" -> host = read.string(c).orElse(host);
                case "advertise" -> advertise = read.string(c).orElse(advertise);
                case "no_tls" -> noTls = read.bool(c).orElse(noTls);
                case "tls" -> tls = tlsMapper.map(c).orElse(tls);
                case "same_origin" -> sameOrigin = read.bool(c).orElse(sameOrigin);
                case "allowed_origins", "allowed_origin", "allow_origins", "allow_origin", "origins", "origin" ->
                        origins = origins(c);
                case "handshake_timeout" -> handshakeTimeout = handshakeTimeout(c).orElse(handshakeTimeout);
                case "compress", "compression" -> compression = read.bool(c).orElse(compression);
                case "authorization", "authentication" -> auth = simpleAuth(c);
                case "no_auth_user" -> noAuthUser = read.string(c).orElse(noAuthUser);
                case "jwt_cookie" -> read.unsupported(c);
                default -> read.unknownField(c);
            }
        }
        mappedCleanly = read.errorCount() == errorsBefore;
        return Optional.of(new WebsocketOptions(host, port, advertise, noTls, tls, sameOrigin, origins, compression,
                handshakeTimeout, auth.user, auth.password, auth.token, auth.timeout, noAuthUser));
    }

    /** A string or an array of strings (nats-server's parseStringArray). */
    private List<String> origins(ConfigEntry c) {
        if (c.value() instanceof Text t) {
            return List.of(t.value());
        }
        Optional<List<ConfigValue>> items = read.array(c);
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ConfigValue v : items.get()) {
            if (v instanceof Text t) {
                out.add(t.value());
            } else {
                read.error(v.position(), "error parsing allowed origins: unsupported type in array " + goType(v));
            }
        }
        return out;
    }

    /** Whole seconds as an integer, or a Go duration string; nothing else, as nats-server. */
    private Optional<Duration> handshakeTimeout(ConfigEntry c) {
        if (c.value() instanceof Int i) {
            return Optional.of(Duration.ofSeconds(i.value()));
        }
        if (c.value() instanceof Text t) {
            Parsed<Duration> d = GoDuration.parse(t.value());
            if (!d.isOk()) {
                read.error(c, d.error());
                return Optional.empty();
            }
            return Optional.of(d.value());
        }
        read.error(c, "error parsing handshake timeout: unsupported type " + goType(c.value()));
        return Optional.empty();
    }

    private record SimpleAuth(String user, String password, String token, Duration timeout) {
        static final SimpleAuth NONE = new SimpleAuth(null, null, null, null);
    }

    /** nats-server's parseSimpleAuth: user, password, token and timeout only. */
    private SimpleAuth simpleAuth(ConfigEntry e) {
        if (!(e.value() instanceof ConfigTable table)) {
            read.wrongType(e, "a map");
            return SimpleAuth.NONE;
        }
        String user = null;
        String password = null;
        String token = null;
        Duration timeout = null;
        for (ConfigEntry a : table.entries()) {
            switch (a.key().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> user = read.string(a).orElse(user);
                case "pass", "password" -> password = read.string(a).orElse(password);
                case "token" -> token = read.string(a).orElse(token);
                // 0 keeps the top-level timeout, as in nats-server
                case "timeout" -> timeout = read.seconds(a).filter(d -> !d.isZero()).orElse(timeout);
                default -> read.unknownField(a);
            }
        }
        return new SimpleAuth(user, password, token, timeout);
    }

    /**
     * What nats-server's validateWebsocketOptions refuses when it starts, reported at the block's
     * key: TLS unless no_tls, origins that do not parse, no_auth_user naming no user, and
     * user/token next to a users list.
     */
    void check(ConfigEntry at, WebsocketOptions ws, List<User> users) {
        if (!ws.enabled() || !mappedCleanly) {
            return;
        }
        if (ws.tls() == null && !ws.noTls()) {
            read.error(at, "websocket requires TLS configuration");
        }
        for (String origin : ws.allowedOrigins()) {
            String why = OriginUrl.parseError(origin);
            if (why != null) {
                read.error(at, "unable to parse allowed origin: parse " + GoSyntax.quote(origin) + ": " + why);
            }
        }
        String noAuthUser = ws.noAuthUser();
        if (noAuthUser != null) {
            if (users.isEmpty()) {
                read.error(at, "no_auth_user: " + GoSyntax.quote(noAuthUser) + " present, but users are not defined");
            } else if (users.stream().noneMatch(u -> u.username().equals(noAuthUser))) {
                read.error(at, "no_auth_user: " + GoSyntax.quote(noAuthUser)
                        + " not present as user in authorization block or account configuration");
            }
        }
        if (!users.isEmpty()) {
            if (ws.username() != null) {
                read.error(at, "websocket authentication username not compatible with presence of users/nkeys");
            }
            if (ws.token() != null) {
                read.error(at, "websocket authentication token not compatible with presence of users/nkeys");
            }
        }
    }

    /** The Go type name nats-server prints for a value of the wrong type. */
    private static String goType(ConfigValue v) {
        if (v instanceof Int) {
            return "int64";
        } else if (v instanceof ConfigValue.Real) {
            return "float64";
        } else if (v instanceof ConfigValue.Bool) {
            return "bool";
        } else if (v instanceof Text) {
            return "string";
        } else if (v instanceof ConfigValue.Array) {
            return "[]interface {}";
        } else if (v instanceof ConfigValue.DateTime) {
            return "time.Time";
        }
        return "map[string]interface {}";
    }
}
