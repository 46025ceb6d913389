package io.jnatsd.server;

import io.jnatsd.auth.Authenticator;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.log.SwappableLog;
import io.jnatsd.monitor.Monitor;
import io.jnatsd.protocol.ConnectReader;
import io.jnatsd.protocol.CloseReason;
import io.jnatsd.route.RouteManager;
import io.jnatsd.route.RouteSnapshot;
import io.jnatsd.sublist.Sublist;
import io.jnatsd.tls.ServerTls;
import io.jnatsd.websocket.WebsocketListener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A NATS server. Build it from {@link ServerOptions}, {@link #start()} it, {@link #close()} it.
 * Instances share nothing, so several can run in one JVM (port 0 lets the OS choose).
 */
public final class NatsServer implements AutoCloseable {

    /** How long a shutdown waits for connections to flush and threads to stop. */
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;
    private static final int READ_BUFFER_MIN = 512;
    private static final int READ_BUFFER_INITIAL = 16 * 1024;
    private static final int READ_BUFFER_MAX = 256 * 1024;

    /** Replaced as a whole by a config reload; read it once per decision. */
    private volatile ServerOptions options;
    private final SwappableLog log;
    /** Builds the logger a reload asks for; null when the embedder supplied its own logger. */
    private final Function<ServerOptions, ? extends Log> logFactory;
    private final String serverId;
    private final String serverName;
    private final Sublist sublist = new Sublist();
    /** Replaced by a config reload. */
    private volatile Authenticator authenticator;
    /** Websocket clients' authorization (the websocket block may override the top level); replaced by a reload. */
    private volatile Authenticator websocketAuthenticator;
    private final Reloader reloader = new Reloader(this);
    private final LameDuck lameDuck = new LameDuck(this);
    private PortsFile portsFile;
    private final ConcurrentHashMap<Long, ClientConnection> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextCid = new AtomicLong();
    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong slowConsumers = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Counts of closed connections; guards the move of a connection out of {@link #clients}. */
    private final TrafficTotals retired = new TrafficTotals();
    private final Monitor monitor;
    /** The cluster side; null when no cluster is configured. */
    private final RouteManager routes;

    /**
     * Client TLS, loaded by {@link #start} and replaced by a config reload; null when clients
     * connect in plain text. A connection reads it once, when it starts.
     */
    private volatile ServerTls tls;
    private EventLoopGroup group;
    /** The JDK channel whose descriptor the listener adopted: kept reachable, never closed. */
    @SuppressWarnings("unused")
    private Prebound keepAlive;
    private Channel listener;
    /** The websocket listener; null when no websocket port is configured. */
    private volatile WebsocketListener websocket;
    private volatile boolean running;
    private volatile int port;

    public NatsServer(ServerOptions options) {
        this(options, Log.NONE);
    }

    public NatsServer(ServerOptions options, Log log) {
        this(options, log, null);
    }

    /**
     * @param logFactory builds a new logger from reloaded options when logging settings change
     *                   (the command line passes {@code ServerLog::create}); null keeps {@code log}
     */
    public NatsServer(ServerOptions options, Log log, Function<ServerOptions, ? extends Log> logFactory) {
        this.options = options;
        this.log = log instanceof SwappableLog s ? s : new SwappableLog(log);
        this.logFactory = logFactory;
        this.serverId = ServerIdentity.newServerId();
        this.serverName = options.serverName() != null && !options.serverName().isEmpty()
                ? options.serverName() : serverId;
        this.authenticator = new Authenticator(options);
        this.websocketAuthenticator = Authenticator.forWebsocket(options);
        this.monitor = new Monitor(this);
        this.routes = options.cluster().enabled() ? new RouteManager(this, this.log) : null;
    }

    /**
     * Starts the monitoring listener if configured, then binds the client port and starts
     * accepting. Returns once the port accepts connections.
     *
     * @throws IOException when a port cannot be bound; a
     *         {@link io.jnatsd.monitor.MonitorStartException} when monitoring cannot start (its
     *         port, or options nats-server refuses such as both {@code http_port} and
     *         {@code https_port}), before the client port is bound
     */
    public NatsServer start() throws IOException {
        return start(null);
    }

    /**
     * Starts on a listener bound earlier (see {@link Prebound}); falls back to binding
     * normally when it cannot be adopted or does not match the options.
     */
    public synchronized NatsServer start(Prebound prebound) throws IOException {
        if (running) {
            return this;
        }
        tls = options.tls() == null ? null : ServerTls.load(options.tls());
        warmUp();
        int threads = options.ioThreads() > 0 ? options.ioThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors());
        group = Transport.newGroup(threads, "jnatsd-io");
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator(READ_BUFFER_MIN, READ_BUFFER_INITIAL, READ_BUFFER_MAX))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("nats", new ClientChannelHandler(NatsServer.this));
                    }
                });
        try {
            // first, as nats-server: refused monitoring options stop the start before the client listener
            monitor.startHttp(group, Transport.serverChannel(), tls, log);
            if (options.websocket().enabled()) {
                ServerTls wsTls = options.websocket().tls() == null ? null : ServerTls.load(options.websocket().tls());
                websocket = WebsocketListener.start(this, options, b.clone().channel(Transport.serverChannel()),
                        wsTls, log);
            }
        } catch (IOException e) {
            if (prebound != null) {
                prebound.close();
            }
            monitor.stopHttp();
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            throw e;
        }
        int wanted = options.port() < 0 ? 0 : options.port();
        ServerChannel adopted = prebound == null ? null : adoptIfMatching(prebound, wanted);
        try {
            if (adopted != null) {
                ServerChannel ch = adopted;
                // already bound and listening: register it instead of binding
                listener = b.channelFactory(() -> ch).register().sync().channel();
                keepAlive = prebound;
            } else {
                listener = b.channel(Transport.serverChannel())
                        .bind(new InetSocketAddress(options.host(), wanted)).sync().channel();
            }
        } catch (Exception e) {
            monitor.stopHttp();
            closeWebsocketListener();
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            throw new IOException("cannot listen on " + options.host() + ":" + wanted + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) listener.localAddress()).getPort();
        running = true;
        log.notice("Listening for client connections on " + hostPort(options.host(), port));
        if (tls != null) {
            log.notice("TLS required for client connections");
        }
        try {
            if (routes != null) {
                routes.start(group, Transport.serverChannel(), Transport.socketChannel());
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        if (options.portsFileDir() != null) {
            portsFile = PortsFile.write(this, options.portsFileDir(), log);
        }
        return this;
    }

    /**
     * Loads the JSON classes that the first CONNECT and INFO need before accepting, so the
     * first client does not wait for class loading (hundreds of ms on a busy machine).
     */
    /**
     * Starts {@link #warmUp()} and the transport's native library loading on a background
     * thread, so they overlap with command-line and config parsing. Safe to call more than once.
     */
    public static void preload() {
        Thread t = new Thread(() -> {
            warmUp();
            Transport.epoll();
        }, "jnatsd-preload");
        t.setDaemon(true);
        t.start();
    }

    private static void warmUp() {
        byte[] connect = "{\"verbose\":false,\"pedantic\":false,\"name\":\"warm-up\"}"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ConnectReader.read(connect, 0, connect.length);
        InfoBuilder.clientInfo(new InfoBuilder.ServerFacts("warm-up", "warm-up", "0.0.0.0", 0, true,
                false, false, false, false, null, List.of(), false), 1, "127.0.0.1", 1, null);
    }

    private ServerChannel adoptIfMatching(Prebound prebound, int wanted) {
        InetSocketAddress a = prebound.address();
        boolean matches = a != null && wanted != 0 && a.getPort() == wanted
                && new InetSocketAddress(options.host(), wanted).getAddress().equals(a.getAddress());
        ServerChannel ch = matches ? prebound.adopt() : null;
        if (ch == null) {
            prebound.close();
        }
        return ch;
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Stops accepting, flushes and closes every connection, stops the threads. Idempotent. */
    @Override
    public void close() {
        EventLoopGroup g;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            g = group;
        }
        listener.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        closeWebsocketListener();
        monitor.stopHttp();
        if (routes != null) {
            routes.close();
        }
        List<io.netty.util.concurrent.Future<?>> closing = new ArrayList<>();
        for (ClientConnection c : clients.values()) {
            closing.add(c.closeLater(CloseReason.SERVER_SHUTDOWN));
        }
        // the group closes its channels before running queued tasks: let the closes (and their
        // last writes, such as a websocket close frame) happen first
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_TIMEOUT_MS);
        for (io.netty.util.concurrent.Future<?> f : closing) {
            if (!(Thread.currentThread() instanceof io.netty.util.concurrent.FastThreadLocalThread)) {
                f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        g.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS * 2);
        PortsFile pf = portsFile;
        if (pf != null) {
            pf.delete(log);
        }
        log.notice("Server Exiting..");
        stopped.countDown();
    }

    private void closeWebsocketListener() {
        WebsocketListener ws = websocket;
        if (ws != null) {
            ws.close();
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Blocks until {@link #close()} has finished or the timeout passed; true when closed. */
    public boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /**
     * Applies new options to the running server, as nats-server's config reload does: logging,
     * authorization (clients whose credentials no longer pass are closed, the others get their
     * new permissions and lose subscriptions no longer allowed), max_payload, max_control_line,
     * ping_interval, ping_max, max_connections, the cluster's explicit routes (added ones are
     * solicited, removed ones closed and not retried) and the client {@code tls} block (added,
     * changed or removed: new connections get it, connected clients keep the TLS they have). Any
     * other change, and a TLS certificate that cannot be loaded, refuses the reload and the server
     * keeps its current options entirely. Logs "Reloaded server configuration" on success.
     *
     * @throws ReloadException when the reload is refused; the message says why
     */
    public void reload(ServerOptions newOptions) throws ReloadException {
        synchronized (reloader) {
            if (!running) {
                throw new ReloadException("server is not running");
            }
            reloader.reload(newOptions, logFactory);
        }
    }

    /**
     * Enters lame duck mode, as nats-server does on SIGUSR2: stops accepting clients, tells the
     * connected ones (INFO with "ldm":true), waits lame_duck_grace_period, closes them spread
     * over lame_duck_duration, then closes the server. Returns at once; the work runs on its own
     * thread. Does nothing when already in lame duck mode or not running.
     */
    public void enterLameDuckMode() {
        lameDuck.enter();
    }

    /** True from {@link #enterLameDuckMode()} on. */
    public boolean isLameDuckMode() {
        return lameDuck.entered();
    }

    public boolean isRunning() {
        return running;
    }

    /** The bound cluster (route) port, or 0 when no cluster is configured. */
    public int clusterPort() {
        RouteManager r = routes;
        return r == null ? 0 : r.port();
    }

    /** Routes registered now (one per remote server of the cluster). */
    public int routeCount() {
        RouteManager r = routes;
        return r == null ? 0 : r.routeCount();
    }

    /** The registered routes, for monitoring (/routez); empty without a cluster. */
    public List<RouteSnapshot> routes() {
        RouteManager r = routes;
        return r == null ? List.of() : r.routes();
    }

    /**
     * The client URLs of the cluster that clients are told in INFO {@code connect_urls} (this
     * server's first, then the peers'); empty without a cluster or with no_advertise.
     */
    public List<String> clientConnectUrls() {
        RouteManager r = routes;
        return r == null ? List.of() : r.clientConnectUrls();
    }

    /**
     * The cluster's websocket URLs told to websocket clients (this server's first); empty until
     * a route brought a peer's, without a cluster, or with no_advertise.
     */
    public List<String> websocketConnectUrls() {
        RouteManager r = routes;
        return r == null ? List.of() : r.websocketConnectUrls();
    }

    /** The cluster name in use (configured or dynamic), or null without a cluster. */
    public String clusterName() {
        RouteManager r = routes;
        return r == null ? null : r.clusterName();
    }

    /** The bound client port (useful with port 0). */
    public int port() {
        return port;
    }

    /** The bound websocket port, or 0 when no websocket listener is configured. */
    public int websocketPort() {
        WebsocketListener ws = websocket;
        return ws == null ? 0 : ws.port();
    }

    /** A ws:// or wss:// URL a websocket client on this machine can connect to; null without websocket. */
    public String websocketUrl() {
        WebsocketListener ws = websocket;
        return ws == null ? null : ws.url();
    }

    /** The websocket listener, for a reload of its TLS; null without websocket. */
    WebsocketListener websocketListener() {
        return websocket;
    }

    /** A URL a client on this machine can connect to. */
    public String clientUrl() {
        String h = options.host();
        if (h == null || h.isEmpty() || h.equals("0.0.0.0") || h.equals("::")) {
            h = "127.0.0.1";
        }
        return "nats://" + hostPort(h, port);
    }

    public String serverId() {
        return serverId;
    }

    public String serverName() {
        return serverName;
    }

    public ServerOptions options() {
        return options;
    }

    public long totalConnections() {
        return totalConnections.get();
    }

    public long slowConsumers() {
        return slowConsumers.get();
    }

    public int connectionCount() {
        return clients.size();
    }

    public Collection<ClientConnection> connections() {
        return List.copyOf(clients.values());
    }

    /** Messages and bytes in and out since start (live plus closed connections); never decreases. */
    public Traffic traffic() {
        synchronized (retired) {
            return retired.plus(clients.values());
        }
    }

    /** The monitoring data and HTTP listener of this server. */
    public Monitor monitor() {
        return monitor;
    }

    // ------------------------------------------------------------------ internal, for connections

    SwappableLog log() {
        return log;
    }

    void setOptions(ServerOptions next) {
        options = next;
    }

    /** Client TLS for connections accepted from now on; null for plain text. */
    void setTls(ServerTls next) {
        tls = next;
    }

    /** New authorization for clients of the client port and of the websocket port. */
    void setAuthenticators(Authenticator clients, Authenticator websocketClients) {
        authenticator = clients;
        websocketAuthenticator = websocketClients;
    }

    /** Stops accepting clients (lame duck mode); connections already accepted stay. */
    void stopAccepting() {
        Channel l;
        synchronized (this) {
            l = running ? listener : null;
        }
        if (l != null) {
            l.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
            closeWebsocketListener();
        }
    }

    public Sublist sublist() {
        return sublist;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    Authenticator websocketAuthenticator() {
        return websocketAuthenticator;
    }

    long nextClientId() {
        return nextCid.incrementAndGet();
    }

    /** Admits a new connection unless max_connections is reached. */
    boolean register(ClientConnection c) {
        totalConnections.incrementAndGet();
        if (clients.size() >= options.maxConnections()) {
            return false;
        }
        clients.put(c.cid, c);
        return true;
    }

    void clientClosed(ClientConnection c) {
        synchronized (retired) {
            retired.retire(c);
            clients.remove(c.cid, c);
        }
        monitor.connectionClosed(c);
    }

    void slowConsumerDetected() {
        slowConsumers.incrementAndGet();
    }

    void subscriptionAdded(ClientSubscription sub) {
        RouteManager r = routes;
        if (r != null) {
            r.localSubAdded(sub);
        }
    }

    void subscriptionRemoved(ClientSubscription sub) {
        RouteManager r = routes;
        if (r != null) {
            r.localSubRemoved(sub);
        }
    }

    /** The cluster side, or null without a cluster; for a config reload of the routes. */
    RouteManager routeManager() {
        return routes;
    }

    /** Client TLS, or null: read by a connection when it starts. */
    ServerTls tls() {
        return tls;
    }

    /** INFO's tls_required for a client connecting now: TLS is configured and not optional. */
    public boolean tlsRequired() {
        return tls != null && !options.allowNonTls();
    }

    /** INFO's tls_verify for a client connecting now. */
    public boolean tlsVerify() {
        ServerTls t = tls;
        return t != null && t.verify();
    }

    /**
     * The first INFO of {@code c}, whose TLS fields follow {@code tls}, the client TLS it gets;
     * {@code nonce} (null for none) is the challenge an nkey user signs, in this INFO only.
     */
    byte[] firstInfoFor(ClientConnection c, ServerTls tls, String nonce) {
        return infoFor(c, tls, false, nonce);
    }

    /**
     * An INFO for {@code c} after the first, with the client TLS in force now (as nats-server's
     * async INFO); {@code lameDuck} adds "ldm":true (sent once, on entering lame duck mode).
     */
    byte[] infoFor(ClientConnection c, boolean lameDuck) {
        return infoFor(c, tls, lameDuck, null);
    }

    private byte[] infoFor(ClientConnection c, ServerTls tls, boolean lameDuck, String nonce) {
        RouteManager r = routes;
        ServerOptions options = this.options;
        // allow_non_tls: TLS is offered, not required (and allow_non_tls alone changes nothing)
        boolean tlsOptional = tls != null && options.allowNonTls();
        boolean authRequired;
        List<String> connectUrls;
        if (c.type == ClientType.WEBSOCKET) {
            // as nats-server: the client port's INFO, but auth_required as the websocket block says
            // (a top-level no_auth_user does not clear it) and the cluster's websocket URLs
            authRequired = websocketAuthenticator.required();
            connectUrls = r == null ? List.of() : r.websocketConnectUrls();
        } else {
            Authenticator authenticator = this.authenticator;
            authRequired = authenticator.required() && authenticator.noAuthIdentity() == null;
            connectUrls = r == null ? new ArrayList<>() : r.clientConnectUrls();
        }
        InfoBuilder.ServerFacts facts = new InfoBuilder.ServerFacts(serverId, serverName, options.host(), port,
                !options.noHeaderSupport(), authRequired,
                tls != null && !tlsOptional, tls != null && tls.verify(), tlsOptional,
                r == null ? null : r.clusterName(), connectUrls, lameDuck);
        return InfoBuilder.clientInfo(facts, c.cid, c.remoteIp(), options.maxPayload(), nonce);
    }
}
