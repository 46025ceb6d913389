package io.jnatsd.config;

import io.jnatsd.auth.NKeyUser;
import io.jnatsd.auth.User;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Maps the top level of a configuration tree onto a {@link ServerOptions.Builder}: key names,
 * aliases, types and checks of nats-server 2.9's processConfigFileLine, then the cross-key checks
 * nats-server makes when it starts (max_payload against max_pending, lame duck periods,
 * no_auth_user). Every problem is collected; nothing stops at the first.
 */
final class ServerOptionsMapper {

    /** nats-server warns above this (server.go, MAX_PAYLOAD_MAX_SIZE). */
    static final int MAX_PAYLOAD_WARNING = 8 * 1024 * 1024;
    /** nats-server refuses a lame duck duration below this. */
    static final Duration MIN_LAME_DUCK_DURATION = Duration.ofSeconds(30);

    private final EntryReader read;
    private final ServerOptions.Builder builder;
    private final AuthorizationMapper authorization;
    private final ClusterMapper cluster;
    private final TlsMapper tls;
    private final WebsocketMapper websocket;

    // Where the keys of the cross-key checks were written, to point at them.
    private ConfigEntry maxPayloadEntry;
    private ConfigEntry maxPendingEntry;
    private ConfigEntry lameDuckEntry;
    private ConfigEntry graceEntry;
    private ConfigEntry noAuthUserEntry;
    private ConfigEntry websocketEntry;

    ServerOptionsMapper(Diagnostics diagnostics, ServerOptions.Builder builder) {
        this.read = new EntryReader(diagnostics);
        this.builder = builder;
        this.authorization = new AuthorizationMapper(read);
        this.cluster = new ClusterMapper(read);
        this.tls = new TlsMapper(read);
        this.websocket = new WebsocketMapper(read);
    }

    void map(ConfigTable root) {
        for (ConfigEntry e : root.entries()) {
            mapEntry(e);
        }
        checkAcrossKeys(builder.build());
    }

    private void mapEntry(ConfigEntry e) {
        ServerOptions.Builder b = builder;
        switch (e.key().toLowerCase(Locale.ROOT)) {
            case "listen" -> read.listen(e).ifPresent(hp -> {
                if (!hp.host().isEmpty()) {
                    b.host(hp.host());
                }
                b.port(hp.port());
            });
            case "host", "net" -> read.string(e).ifPresent(b::host);
            case "port" -> read.port(e).ifPresent(b::port);
            case "server_name" -> read.string(e).ifPresent(b::serverName);
            case "client_advertise" -> read.string(e).ifPresent(b::clientAdvertise);
            case "http" -> read.listen(e).ifPresent(hp -> {
                if (!hp.host().isEmpty()) {
                    b.httpHost(hp.host());
                }
                b.httpPort(hp.port());
            });
            case "https" -> read.listen(e).ifPresent(hp -> {
                if (!hp.host().isEmpty()) {
                    b.httpHost(hp.host());
                }
                b.httpsPort(hp.port());
            });
            case "http_port", "monitor_port" -> read.port(e).ifPresent(b::httpPort);
            case "https_port" -> read.port(e).ifPresent(b::httpsPort);
            case "http_base_path" -> read.string(e).ifPresent(b::httpBasePath);
            case "authorization" -> mapAuthorization(e);
            case "no_auth_user" -> {
                noAuthUserEntry = e;
                read.string(e).ifPresent(b::noAuthUser);
            }
            case "cluster" -> cluster.map(e).ifPresent(b::cluster);
            case "tls" -> tls.map(e).ifPresent(b::tls);
            case "allow_non_tls" -> read.bool(e).ifPresent(b::allowNonTls);
            case "websocket", "ws" -> {
                websocketEntry = e;
                websocket.map(e).ifPresent(b::websocket);
            }
            case "debug" -> read.bool(e).ifPresent(b::debug);
            case "trace" -> read.bool(e).ifPresent(b::trace);
            case "logtime" -> read.bool(e).ifPresent(b::logtime);
            case "syslog" -> read.bool(e).ifPresent(b::syslog);
            case "no_header_support" -> read.bool(e).ifPresent(b::noHeaderSupport);
            case "log_file", "logfile" -> read.path(e).ifPresent(b::logFile);
            case "log_size_limit", "logfile_size_limit" -> read.integer(e).ifPresent(b::logSizeLimit);
            case "remote_syslog" -> read.string(e).ifPresent(b::remoteSyslog);
            case "pid_file", "pidfile" -> read.path(e).ifPresent(b::pidFile);
            case "ports_file_dir" -> read.path(e).ifPresent(b::portsFileDir);
            // For these, 0 keeps the default, as nats-server's setBaselineOptions does.
            case "max_connections", "max_conn" ->
                    read.positiveOrDefault(e, Integer.MAX_VALUE).ifPresent(v -> b.maxConnections((int) v));
            case "max_control_line" ->
                    read.positiveOrDefault(e, Integer.MAX_VALUE).ifPresent(v -> b.maxControlLine((int) v));
            case "max_payload" -> {
                maxPayloadEntry = e;
                read.positiveOrDefault(e, Integer.MAX_VALUE).ifPresent(v -> b.maxPayload((int) v));
            }
            case "max_pending" -> {
                maxPendingEntry = e;
                read.positiveOrDefault(e, Long.MAX_VALUE).ifPresent(b::maxPending);
            }
            case "max_subscriptions", "max_subs" -> read.int32(e).ifPresent(b::maxSubscriptions);
            case "ping_interval" -> read.duration(e, "ping_interval", true)
                    .filter(d -> !d.isZero()).ifPresent(b::pingInterval);
            case "ping_max" -> read.int32(e).ifPresent(v -> {
                if (v != 0) {
                    b.pingMax(v);
                }
            });
            case "write_deadline" -> read.duration(e, "write_deadline", true)
                    .filter(d -> !d.isZero()).ifPresent(b::writeDeadline);
            case "lame_duck_duration" -> mapLameDuckDuration(e);
            case "lame_duck_grace_period" -> mapLameDuckGracePeriod(e);
            default -> {
                if (UnsupportedKeys.isTopLevel(e.key())) {
                    read.unsupported(e);
                } else {
                    read.unknownField(e);
                }
            }
        }
    }

    private void mapAuthorization(ConfigEntry e) {
        AuthorizationMapper.Block a = authorization.map(e);
        if (a == null) {
            return;
        }
        if ((a.user() != null || a.password() != null) && a.token() != null) {
            read.error(e, "Cannot have a user/pass and token");
            return;
        }
        if (a.users() != null) {
            if (a.user() != null) {
                read.error(e, "Can not have a single user/pass and a users array");
                return;
            }
            if (a.token() != null) {
                read.error(e, "Can not have a token and a users array");
                return;
            }
            // One namespace for both, as nats-server: an nkey may not repeat a user name either.
            Set<String> names = new HashSet<>();
            for (User u : a.users()) {
                if (!names.add(u.username())) {
                    read.error(e, "Duplicate user " + GoSyntax.quote(u.username()) + " detected");
                }
            }
            for (NKeyUser u : a.nkeys()) {
                if (!names.add(u.publicKey().encoded())) {
                    read.error(e, "Duplicate nkey " + GoSyntax.quote(u.publicKey().encoded()) + " detected");
                }
            }
            builder.users(a.users()).nkeys(a.nkeys());
        }
        builder.username(a.user()).password(a.password()).authToken(a.token());
        if (a.timeout() != null) {
            builder.authTimeout(a.timeout());
        }
    }

    private void mapLameDuckDuration(ConfigEntry e) {
        lameDuckEntry = e;
        read.duration(e, "lame_duck_duration", false).ifPresent(d -> {
            if (d.compareTo(MIN_LAME_DUCK_DURATION) < 0) {
                read.error(e, "invalid lame_duck_duration of " + GoDuration.format(d) + ", minimum is 30 seconds");
            } else {
                builder.lameDuckDuration(d);
            }
        });
    }

    private void mapLameDuckGracePeriod(ConfigEntry e) {
        graceEntry = e;
        read.duration(e, "lame_duck_grace_period", false).ifPresent(d -> {
            if (d.isNegative()) {
                read.error(e, "invalid lame_duck_grace_period, needs to be positive");
            } else if (!d.isZero()) {
                builder.lameDuckGracePeriod(d);
            }
        });
    }

    /** What nats-server checks on the whole of the options when it starts (validateOptions). */
    private void checkAcrossKeys(ServerOptions o) {
        if (maxPayloadEntry != null && o.maxPayload() > ServerOptions.MAX_PAYLOAD_LIMIT) {
            read.error(maxPayloadEntry, "max_payload (" + o.maxPayload() + ") cannot be higher than "
                    + ServerOptions.MAX_PAYLOAD_LIMIT + " (64 MB)");
        } else if (o.maxPayload() > o.maxPending()) {
            ConfigEntry at = maxPayloadEntry != null ? maxPayloadEntry : maxPendingEntry;
            read.error(at, "max_payload (" + o.maxPayload() + ") cannot be higher than max_pending ("
                    + o.maxPending() + ")");
        } else if (maxPayloadEntry != null && o.maxPayload() > MAX_PAYLOAD_WARNING) {
            read.warn(maxPayloadEntry.keyPosition(),
                    "Maximum payloads over 8.00 MB are generally discouraged and could lead to poor performance");
        }
        if ((lameDuckEntry != null || graceEntry != null)
                && o.lameDuckGracePeriod().compareTo(o.lameDuckDuration()) >= 0) {
            read.error(graceEntry != null ? graceEntry : lameDuckEntry, "lame duck grace period ("
                    + GoDuration.format(o.lameDuckGracePeriod()) + ") should be strictly lower than lame duck "
                    + "duration (" + GoDuration.format(o.lameDuckDuration()) + ")");
        }
        if (websocketEntry != null) {
            websocket.check(websocketEntry, o.websocket(), o.users());
        }
        if (noAuthUserEntry != null && o.noAuthUser() != null) {
            String name = o.noAuthUser();
            if (o.users().isEmpty()) {
                read.error(noAuthUserEntry, "no_auth_user: \"" + name + "\" present, but users are not defined");
            } else if (o.users().stream().noneMatch(u -> u.username().equals(name))) {
                read.error(noAuthUserEntry, "no_auth_user: \"" + name
                        + "\" not present as user in authorization block or account configuration");
            }
        }
    }
}
