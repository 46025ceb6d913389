package io.jnatsd.server;

import io.jnatsd.auth.Authenticator;
import io.jnatsd.auth.User;
import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.GoDuration;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.config.WebsocketOptions;
import io.jnatsd.log.Log;
import io.jnatsd.route.RouteManager;
import io.jnatsd.tls.RouteTls;
import io.jnatsd.tls.ServerTls;
import io.jnatsd.tls.TlsOptions;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Applies new options to a running server, as nats-server's config reload does: options that
 * can change at run time (logging, authorization, client limits, max_connections, cluster
 * routes, client TLS) take effect, and a change to any other option refuses the whole reload.
 * Either everything is applied or nothing: all checks and everything that can fail (opening a
 * new log file, reading new TLS certificates) come before the first change.
 *
 * <p>Threading: {@link #reload} runs under the server's reload lock, on the caller's thread;
 * per-connection work is posted to each connection's event loop.
 */
final class Reloader {

    /** How long a reload waits for connections to apply it before reporting success anyway. */
    private static final long APPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final NatsServer server;

    Reloader(NatsServer server) {
        this.server = server;
    }

    /** What a reload changes, worked out before anything is applied. */
    private static final class Plan {
        final List<String> notices = new ArrayList<>();
        boolean logging;
        boolean auth;
        boolean limits;
        boolean maxConnections;
        /** Explicit routes to solicit and to close, as nats-server's routesOption. */
        final List<URI> routesAdded = new ArrayList<>();
        final List<URI> routesRemoved = new ArrayList<>();
        /** The cluster's tls block changed: new route connections use the new one. */
        boolean clusterTls;
        /** The cluster's import/export permissions changed. */
        boolean clusterPermissions;
        /** The cluster's name, authorization, advertising or retries changed. */
        boolean clusterSettings;
        /** Client TLS for connections accepted from now on (null: plain text); loaded while planning. */
        ServerTls tls;
        /** New websocket TLS for connections accepted from now on; null when it did not change. */
        ServerTls websocketTls;
    }

    /**
     * @param requested the new options (port 0 or -1 mean "keep the bound port", as in
     *                  nats-server)
     * @param logFactory builds the new logger when logging settings changed; null keeps the
     *                   current logger (an embedded server with its own {@link Log})
     */
    void reload(ServerOptions requested, Function<ServerOptions, ? extends Log> logFactory) throws ReloadException {
        ServerOptions old = server.options();
        ServerOptions next = normalize(requested, old);
        Plan plan = plan(old, next, server.tls());

        Log newLog = null;
        if (plan.logging && logFactory != null) {
            try {
                newLog = logFactory.apply(next);
            } catch (RuntimeException e) {
                throw new ReloadException("cannot reconfigure logging: " + e.getMessage(), e);
            }
        }
        Authenticator newAuth = plan.auth ? new Authenticator(next) : null;
        RouteTls newRouteTls = plan.clusterTls ? loadRouteTls(next.cluster().tls()) : null;

        // nothing below can fail: commit
        server.setOptions(next);
        // connections keep the TLS they were accepted with; new ones get this
        server.setTls(plan.tls);
        if (newLog != null) {
            Log previous = server.log().swap(newLog);
            previous.close();
        }
        if (newAuth != null) {
            server.setAuthenticators(newAuth, Authenticator.forWebsocket(next));
        }
        if (plan.websocketTls != null && server.websocketListener() != null) {
            server.websocketListener().setTls(plan.websocketTls);
        }
        Log log = server.log();
        RouteManager routes = server.routeManager();
        if (routes != null) {
            if (plan.clusterTls) {
                routes.setTls(newRouteTls);
            }
            if (plan.clusterSettings) {
                routes.applyReload(next.cluster());
            }
            if (plan.clusterPermissions) {
                routes.setPermissions(next.cluster().permissions());
            }
            // removals first, so a route whose URL changed is closed before the new one is dialled
            plan.routesRemoved.forEach(routes::removeRoute);
            plan.routesAdded.forEach(routes::addRoute);
        }
        for (String n : plan.notices) {
            log.notice("Reloaded: " + n);
        }
        List<Future<?>> applied = new ArrayList<>();
        if (plan.limits || newAuth != null) {
            for (ClientConnection c : server.connections()) {
                applied.add(c.applyReload(next, newAuth));
            }
        }
        if (plan.maxConnections) {
            enforceMaxConnections(next.maxConnections(), log, applied);
        }
        awaitApplied(applied, log);
        log.notice("Reloaded server configuration");
    }

    /**
     * Waits (bounded) until every connection has applied the change, so that when reload returns,
     * what a client sends next is handled under the new configuration, as in nats-server whose
     * reload updates clients under their locks. Not from an event loop, which would wait on itself.
     */
    private static void awaitApplied(List<Future<?>> applied, Log log) {
        if (isEventLoopThread()) {
            return;
        }
        long deadline = System.nanoTime() + APPLY_TIMEOUT_NANOS;
        for (Future<?> f : applied) {
            long left = deadline - System.nanoTime();
            try {
                f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.warn("Config reload: some connections have not applied the new configuration yet");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                log.error("Config reload: applying to a connection failed: " + e.getCause());
            }
        }
    }

    private static boolean isEventLoopThread() {
        return Thread.currentThread() instanceof io.netty.util.concurrent.FastThreadLocalThread;
    }

    /** The bound client port stays when the new config asks for a random one. */
    private static ServerOptions normalize(ServerOptions requested, ServerOptions old) {
        if (requested.port() <= 0 && old.port() != requested.port()) {
            return requested.toBuilder().port(old.port()).build();
        }
        return requested;
    }

    private static Plan plan(ServerOptions o, ServerOptions n, ServerTls currentTls) throws ReloadException {
        // fixed for the life of the server (nats-server's field names in the messages)
        refuseChange("ServerName", o.serverName(), n.serverName());
        refuseChange("Host", o.host(), n.host());
        refuseChange("Port", o.port(), n.port());
        refuseChange("ClientAdvertise", o.clientAdvertise(), n.clientAdvertise());
        refuseChange("HTTPHost", o.httpHost(), n.httpHost());
        refuseChange("HTTPPort", o.httpPort(), n.httpPort());
        refuseChange("HTTPSPort", o.httpsPort(), n.httpsPort());
        refuseChange("HTTPBasePath", o.httpBasePath(), n.httpBasePath());
        refuseChange("MaxPending", o.maxPending(), n.maxPending());
        refuseChange("MaxSubs", o.maxSubscriptions(), n.maxSubscriptions());
        refuseChange("NoHeaderSupport", o.noHeaderSupport(), n.noHeaderSupport());
        refuseChange("LogSizeLimit", o.logSizeLimit(), n.logSizeLimit());
        refuseChange("PidFile", o.pidFile(), n.pidFile());
        refuseChange("LameDuckDuration", o.lameDuckDuration(), n.lameDuckDuration());
        refuseChange("LameDuckGracePeriod", o.lameDuckGracePeriod(), n.lameDuckGracePeriod());
        refuseChange("IOThreads", o.ioThreads(), n.ioThreads());
        refuseChange("TLSMap", verifyAndMap(o.tls()), verifyAndMap(n.tls()));
        refuseChange("AllowNonTLS", o.allowNonTls(), n.allowNonTls());
        checkCluster(o.cluster(), n.cluster());
        checkNoAuthUser(o, n);
        checkWebsocket(o.websocket(), n.websocket());
        // ports_file_dir: nats-server 2.9 ignores a change (the file stays where it is)

        Plan p = new Plan();
        if (o.trace() != n.trace()) {
            p.notices.add("trace = " + n.trace());
            p.logging = true;
        }
        if (o.debug() != n.debug()) {
            p.notices.add("debug = " + n.debug());
            p.logging = true;
        }
        if (o.logtime() != n.logtime()) {
            p.notices.add("logtime = " + n.logtime());
            p.logging = true;
        }
        if (!Objects.equals(o.logFile(), n.logFile())) {
            p.notices.add("log_file = " + text(n.logFile()));
            p.logging = true;
        }
        if (o.syslog() != n.syslog()) {
            p.notices.add("syslog = " + n.syslog());
            p.logging = true;
        }
        if (!Objects.equals(o.remoteSyslog(), n.remoteSyslog())) {
            p.notices.add("remote_syslog = " + text(n.remoteSyslog()));
            p.logging = true;
        }
        if (!Objects.equals(o.username(), n.username())) {
            p.notices.add("authorization username");
            p.auth = true;
        }
        if (!Objects.equals(o.password(), n.password())) {
            p.notices.add("authorization password");
            p.auth = true;
        }
        if (!Objects.equals(o.authToken(), n.authToken())) {
            p.notices.add("authorization token");
            p.auth = true;
        }
        if (!Objects.equals(o.authTimeout(), n.authTimeout())) {
            p.notices.add("authorization timeout = " + seconds(n.authTimeout()));
        }
        // nkey users first, as nats-server lists them; their order in the file does not matter
        if (!new HashSet<>(o.nkeys()).equals(new HashSet<>(n.nkeys()))) {
            p.notices.add("authorization nkey users");
            p.auth = true;
        }
        if (!o.users().equals(n.users())) {
            p.notices.add("authorization users");
            p.auth = true;
        }
        if (!Objects.equals(o.noAuthUser(), n.noAuthUser())) {
            p.auth = true;
        }
        diffRoutes(o.cluster().routes(), n.cluster().routes(), p);
        if (clusterSettingsChanged(o.cluster(), n.cluster())) {
            p.notices.add("cluster");
            p.clusterSettings = true;
        }
        if (!Objects.equals(o.cluster().permissions(), n.cluster().permissions())) {
            p.notices.add("cluster permissions");
            p.clusterPermissions = true;
        }
        if (!Objects.equals(o.cluster().tls(), n.cluster().tls())) {
            p.notices.add("cluster tls = " + (n.cluster().tls() != null ? "enabled" : "disabled"));
            p.clusterTls = true;
        }
        if (o.maxConnections() != n.maxConnections()) {
            p.notices.add("max_connections = " + n.maxConnections());
            p.maxConnections = true;
        }
        if (!Objects.equals(o.pingInterval(), n.pingInterval())) {
            p.notices.add("ping_interval = " + GoDuration.format(n.pingInterval()));
        }
        if (o.pingMax() != n.pingMax()) {
            p.notices.add("ping_max = " + n.pingMax());
        }
        if (o.maxControlLine() != n.maxControlLine()) {
            p.notices.add("max_control_line = " + n.maxControlLine());
            p.limits = true;
        }
        if (o.maxPayload() != n.maxPayload()) {
            p.notices.add("max_payload = " + n.maxPayload());
            p.limits = true;
        }
        planTls(o, n, currentTls, p);
        planWebsocketTls(n.websocket().tls(), p);
        if (!Objects.equals(o.writeDeadline(), n.writeDeadline())) {
            p.notices.add("write_deadline = " + GoDuration.format(n.writeDeadline()));
        }
        return p;
    }

    /** The cluster settings {@link RouteManager#applyReload} takes. */
    private static boolean clusterSettingsChanged(ClusterOptions o, ClusterOptions n) {
        return !Objects.equals(o.name(), n.name()) || !Objects.equals(o.username(), n.username())
                || !Objects.equals(o.password(), n.password()) || !Objects.equals(o.authTimeout(), n.authTimeout())
                || o.noAdvertise() != n.noAdvertise() || o.connectRetries() != n.connectRetries()
                || !Objects.equals(o.advertise(), n.advertise());
    }

    private static RouteTls loadRouteTls(TlsOptions o) throws ReloadException {
        if (o == null) {
            return null;
        }
        try {
            return RouteTls.load(o);
        } catch (IOException e) {
            throw new ReloadException("cluster tls: " + e.getMessage(), e);
        }
    }

    /**
     * Client TLS, as nats-server's tlsTimeoutOption and tlsOption: the new files are read now, so
     * a bad certificate refuses the reload, and a certificate replaced under the same file name is
     * a change ("tls = enabled") as in nats-server, which compares what it loaded.
     */
    private static void planTls(ServerOptions o, ServerOptions n, ServerTls current, Plan p) throws ReloadException {
        ServerTls next = null;
        if (n.tls() != null) {
            try {
                next = ServerTls.load(n.tls());
            } catch (IOException e) {
                throw new ReloadException(e.getMessage(), e);
            }
        }
        Duration oldTimeout = tlsTimeout(o.tls());
        Duration newTimeout = tlsTimeout(n.tls());
        if (!oldTimeout.equals(newTimeout)) {
            p.notices.add("tls timeout = " + seconds(newTimeout));
        }
        boolean handshakeChanged = current == null || next == null ? current != next : !current.sameHandshake(next);
        if (handshakeChanged) {
            p.notices.add("tls = " + (next != null ? "enabled" : "disabled"));
        }
        // nothing a client could notice changed: keep the context in use
        boolean unchanged = !handshakeChanged && next != null && next.options().equals(current.options());
        p.tls = unchanged ? current : next;
    }

    /** nats-server's TLSTimeout: 2 s when there is no tls block. */
    private static Duration tlsTimeout(TlsOptions tls) {
        return tls == null ? TlsOptions.DEFAULT_TIMEOUT : tls.timeout();
    }

    private static boolean verifyAndMap(TlsOptions tls) {
        return tls != null && tls.verifyAndMap();
    }

    /** nats-server's diffRoutes: URLs only in the new list are added, only in the old removed. */
    private static void diffRoutes(List<URI> old, List<URI> next, Plan p) {
        for (URI u : next) {
            if (!old.contains(u) && !p.routesAdded.contains(u)) {
                p.routesAdded.add(u);
            }
        }
        for (URI u : old) {
            if (!next.contains(u) && !p.routesRemoved.contains(u)) {
                p.routesRemoved.add(u);
            }
        }
        if (!p.routesAdded.isEmpty() || !p.routesRemoved.isEmpty()) {
            p.notices.add("cluster routes");
        }
    }

    private static void refuseChange(String field, Object old, Object next) throws ReloadException {
        if (!Objects.equals(old, next)) {
            throw notSupported(field, text(old), text(next));
        }
    }

    private static ReloadException notSupported(String field, String old, String next) {
        return new ReloadException("config reload not supported for " + field + ": old=" + old + ", new=" + next);
    }

    /**
     * Cluster host and port are fixed, and a cluster cannot be turned on or off, as in
     * nats-server; everything else in the block may change.
     */
    private static void checkCluster(ClusterOptions o, ClusterOptions n) throws ReloadException {
        if (o.enabled() != n.enabled()) {
            throw new ReloadException("config reload not supported for cluster: old="
                    + (o.enabled() ? "enabled" : "disabled") + ", new=" + (n.enabled() ? "enabled" : "disabled"));
        }
        if (!Objects.equals(o.host(), n.host()) && (o.enabled() || n.enabled())) {
            throw new ReloadException("config reload not supported for cluster host: old="
                    + (o.enabled() ? o.host() : "") + ", new=" + (n.enabled() ? n.host() : ""));
        }
        // nats-server: a new cluster port of -1 keeps the bound one
        if (o.port() != n.port() && n.port() != -1) {
            throw new ReloadException("config reload not supported for cluster port: old=" + o.port()
                    + ", new=" + n.port());
        }
    }

    /**
     * As nats-server, nothing of the websocket block may change but its TLS certificate and
     * settings (new connections get them); a port of -1 keeps the bound one. Turning TLS on or off
     * is refused too: nats-server accepts it but goes on listening as it started.
     */
    private static void checkWebsocket(WebsocketOptions o, WebsocketOptions n) throws ReloadException {
        WebsocketOptions next = n.port() == -1 && o.enabled() ? new WebsocketOptions(n.host(), o.port(), n.advertise(),
                n.noTls(), n.tls(), n.sameOrigin(), n.allowedOrigins(), n.compression(), n.handshakeTimeout(),
                n.username(), n.password(), n.token(), n.authTimeout(), n.noAuthUser()) : n;
        if (!o.withTls(null).equals(next.withTls(null)) || (o.tls() == null) != (next.tls() == null)) {
            throw new ReloadException("config reload not supported for Websocket: old=" + describe(o)
                    + ", new=" + describe(next));
        }
    }

    private static String describe(WebsocketOptions ws) {
        if (!ws.enabled()) {
            return "{}";
        }
        return "{" + ws.scheme() + "://" + ws.host() + ":" + ws.port() + " compression=" + ws.compression()
                + " same_origin=" + ws.sameOrigin() + " allowed_origins=" + ws.allowedOrigins()
                + " handshake_timeout=" + GoDuration.format(ws.handshakeTimeout()) + "}";
    }

    /** The files are read again even under the same names, so a renewed certificate is picked up. */
    private static void planWebsocketTls(TlsOptions next, Plan p) throws ReloadException {
        if (next == null) {
            return;
        }
        try {
            p.websocketTls = ServerTls.load(next);
        } catch (IOException e) {
            throw new ReloadException("websocket tls: " + e.getMessage(), e);
        }
    }

    /** nats-server allows only dropping no_auth_user together with the user it named. */
    private static void checkNoAuthUser(ServerOptions o, ServerOptions n) throws ReloadException {
        String old = o.noAuthUser();
        String next = n.noAuthUser();
        if (Objects.equals(old, next)) {
            return;
        }
        boolean dropped = old != null && !old.isEmpty() && (next == null || next.isEmpty());
        if (dropped) {
            for (User u : n.users()) {
                if (u.username().equals(old)) {
                    throw notSupported("NoAuthUser", old, "");
                }
            }
            return;
        }
        throw notSupported("NoAuthUser", text(old), text(next));
    }

    /** Lowered max_connections: close connections until within it, as nats-server does. */
    private void enforceMaxConnections(int max, Log log, List<Future<?>> applied) {
        List<ClientConnection> all = new ArrayList<>(server.connections());
        if (max <= 0 || all.size() <= max) {
            return;
        }
        int toClose = all.size() - max;
        for (int i = 0; i < toClose; i++) {
            applied.add(all.get(i).maxConnectionsExceeded());
        }
        log.notice("Closed " + toClose + " connections to fall within max_connections");
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Duration d) {
            return GoDuration.format(d);
        }
        return v.toString();
    }

    private static String seconds(Duration d) {
        if (d == null) {
            return "0";
        }
        double s = d.toNanos() / 1e9;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
