package io.jnatsd.monitor;

import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.config.WebsocketOptions;
import io.jnatsd.log.Log;
import io.jnatsd.protocol.ConnectOptions;
import io.jnatsd.route.RouteSnapshot;
import io.jnatsd.route.RouteSubscription;
import io.jnatsd.server.ClientConnection;
import io.jnatsd.server.ClientSubscription;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.Traffic;
import io.jnatsd.server.Version;
import io.jnatsd.sublist.Subjects;
import io.jnatsd.sublist.Subscription;
import io.jnatsd.tls.ServerTls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.EventExecutor;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The monitoring data of one server, built on request by plain methods ({@link #varz},
 * {@link #connz}, {@link #routez}, {@link #subsz}, {@link #healthz}, {@link #metrics}) that
 * tests call without HTTP; the HTTP or HTTPS listener ({@link #startHttp}) only reads queries and
 * serialises what these return.
 *
 * <p>Nothing here runs per message: totals are summed from the connections' own counters when
 * asked, and closed connections are recorded once, when they close.
 *
 * <p>Threading: the data methods may be called from any thread. They read connection counters
 * without locks (a value may be a moment old), the accepted cost of keeping the message path
 * free of shared writes; subscription lists come from the thread-safe subject index, never
 * from a connection's own map. {@link #connectionClosed} is called by the closing connection
 * on its event loop.
 */
public final class Monitor {

    /** nats-server's tls_timeout when no tls block sets one (TLS_TIMEOUT). */
    private static final double DEFAULT_TLS_TIMEOUT_SECONDS = 2;
    /** nats-server's default cluster auth_timeout without TLS (jnatsd's route default too). */
    private static final double DEFAULT_CLUSTER_AUTH_TIMEOUT_SECONDS = 2;
    /** The account of route interest: jnatsd routes carry the global account only. */
    private static final String ROUTE_SID_PREFIX = SubDetail.GLOBAL_ACCOUNT + " ";
    private static final String GO_RUNTIME = "java" + Runtime.version();

    private final NatsServer server;
    private final Instant start = Instant.now();
    private final Instant configLoadTime = start;
    private final ClosedConnections closed;
    private final ConcurrentHashMap<String, LongAdder> requestStats = new ConcurrentHashMap<>();
    private final ProcessUsage process = new ProcessUsage();
    private volatile MonitorHttpServer http;
    private volatile int ioThreads;

    public Monitor(NatsServer server) {
        this(server, ClosedConnections.DEFAULT_CAPACITY);
    }

    public Monitor(NatsServer server, int closedCapacity) {
        this.server = server;
        this.closed = new ClosedConnections(closedCapacity);
    }

    // ------------------------------------------------------------------ HTTP listener

    /**
     * Starts the monitoring listener the options ask for, on the server's event loops: HTTP
     * with {@code http_port}, HTTPS with {@code https_port} (the server's TLS certificate, no
     * client certificate asked); a port of -1 lets the OS choose. Returns at once when both
     * ports are 0. As in nats-server, asking for both, or for HTTPS without TLS, is refused.
     *
     * @param tls the server's client TLS, or null when it has none
     * @throws MonitorStartException when the options are refused or the port cannot be bound
     */
    public synchronized void startHttp(EventLoopGroup group, Class<? extends ServerChannel> channelType,
                                       ServerTls tls, Log log) throws MonitorStartException {
        ioThreads = count(group);
        ServerOptions o = server.options();
        if (http != null) {
            return;
        }
        if (o.httpPort() != 0 && o.httpsPort() != 0) {
            throw new MonitorStartException("can't specify both HTTP (" + o.httpPort() + ") and HTTPs ("
                    + o.httpsPort() + ") ports");
        }
        if (o.httpPort() != 0) {
            http = MonitorHttpServer.start(this, group, channelType, httpHost(o), ephemeral(o.httpPort()),
                    o.httpBasePath(), null, log);
        } else if (o.httpsPort() != 0) {
            if (tls == null) {
                throw new MonitorStartException("TLS cert and key required for HTTPS");
            }
            http = MonitorHttpServer.start(this, group, channelType, httpHost(o), ephemeral(o.httpsPort()),
                    o.httpBasePath(), tls, log);
        }
    }

    /** -1 (nats-server's "random port") is 0 to the OS. */
    private static int ephemeral(int port) {
        return port < 0 ? 0 : port;
    }

    /** Closes the monitoring listener and its connections; idempotent. */
    public synchronized void stopHttp() {
        MonitorHttpServer h = http;
        http = null;
        if (h != null) {
            h.close();
        }
    }

    /** The bound port of the plain HTTP monitoring listener, or -1 when there is none. */
    public int httpPort() {
        MonitorHttpServer h = http;
        return h == null || h.secure() ? -1 : h.port();
    }

    /** The bound port of the HTTPS monitoring listener, or -1 when there is none. */
    public int httpsPort() {
        MonitorHttpServer h = http;
        return h == null || !h.secure() ? -1 : h.port();
    }

    /**
     * A URL for the monitoring root from this machine ({@code http://} or {@code https://}),
     * or null without a monitoring listener.
     */
    public URI httpUrl() {
        MonitorHttpServer h = http;
        return h == null ? null : h.url();
    }

    private static String httpHost(ServerOptions o) {
        return o.httpHost() != null && !o.httpHost().isEmpty() ? o.httpHost() : o.host();
    }

    private static int count(EventLoopGroup group) {
        int n = 0;
        for (EventExecutor ignored : group) {
            n++;
        }
        return n;
    }

    /** Counts one request of an endpoint for {@code http_req_stats}; called by the HTTP handler. */
    void countRequest(String endpoint) {
        requestStats.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    }

    // ------------------------------------------------------------------ closed connections

    /** Records a connection that just closed. The connection's event loop, once per connection. */
    public void connectionClosed(ClientConnection c) {
        Instant stop = c.stopTime() != null ? c.stopTime() : Instant.now();
        List<ClientSubscription> subs = c.subscriptions();
        List<SubDetail> details = new ArrayList<>(subs.size());
        for (ClientSubscription s : subs) {
            details.add(detail(s, SubDetail.GLOBAL_ACCOUNT));
        }
        ConnInfo info = info(c, stop, stop, c.closeReason() == null ? null : c.closeReason().text());
        closed.add(new ClosedConnections.Entry(info, details, c.user()));
    }

    public ClosedConnections closedConnections() {
        return closed;
    }

    // ------------------------------------------------------------------ /varz

    public Varz varz(VarzOptions opts) {
        ProcessUsage.Sample p = process.sample();
        ServerOptions o = server.options();
        Instant now = Instant.now();
        Traffic t = server.traffic();
        int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        int routes = server.routeCount();
        // nats-server fills connect_urls the first time a route brings a peer's URLs
        List<String> connectUrls = routes > 0 ? server.clientConnectUrls() : List.of();
        return new Varz(
                server.serverId(), server.serverName(), Version.PROTOCOL_COMPATIBLE, Version.PROTO, GO_RUNTIME,
                o.host(), server.port(), o.authRequired(), server.tlsRequired(), server.tlsVerify(), connectUrls,
                server.websocketConnectUrls(),
                o.maxConnections(), o.maxSubscriptions(), o.pingInterval().toNanos(), o.pingMax(),
                httpHost(o), o.httpPort(), o.httpBasePath() == null ? "" : o.httpBasePath(), o.httpsPort(),
                seconds(o.authTimeout()), o.maxControlLine(), o.maxPayload(), o.maxPending(),
                cluster(o.cluster()), Map.of(), Map.of(), Map.of(), websocket(o.websocket()), Map.of(),
                o.tls() != null ? seconds(o.tls().timeout()) : DEFAULT_TLS_TIMEOUT_SECONDS, o.writeDeadline().toNanos(),
                start, now, GoTime.uptime(Duration.between(start, now)),
                p.rssBytes(), Runtime.getRuntime().availableProcessors(), threads, p.cpuPercent(),
                server.connectionCount(), server.totalConnections(), routes, routes, 0,
                t.inMsgs(), t.outMsgs(), t.inBytes(), t.outBytes(), server.slowConsumers(),
                server.sublist().count(), requestStats(), configLoadTime);
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }

    /**
     * nats-server's ClusterOptsVarz: the name in use, the listen host, the bound port (the
     * configured one before start), auth and TLS timeouts with nats-server's defaults, the
     * configured routes as host:port, and whether routes use (always mutual) TLS.
     */
    private Varz.Cluster cluster(ClusterOptions c) {
        if (c == null || !c.enabled()) {
            return Varz.Cluster.NONE;
        }
        List<String> urls = new ArrayList<>();
        for (URI u : c.routes()) {
            urls.add(u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort());
        }
        String name = server.clusterName() != null ? server.clusterName() : c.name();
        int port = server.clusterPort() > 0 ? server.clusterPort() : Math.max(0, c.port());
        double authTimeout = c.authTimeout() == null || c.authTimeout().isZero()
                ? DEFAULT_CLUSTER_AUTH_TIMEOUT_SECONDS : seconds(c.authTimeout());
        boolean tls = c.tls() != null;
        return new Varz.Cluster(name, c.host(), port, authTimeout, urls,
                tls ? seconds(c.tls().timeout()) : DEFAULT_TLS_TIMEOUT_SECONDS, tls, tls);
    }

    /** nats-server's WebsocketOptsVarz: the settings as configured, with the bound port. */
    private Varz.Websocket websocket(WebsocketOptions ws) {
        if (!ws.enabled()) {
            return Varz.Websocket.NONE;
        }
        int port = server.websocketPort() > 0 ? server.websocketPort() : Math.max(0, ws.port());
        return new Varz.Websocket(ws.host(), port, ws.advertise(), ws.noAuthUser(), ws.handshakeTimeout().toNanos(),
                seconds(ws.authTimeout()), ws.noTls(), ws.tls() != null && ws.tls().verifyAndMap(), ws.sameOrigin(),
                ws.allowedOrigins(), ws.compression());
    }

    private Map<String, Long> requestStats() {
        Map<String, Long> m = new TreeMap<>();
        requestStats.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    // ------------------------------------------------------------------ /connz

    /** One candidate of a connz listing: its info and where the rest of its data is. */
    private record Row(ConnInfo info, ClientConnection open, ClosedConnections.Entry closed) {
    }

    public Connz connz(ConnzOptions o) {
        Instant now = Instant.now();
        String user = o.user() == null || o.user().isEmpty() ? null : o.user();
        boolean otherAccount = o.account() != null && !o.account().isEmpty()
                && !SubDetail.GLOBAL_ACCOUNT.equals(o.account());
        boolean mqtt = o.mqttClient() != null && !o.mqttClient().isEmpty();
        boolean none = otherAccount || mqtt;

        List<Row> rows = new ArrayList<>();
        int total = 0;
        if (o.state().includesOpen()) {
            Collection<ClientConnection> open = server.connections();
            total += open.size();
            for (ClientConnection c : open) {
                if (none || (o.cid() > 0 && c.cid() != o.cid()) || (user != null && !user.equals(c.user()))) {
                    continue;
                }
                rows.add(new Row(info(c, now, null, null), c, null));
            }
        }
        if (o.state().includesClosed()) {
            List<ClosedConnections.Entry> entries = closed.snapshot();
            total += entries.size();
            for (ClosedConnections.Entry e : entries) {
                if (none || (o.cid() > 0 && e.info().cid() != o.cid()) || (user != null && !user.equals(e.user()))) {
                    continue;
                }
                rows.add(new Row(e.info(), null, e));
            }
        }
        var order = o.sort().comparator(now);
        rows.sort((a, b) -> order.compare(a.info(), b.info()));

        int from = Math.min(o.offset(), rows.size());
        int to = (int) Math.min((long) o.offset() + o.limit(), rows.size());
        List<Row> page = rows.subList(from, to);
        boolean withSubs = o.subscriptions() || o.subscriptionsDetail();
        Map<Long, List<ClientSubscription>> openSubs = withSubs ? openSubscriptions(page) : Map.of();
        List<ConnInfo> out = new ArrayList<>(page.size());
        for (Row r : page) {
            ConnInfo ci = r.info();
            if (withSubs) {
                List<SubDetail> details = r.closed() != null ? r.closed().subscriptions()
                        : openDetails(openSubs.getOrDefault(ci.cid(), List.of()));
                if (o.subscriptionsDetail()) {
                    ci = ci.withSubscriptions(null, details);
                } else {
                    List<String> subjects = new ArrayList<>(details.size());
                    details.forEach(d -> subjects.add(d.subject()));
                    ci = ci.withSubscriptions(subjects, null);
                }
            }
            if (o.auth()) {
                ci = ci.withAuthorizedUser(r.closed() != null ? r.closed().user() : r.open().authorizedUser());
            }
            out.add(ci);
        }
        return new Connz(server.serverId(), now, out.size(), total, o.offset(), o.limit(), out);
    }

    /**
     * The subscriptions of the open connections on a page, taken from the subject index (which
     * other threads may read) rather than from the connections' own maps (which belong to
     * their event loops).
     */
    private Map<Long, List<ClientSubscription>> openSubscriptions(List<Row> page) {
        Map<Long, List<ClientSubscription>> m = new HashMap<>();
        for (Row r : page) {
            if (r.open() != null) {
                m.put(r.info().cid(), new ArrayList<>());
            }
        }
        if (m.isEmpty()) {
            return m;
        }
        for (Subscription s : server.sublist().all()) {
            if (s instanceof ClientSubscription cs) {
                List<ClientSubscription> l = m.get(cs.client.cid());
                if (l != null) {
                    l.add(cs);
                }
            }
        }
        return m;
    }

    private static List<SubDetail> openDetails(List<ClientSubscription> subs) {
        List<SubDetail> out = new ArrayList<>(subs.size());
        for (ClientSubscription s : subs) {
            out.add(detail(s, null));
        }
        return out;
    }

    private static SubDetail detail(ClientSubscription s, String account) {
        return new SubDetail(account, s.subject, s.queue, s.sid, s.delivered(), s.max(), s.client.cid());
    }

    /** A connection's info at {@code now}; {@code stop} and {@code reason} only for a closed one. */
    private static ConnInfo info(ClientConnection c, Instant now, Instant stop, String reason) {
        ConnectOptions co = c.connectOptions();
        Instant begin = c.startTime();
        Instant last = c.lastActivity();
        return new ConnInfo(c.cid(), ConnInfo.KIND_CLIENT, c.type().text(), c.remoteIp(), c.remotePort(),
                begin, last, stop, reason, GoTime.rtt(c.rttNanos()),
                GoTime.uptime(Duration.between(begin, now)), GoTime.uptime(Duration.between(last, now)),
                c.pendingBytes(), c.inMsgs(), c.outMsgs(), c.inBytes(), c.outBytes(), c.subscriptionCount(),
                co.name, co.lang, co.version, null, null, null, null);
    }

    // ------------------------------------------------------------------ /routez

    /**
     * The registered routes in rid order. With {@code subs=1} or {@code subs=detail}, each
     * route lists the interest its peer announced, taken from the subject index (thread-safe)
     * rather than from the route's own map (which belongs to its event loop).
     */
    public Routez routez(RoutezOptions opts) {
        Instant now = Instant.now();
        List<RouteSnapshot> snaps = new ArrayList<>(server.routes());
        snaps.sort(Comparator.comparingLong(RouteSnapshot::rid));
        boolean withSubs = opts.subscriptions() || opts.subscriptionsDetail();
        Map<Long, List<RouteSubscription>> subs = withSubs ? routeSubscriptions() : Map.of();
        List<RouteInfo> out = new ArrayList<>(snaps.size());
        for (RouteSnapshot r : snaps) {
            List<String> list = null;
            List<SubDetail> detail = null;
            List<RouteSubscription> rs = subs.getOrDefault(r.rid(), List.of());
            if (opts.subscriptionsDetail()) {
                detail = new ArrayList<>(rs.size());
                for (RouteSubscription s : rs) {
                    detail.add(routeDetail(s));
                }
            } else if (opts.subscriptions()) {
                list = new ArrayList<>(rs.size());
                for (RouteSubscription s : rs) {
                    list.add(s.subject);
                }
            }
            Instant last = r.lastActivity() != null ? r.lastActivity() : r.start();
            out.add(new RouteInfo(r.rid(), r.remoteId(), r.didSolicit(), r.configured(), r.ip(), r.port(),
                    r.start(), last, GoTime.rtt(r.rttNanos()),
                    GoTime.uptime(Duration.between(r.start(), now)), GoTime.uptime(Duration.between(last, now)),
                    RouteInfo.Permission.of(r.remoteImport()), RouteInfo.Permission.of(r.remoteExport()),
                    r.pendingBytes(), r.inMsgs(), r.outMsgs(), r.inBytes(), r.outBytes(), r.subscriptions(),
                    list, detail));
        }
        io.jnatsd.auth.Permissions own = server.options().cluster().permissions();
        return new Routez(server.serverId(), now, own == null ? null : RouteInfo.Permission.of(own.publish()),
                own == null ? null : RouteInfo.Permission.of(own.subscribe()), out.size(), out);
    }

    /** Remote interest in the subject index, by route id. */
    private Map<Long, List<RouteSubscription>> routeSubscriptions() {
        Map<Long, List<RouteSubscription>> m = new HashMap<>();
        for (Subscription s : server.sublist().all()) {
            if (s instanceof RouteSubscription rs) {
                m.computeIfAbsent(rs.route.rid(), k -> new ArrayList<>()).add(rs);
            }
        }
        return m;
    }

    /**
     * A remote interest entry as nats-server shows a route's subscription: the sid is the
     * entry's key ("$G subject" or "$G subject queue"), the cid the route's rid, no account.
     * {@code msgs} stays 0: jnatsd does not count messages per remote interest entry.
     */
    private static SubDetail routeDetail(RouteSubscription s) {
        String sid = ROUTE_SID_PREFIX + s.subject + (s.queue == null ? "" : " " + s.queue);
        return new SubDetail(null, s.subject, s.queue, sid, 0, 0, s.route.rid());
    }

    // ------------------------------------------------------------------ /subsz

    public Subsz subsz(SubszOptions o) {
        Instant now = Instant.now();
        boolean ours = o.account() == null || SubDetail.GLOBAL_ACCOUNT.equals(o.account());
        SubszStats stats = ours ? SubszStats.of(server.sublist().stats()) : new SubszStats(0, 0, 0, 0, 0, 0, 0, 0);
        List<SubDetail> page = List.of();
        if (o.subscriptions() && ours) {
            List<SubDetail> all = new ArrayList<>();
            for (Subscription s : server.sublist().all()) {
                if (s instanceof ClientSubscription cs && (o.test() == null || Subjects.matches(cs.subject, o.test()))) {
                    all.add(detail(cs, SubDetail.GLOBAL_ACCOUNT));
                }
            }
            int from = Math.min(o.offset(), all.size());
            int to = (int) Math.min((long) o.offset() + o.limit(), all.size());
            page = List.copyOf(all.subList(from, to));
        }
        return Subsz.of(server.serverId(), now, stats, o.offset(), o.limit(), page);
    }

    // ------------------------------------------------------------------ /healthz

    public HealthStatus healthz() {
        return server.isRunning() ? HealthStatus.OK
                : new HealthStatus("error", "failed to be ready for connections: server is not running");
    }

    // ------------------------------------------------------------------ /metrics

    /** The Prometheus text exposition of {@link #varz}, {@link #subsz} and {@link #routez} (see docs/MONITORING.md). */
    public String metrics() {
        Varz v = varz(VarzOptions.DEFAULT);
        long pending = 0;
        for (ClientConnection c : server.connections()) {
            pending += c.pendingBytes();
        }
        return PrometheusMetrics.render(v, subsz(SubszOptions.DEFAULT).stats(), routez(RoutezOptions.DEFAULT),
                closed.size(), pending);
    }
}
