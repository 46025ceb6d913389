package io.jnatsd.route;

import io.jnatsd.sublist.Subjects;
import io.jnatsd.text.Ipv6Text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jnatsd.config.ClusterOptions;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.protocol.CloseReason;
import io.jnatsd.server.ClientConnection;
import io.jnatsd.server.ClientType;
import io.jnatsd.server.NatsServer;
import io.jnatsd.sublist.Sublist;
import io.jnatsd.sublist.Subscription;
import io.jnatsd.tls.RouteTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster side of a server: listens for routes, solicits the configured ones (forever, with
 * a 1 s pause between attempts) and the ones learned through gossip (implicit, up to
 * connect_retries), keeps one route per remote server (a duplicate is closed, as nats-server
 * does), tells routes about local interest (RS+/RS- with queue weights) and tells clients the
 * cluster's client URLs.
 *
 * <p>Threading: the registry, the interest counts and the broadcast of interest changes share
 * this object's monitor, so a route registered meanwhile sees every change exactly once, in
 * order. Interest changes come from client event loops; they are not on the message path.
 */
public final class RouteManager {

    /** nats-server's DEFAULT_ROUTE_CONNECT and DEFAULT_ROUTE_RECONNECT. */
    static final long CONNECT_DELAY_MS = 1000;
    static final long RECONNECT_DELAY_MS = 1000;
    /** Random extra before a reconnect, so two servers that dropped a duplicate do not collide again. */
    static final int RECONNECT_JITTER_MS = 100;
    static final int DIAL_TIMEOUT_MS = 1000;
    /** nats-server's default cluster auth timeout (seconds), used when the block gives none. */
    static final long DEFAULT_AUTH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Route protocol version announced in INFO (nats-server's RouteProtoV2: accounts in RS+/RMSG). */
    static final int ROUTE_PROTO = 2;

    private final NatsServer server;
    private final ServerOptions options;
    /** The cluster block in force; a reload replaces it (host and port never change). */
    private volatile ClusterOptions cluster;
    private final Log log;
    private final AtomicLong nextRid = new AtomicLong();
    /** True while the cluster name is a generated one; a reload naming the cluster ends it. */
    private volatile boolean dynamicName;
    private volatile String clusterName;

    private EventLoopGroup group;
    private Class<? extends Channel> socketChannel;
    private Channel listener;
    private volatile int port;
    private volatile boolean running;

    /**
     * The explicit routes to solicit: the configured ones, changed by a config reload. A
     * reconnect loop for a URL no longer here stops at its next attempt.
     */
    private final Set<URI> configured = ConcurrentHashMap.newKeySet();
    /** Every live route connection, registered or still meeting. */
    private final Set<RouteConnection> all = ConcurrentHashMap.newKeySet();
    /** Registered routes by remote server id. Guarded by this. */
    private final Map<String, RouteConnection> remotes = new HashMap<>();
    /** Local interest: plain subscription counts by subject, queue members by "subject queue". Guarded by this. */
    private final Map<String, int[]> plainInterest = new HashMap<>();
    private final Map<String, int[]> queueInterest = new HashMap<>();
    /** Local subscriptions counted above (removal can be reported twice). Guarded by this. */
    private final Set<Subscription> counted = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Client URLs of this server and of every registered route; published in client INFO. */
    private volatile List<String> clusterClientUrls = List.of();
    private List<String> ownClientUrls = List.of();
    /** This server's websocket client URLs, told to peers; empty without a websocket port. */
    private List<String> ownWebsocketUrls = List.of();
    /**
     * The cluster's websocket URLs for websocket clients: empty until a route brings a peer's,
     * then this server's first, as nats-server fills them.
     */
    private volatile List<String> clusterWebsocketUrls = List.of();
    private byte[] infoJson;
    /** Cluster TLS, loaded by {@link #start}; null when routes are plain TCP. */
    private volatile RouteTls tls;
    /**
     * The first host name among the configured route URLs: the name a dialled route's
     * certificate must carry when the URL only gives an IP address (gossip does), as
     * nats-server's routeTLSName. Null when every configured URL is an address.
     */
    private final String tlsName;
    /** The cluster's import/export filters; null: no filtering. Replaced by a reload, under this monitor. */
    private volatile RoutePermissions permissions;

    public RouteManager(NatsServer server, Log log) {
        this.server = server;
        this.options = server.options();
        this.cluster = options.cluster();
        this.log = log;
        this.dynamicName = cluster.name() == null || cluster.name().isEmpty();
        this.clusterName = dynamicName ? newDynamicName() : cluster.name();
        this.configured.addAll(cluster.routes());
        this.tlsName = firstHostName(cluster.routes());
        this.permissions = RoutePermissions.of(cluster.permissions());
    }

    private static String firstHostName(List<URI> routes) {
        for (URI u : routes) {
            String h = u.getHost();
            if (h != null && !h.isEmpty() && !isAddress(h)) {
                return h;
            }
        }
        return null;
    }

    /** An IP literal, as Go's net.ParseIP accepts: dotted IPv4, or IPv6 (it has colons). */
    private static boolean isAddress(String host) {
        return host.indexOf(':') >= 0 || host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String newDynamicName() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 36)).append(Character.forDigit(x & 0xF, 36));
        }
        return sb.toString().toUpperCase(java.util.Locale.ROOT).substring(0, 22);
    }

    // ------------------------------------------------------------------ start / stop

    /**
     * Binds the cluster port (port -1 or 0 with routes: an ephemeral one) and solicits the
     * configured routes. Call after the client port is bound (its URL goes into route INFO).
     */
    public synchronized void start(EventLoopGroup group, Class<? extends ServerChannel> serverChannel,
                                   Class<? extends Channel> socketChannel) throws IOException {
        this.group = group;
        this.socketChannel = socketChannel;
        if (cluster.tls() != null) {
            tls = RouteTls.load(cluster.tls());
            if (cluster.tls().insecure()) {
                log.warn(RouteTls.INSECURE_WARNING);
            }
        }
        log.notice("Cluster name is " + clusterName);
        if (dynamicName) {
            log.warn("Cluster name was dynamically generated, consider setting one");
        }
        int wanted = cluster.port() < 0 ? 0 : cluster.port();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        RouteTls t = tls;
                        if (t != null) {
                            ch.pipeline().addLast(RouteTls.HANDLER_NAME, t.acceptingHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("route", new RouteChannelHandler(RouteManager.this, null, false, t != null));
                    }
                });
        try {
            listener = b.bind(new InetSocketAddress(cluster.host(), wanted)).sync().channel();
        } catch (Exception e) {
            throw new IOException("cannot listen for routes on " + cluster.host() + ":" + wanted + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) listener.localAddress()).getPort();
        running = true;
        ownClientUrls = computeOwnClientUrls();
        ownWebsocketUrls = server.websocketPort() > 0 ? connectUrls(options.websocket().advertise(),
                options.websocket().host(), server.websocketPort()) : List.of();
        clusterClientUrls = ownClientUrls;
        infoJson = buildInfo();
        log.notice("Listening for route connections on " + RouteConnection.hostPort(cluster.host(), port));
        for (URI u : cluster.routes()) {
            connect(u, true, 0);
        }
    }

    /**
     * A config reload added an explicit route: solicit it (and keep retrying, as for a route
     * given at start). Any thread; a URL already configured is left alone.
     */
    public void addRoute(URI url) {
        if (configured.add(url)) {
            connect(url, true, 0);
        }
    }

    /**
     * A config reload removed an explicit route: stop its reconnect loop and close the
     * connections made through that URL without reconnecting them, as nats-server's
     * routesOption does. Any thread.
     */
    public void removeRoute(URI url) {
        configured.remove(url);
        for (RouteConnection r : all) {
            if (url.equals(r.url)) {
                r.noReconnect = true;
                r.close(CloseReason.ROUTE_REMOVED);
                log.notice("Removed route " + redacted(url));
            }
        }
    }

    /**
     * A config reload changed the cluster's tls block ({@code next} null: plain TCP): routes
     * accepted or dialled from now on use it, established ones keep theirs, and the route INFO
     * says what new peers must speak. Any thread.
     */
    public void setTls(RouteTls next) {
        tls = next;
        if (next != null && next.options().insecure()) {
            log.warn(RouteTls.INSECURE_WARNING);
        }
        synchronized (this) {
            if (running) {
                infoJson = buildInfo();
            }
        }
    }

    /**
     * A config reload changed the cluster block's name, authorization, advertising or retries
     * (routes, tls and permissions have their own calls): later routes and INFOs use them, and
     * an accepted route whose credentials no longer pass is closed and not retried, as
     * nats-server's reload does. A new name is announced to the routes. Any thread.
     */
    public void applyReload(ClusterOptions next) {
        List<RouteConnection> accepted = new ArrayList<>();
        synchronized (this) {
            cluster = next;
            if (next.name() != null && !next.name().isEmpty() && !next.name().equals(clusterName)) {
                clusterName = next.name();
                dynamicName = false;
            }
            if (running) {
                infoJson = buildInfo();
                broadcast(infoJson);
            }
            for (RouteConnection r : remotes.values()) {
                if (!r.solicited) {
                    accepted.add(r);
                }
            }
        }
        for (RouteConnection r : accepted) {
            r.recheckCredentials();
        }
    }

    /** Stops accepting and soliciting, closes every route. */
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        if (listener != null) {
            listener.close().awaitUninterruptibly(2000);
        }
        for (RouteConnection r : all) {
            r.close(CloseReason.SERVER_SHUTDOWN);
        }
    }

    // ------------------------------------------------------------------ soliciting

    private void connect(URI url, boolean explicit, int attempt) {
        if (!running || (explicit && !configured.contains(url))) {
            return;
        }
        int p = url.getPort() < 0 ? 6222 : url.getPort();
        if (log.isDebug()) {
            log.debug("Trying to connect to route on " + url.getHost() + ":" + p);
        }
        new Bootstrap()
                .group(group)
                .channel(socketChannel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, DIAL_TIMEOUT_MS)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        RouteTls t = tls;
                        if (t != null) {
                            ch.pipeline().addLast(RouteTls.HANDLER_NAME, t.diallingHandler(ch.alloc(), serverName(url), p));
                        }
                        ch.pipeline().addLast("route", new RouteChannelHandler(RouteManager.this, url, explicit, t != null));
                    }
                })
                .connect(url.getHost(), p)
                .addListener(f -> {
                    if (f.isSuccess()) {
                        return;
                    }
                    int attempts = attempt + 1;
                    String text = "Error trying to connect to route (attempt " + attempts + "): "
                            + f.cause().getMessage();
                    if (attempts == 1 || attempts % 3600 == 0) {
                        log.error(text);
                    } else if (log.isDebug()) {
                        log.debug(text);
                    }
                    if (!explicit && (cluster.connectRetries() <= 0 || attempts > cluster.connectRetries())) {
                        return;
                    }
                    schedule(() -> connect(url, explicit, attempts), CONNECT_DELAY_MS);
                });
    }

    /** The name the dialled server's certificate must carry: the URL's host, or {@link #tlsName} for an address. */
    private String serverName(URI url) {
        String h = url.getHost();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return tlsName != null && isAddress(h) ? tlsName : h;
    }

    private void schedule(Runnable task, long delayMs) {
        if (running) {
            group.next().schedule(task, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** An INFO about another server arrived through a route: connect to it unless known. */
    void implicitRoute(RouteInfo info) {
        String id = info.serverId();
        synchronized (this) {
            if (!running || id.equals(server.serverId()) || remotes.containsKey(id) || isConfigured(info)) {
                return;
            }
        }
        String ip = info.ip();
        if (ip == null || ip.isEmpty()) {
            ip = "nats-route://" + RouteConnection.hostPort(info.host(), info.port()) + "/";
        }
        URI u;
        try {
            u = URI.create(ip);
            if (info.authRequired() && cluster.username() != null) {
                u = new URI(u.getScheme(), cluster.username() + ":" + (cluster.password() == null ? "" : cluster.password()),
                        u.getHost(), u.getPort(), u.getPath(), null, null);
            }
        } catch (Exception e) {
            log.error("Error parsing URL from INFO: " + e.getMessage());
            return;
        }
        connect(u, false, 0);
    }

    private boolean isConfigured(RouteInfo info) {
        String hp = (info.host() + ":" + info.port()).toLowerCase(java.util.Locale.ROOT);
        for (URI r : configured) {
            if ((r.getHost() + ":" + r.getPort()).toLowerCase(java.util.Locale.ROOT).equals(hp)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ registry

    /** A new channel, solicited ({@code url} set) or accepted; null when shutting down. */
    RouteConnection newConnection(Channel ch, URI url, boolean explicit) {
        if (!running || (explicit && !configured.contains(url))) {
            // shutting down, or the route was removed by a reload while dialling
            return null;
        }
        RouteConnection c = new RouteConnection(this, nextRid.incrementAndGet(), ch, url, explicit);
        all.add(c);
        if (!running) {
            all.remove(c);
            return null;
        }
        return c;
    }

    /**
     * The route's first INFO: registers it unless this remote already has one (then false: the
     * caller closes the newcomer, and the survivor will reconnect if it is lost).
     */
    boolean register(RouteConnection c, RouteInfo info) {
        List<RouteConnection> others = new ArrayList<>();
        synchronized (this) {
            if (!running) {
                return false;
            }
            RouteConnection existing = remotes.get(c.remoteId());
            if (existing != null && existing != c) {
                if (c.solicited && !existing.solicited) {
                    existing.url = c.url;
                    existing.explicit = c.explicit;
                    existing.solicited = true;
                }
                existing.retry = true;
                return false;
            }
            remotes.put(c.remoteId(), c);
            for (RouteConnection r : remotes.values()) {
                if (r != c) {
                    others.add(r);
                }
            }
            // all local interest, under the lock so that no change slips between snapshot and registration
            c.queueProto(interestSnapshot());
            c.requestFlush();
        }
        if (!others.isEmpty()) {
            // gossip: tell the others about the newcomer, with the address we see it on
            String ip = info.ip();
            if (ip == null || ip.isEmpty()) {
                ip = "nats-route://" + RouteConnection.hostPort(c.remoteIp(), info.port()) + "/";
            }
            byte[] fwd = info.forwardedWithIp(ip);
            for (RouteConnection r : others) {
                r.sendProto(fwd);
            }
        }
        updateClientUrls();
        return true;
    }

    /** A route closed: unregister it, update clients, maybe reconnect. */
    void routeClosed(RouteConnection c) {
        all.remove(c);
        String id = c.remoteId();
        boolean reconnect;
        synchronized (this) {
            if (id != null && remotes.get(id) == c) {
                remotes.remove(id);
            }
            reconnect = running && c.url != null && !c.noReconnect && (c.solicited || c.retry)
                    && (id == null || !remotes.containsKey(id)) && !server.serverId().equals(id);
        }
        if (c.isRegistered()) {
            updateClientUrls();
        }
        if (reconnect) {
            URI u = c.url;
            boolean forever = c.explicit;
            long delay = ThreadLocalRandom.current().nextInt(RECONNECT_JITTER_MS) + (forever ? RECONNECT_DELAY_MS : 0);
            if (log.isDebug()) {
                log.debug("Attempting reconnect for solicited route " + redacted(u));
            }
            schedule(() -> connect(u, forever, 0), delay);
        }
    }

    /** Closes every route but {@code keep} (our dynamic cluster name changed). */
    private void removeAllRoutesExcept(RouteConnection keep) {
        for (RouteConnection r : all) {
            if (r != keep) {
                r.close(CloseReason.CLUSTER_NAME_CONFLICT);
            }
        }
    }

    /**
     * Whether a peer's cluster name is acceptable; a dynamic name of ours gives way to a
     * configured one or to a larger dynamic one, as in nats-server.
     */
    boolean acceptClusterName(String theirs, boolean theirsDynamic, RouteConnection from) {
        String ours = clusterName;
        if (theirs.equals(ours)) {
            return true;
        }
        if (dynamicName && (!theirsDynamic || ours.compareTo(theirs) < 0)) {
            synchronized (this) {
                clusterName = theirs;
                infoJson = buildInfo();
            }
            removeAllRoutesExcept(from);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ interest

    /** A local client subscribed. Any thread. */
    public void localSubAdded(Subscription sub) {
        synchronized (this) {
            if (!counted.add(sub)) {
                return;
            }
            boolean announce = RoutePermissions.canImport(permissions, sub.subject);
            if (sub.queue == null) {
                int n = ++plainInterest.computeIfAbsent(sub.subject, k -> new int[1])[0];
                if (n == 1 && announce) {
                    broadcast(rsPlus(sub.subject, null, 0));
                }
            } else {
                int n = ++queueInterest.computeIfAbsent(sub.subject + ' ' + sub.queue, k -> new int[1])[0];
                if (announce) {
                    broadcast(rsPlus(sub.subject, sub.queue, n));
                }
            }
        }
    }

    /** A local subscription ended. Any thread; a repeated report is ignored. */
    public void localSubRemoved(Subscription sub) {
        synchronized (this) {
            if (!counted.remove(sub)) {
                return;
            }
            boolean announced = RoutePermissions.canImport(permissions, sub.subject);
            if (sub.queue == null) {
                int[] n = plainInterest.get(sub.subject);
                if (n != null && --n[0] == 0) {
                    plainInterest.remove(sub.subject);
                    if (announced) {
                        broadcast(rsMinus(sub.subject, null));
                    }
                }
            } else {
                String key = sub.subject + ' ' + sub.queue;
                int[] n = queueInterest.get(key);
                if (n != null && announced) {
                    if (--n[0] == 0) {
                        queueInterest.remove(key);
                        broadcast(rsMinus(sub.subject, sub.queue));
                    } else {
                        broadcast(rsPlus(sub.subject, sub.queue, n[0]));
                    }
                } else if (n != null && --n[0] == 0) {
                    queueInterest.remove(key);
                }
            }
        }
    }

    /** Caller holds this monitor. */
    private void broadcast(byte[] proto) {
        for (RouteConnection r : remotes.values()) {
            r.sendProto(proto);
        }
    }

    /** The RS+ of all local interest the cluster's import permission lets through. Caller holds this monitor. */
    private byte[] interestSnapshot() {
        RoutePermissions p = permissions;
        StringBuilder sb = new StringBuilder();
        for (String s : plainInterest.keySet()) {
            if (RoutePermissions.canImport(p, s)) {
                sb.append("RS+ $G ").append(s).append("\r\n");
            }
        }
        for (Map.Entry<String, int[]> e : queueInterest.entrySet()) {
            String key = e.getKey();
            if (RoutePermissions.canImport(p, key.substring(0, key.indexOf(' ')))) {
                sb.append("RS+ $G ").append(key).append(' ').append(e.getValue()[0]).append("\r\n");
            }
        }
        return Subjects.encode(sb.toString());
    }

    /** Whether interest of a route in {@code subject} is accepted (the export permission). Any thread. */
    boolean canExport(String subject) {
        return RoutePermissions.canExport(permissions, subject);
    }

    /**
     * A config reload changed the cluster's permissions: announces local interest newly imported
     * and withdraws interest no longer imported, drops route interest no longer exported, and
     * sends the routes the new INFO, as nats-server does. Any thread.
     */
    public void setPermissions(io.jnatsd.auth.Permissions next) {
        RoutePermissions n = RoutePermissions.of(next);
        List<RouteConnection> routes;
        synchronized (this) {
            RoutePermissions o = permissions;
            permissions = n;
            for (String s : plainInterest.keySet()) {
                boolean now = RoutePermissions.canImport(n, s);
                if (RoutePermissions.canImport(o, s) != now) {
                    broadcast(now ? rsPlus(s, null, 0) : rsMinus(s, null));
                }
            }
            for (Map.Entry<String, int[]> e : queueInterest.entrySet()) {
                String key = e.getKey();
                int sp = key.indexOf(' ');
                String subject = key.substring(0, sp);
                String queue = key.substring(sp + 1);
                boolean now = RoutePermissions.canImport(n, subject);
                if (RoutePermissions.canImport(o, subject) != now) {
                    broadcast(now ? rsPlus(subject, queue, e.getValue()[0]) : rsMinus(subject, queue));
                }
            }
            if (running) {
                infoJson = buildInfo();
            }
            broadcast(infoJson);
            routes = new ArrayList<>(remotes.values());
        }
        for (RouteConnection r : routes) {
            r.dropUnexportedInterest();
        }
    }

    private static byte[] rsPlus(String subject, String queue, int weight) {
        String s = queue == null ? "RS+ $G " + subject + "\r\n" : "RS+ $G " + subject + " " + queue + " " + weight + "\r\n";
        return Subjects.encode(s);
    }

    private static byte[] rsMinus(String subject, String queue) {
        String s = queue == null ? "RS- $G " + subject + "\r\n" : "RS- $G " + subject + " " + queue + "\r\n";
        return Subjects.encode(s);
    }

    // ------------------------------------------------------------------ client URLs

    private List<String> computeOwnClientUrls() {
        return connectUrls(options.clientAdvertise(), options.host(), server.port());
    }

    /** nats-server's getConnectURLs: the advertised address, the listen host, or every interface's. */
    private List<String> connectUrls(String adv, String host, int cport) {
        if (adv != null && !adv.isEmpty()) {
            return List.of(adv.contains(":") ? adv : adv + ":" + cport);
        }
        if (host != null && !host.isEmpty() && !host.equals("0.0.0.0") && !host.equals("::")) {
            return List.of(RouteConnection.hostPort(host, cport));
        }
        // listening on every address: advertise the non-loopback ones, as nats-server does
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                        continue;
                    }
                    if (a instanceof Inet6Address) {
                        v6.add(RouteConnection.hostPort(Ipv6Text.format(a.getAddress()), cport));
                    } else {
                        v4.add(RouteConnection.hostPort(a.getHostAddress(), cport));
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("cannot list network interfaces: " + e.getMessage());
        }
        List<String> urls = new ArrayList<>(v4);
        urls.addAll(v6);
        if (urls.isEmpty()) {
            urls.add("127.0.0.1:" + cport);
        }
        return List.copyOf(urls);
    }

    /** The URL without its password, for logs (Go's URL.Redacted). */
    static String redacted(URI u) {
        if (u == null || u.getUserInfo() == null || u.getUserInfo().indexOf(':') < 0) {
            return String.valueOf(u);
        }
        String user = u.getUserInfo().substring(0, u.getUserInfo().indexOf(':'));
        return u.getScheme() + "://" + user + ":xxxxx@" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                + (u.getPath() == null ? "" : u.getPath());
    }

    /**
     * Recomputes the cluster's client and websocket URLs and, where they changed, sends the
     * clients concerned (TCP or websocket) a new INFO.
     */
    private void updateClientUrls() {
        LinkedHashSet<String> urls = new LinkedHashSet<>(ownClientUrls);
        LinkedHashSet<String> peersWs = new LinkedHashSet<>();
        synchronized (this) {
            for (RouteConnection r : remotes.values()) {
                urls.addAll(r.connectUrls());
                peersWs.addAll(r.websocketConnectUrls());
            }
        }
        List<String> now = List.copyOf(urls);
        boolean tcpChanged = !now.equals(clusterClientUrls);
        clusterClientUrls = now;
        List<String> ws;
        if (peersWs.isEmpty()) {
            ws = clusterWebsocketUrls.isEmpty() ? List.of() : List.copyOf(ownWebsocketUrls);
        } else {
            LinkedHashSet<String> all = new LinkedHashSet<>(ownWebsocketUrls);
            all.addAll(peersWs);
            ws = List.copyOf(all);
        }
        boolean wsChanged = !ws.equals(clusterWebsocketUrls);
        clusterWebsocketUrls = ws;
        if ((tcpChanged || wsChanged) && !cluster.noAdvertise() && running) {
            for (ClientConnection c : server.connections()) {
                if (c.type() == ClientType.WEBSOCKET ? wsChanged : tcpChanged) {
                    c.sendInfoUpdate();
                }
            }
        }
    }

    /** What websocket clients are told in connect_urls (empty with no_advertise). */
    public List<String> websocketConnectUrls() {
        return cluster.noAdvertise() ? List.of() : clusterWebsocketUrls;
    }

    /** What clients are told in connect_urls (empty with no_advertise). */
    public List<String> clientConnectUrls() {
        return cluster.noAdvertise() ? List.of() : clusterClientUrls;
    }

    // ------------------------------------------------------------------ handshake content

    private byte[] buildInfo() {
        ObjectNode n = RouteInfo.JSON.createObjectNode();
        n.put("server_id", server.serverId());
        n.put("server_name", server.serverName());
        n.put("version", io.jnatsd.server.Version.PROTOCOL_COMPATIBLE);
        n.put("proto", ROUTE_PROTO);
        n.put("host", cluster.host());
        n.put("port", port);
        n.put("headers", !options.noHeaderSupport());
        if (authRequired()) {
            n.put("auth_required", true);
        }
        if (tls != null) {
            n.put("tls_required", true);
            n.put("tls_verify", true);
        }
        RoutePermissions p = permissions;
        if (p != null) {
            p.addTo(n);
        }
        n.put("max_payload", options.maxPayload());
        n.put("cluster", clusterName);
        if (dynamicName) {
            n.put("cluster_dynamic", true);
        }
        if (!cluster.noAdvertise()) {
            ArrayNode urls = n.putArray("connect_urls");
            ownClientUrls.forEach(urls::add);
            if (!ownWebsocketUrls.isEmpty()) {
                ArrayNode ws = n.putArray("ws_connect_urls");
                ownWebsocketUrls.forEach(ws::add);
            }
        }
        if (cluster.advertise() != null && !cluster.advertise().isEmpty()) {
            n.put("ip", "nats-route://" + cluster.advertise() + "/");
        }
        n.put("lnoc", true);
        return RouteInfo.line("INFO ", n);
    }

    synchronized byte[] infoJson() {
        return infoJson;
    }

    /** CONNECT for a solicited route, with the URL's credentials. */
    byte[] connectFor(URI url) {
        ObjectNode n = RouteInfo.JSON.createObjectNode();
        n.put("echo", true);
        n.put("verbose", false);
        n.put("pedantic", false);
        String ui = url.getRawUserInfo();
        if (ui != null) {
            int colon = ui.indexOf(':');
            n.put("user", decode(colon < 0 ? ui : ui.substring(0, colon)));
            if (colon >= 0) {
                n.put("pass", decode(ui.substring(colon + 1)));
            }
        }
        n.put("tls_required", tls != null);
        n.put("headers", !options.noHeaderSupport());
        n.put("name", server.serverId());
        n.put("cluster", clusterName);
        if (dynamicName) {
            n.put("dynamic", true);
        }
        n.put("lnoc", true);
        return RouteInfo.line("CONNECT ", n);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    boolean authRequired() {
        return cluster.username() != null && !cluster.username().isEmpty();
    }

    /** nats-server's isRouterAuthorized for the single user/password form. */
    boolean authorized(String user, String pass) {
        if (!authRequired()) {
            return true;
        }
        return cluster.username().equals(user)
                && java.security.MessageDigest.isEqual(
                        (cluster.password() == null ? "" : cluster.password()).getBytes(StandardCharsets.UTF_8),
                        (pass == null ? "" : pass).getBytes(StandardCharsets.UTF_8));
    }

    long authTimeoutNanos() {
        return cluster.authTimeout() == null ? DEFAULT_AUTH_TIMEOUT_NANOS : cluster.authTimeout().toNanos();
    }

    // ------------------------------------------------------------------ accessors

    Log log() { return log; }
    Sublist sublist() { return server.sublist(); }
    String serverId() { return server.serverId(); }
    String serverName() { return server.serverName(); }
    int maxControlLine() { return options.maxControlLine(); }
    long maxPending() { return options.maxPending(); }
    long pingIntervalNanos() { return options.pingInterval().toNanos(); }
    int pingMax() { return options.pingMax(); }

    public String clusterName() { return clusterName; }

    /** The bound cluster port, 0 before start. */
    public int port() { return port; }

    /** Registered routes (one per remote server). */
    public synchronized int routeCount() {
        return remotes.size();
    }

    /** The registered routes, for monitoring. */
    public List<RouteSnapshot> routes() {
        List<RouteConnection> rs;
        synchronized (this) {
            rs = new ArrayList<>(remotes.values());
        }
        List<RouteSnapshot> out = new ArrayList<>(rs.size());
        for (RouteConnection r : rs) {
            out.add(r.snapshot());
        }
        return out;
    }

    /** Remote server ids of the registered routes. */
    public synchronized Set<String> remoteIds() {
        return Set.copyOf(remotes.keySet());
    }
}
