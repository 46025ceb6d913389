package io.jnatsd.route;

import io.jnatsd.sublist.Subjects;
import io.jnatsd.text.GoQuote;

import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.log.Log;
import io.jnatsd.protocol.CloseReason;
import io.jnatsd.protocol.ParseError;
import io.jnatsd.protocol.ProtocolHandler;
import io.jnatsd.protocol.ProtocolParser;
import io.jnatsd.protocol.PubArgs;
import io.jnatsd.server.ClientConnection;
import io.jnatsd.server.ClientSubscription;
import io.jnatsd.server.KeepAlive;
import io.jnatsd.server.Outbound;
import io.jnatsd.sublist.MatchCache;
import io.jnatsd.sublist.SublistResult;
import io.jnatsd.sublist.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One route: a connection to another server of the cluster, solicited (we dialled) or accepted.
 * Speaks nats-server 2.9's route protocol: CONNECT and INFO to meet, RS+/RS- for interest in
 * the global account ($G), RMSG/HMSG for messages, PING/PONG to stay alive.
 *
 * <p>Threading: owned by its event loop, except {@link #sendMessage} and {@link #queueProto},
 * which any thread calls; they append to the {@link Outbound} under its monitor, which also
 * guards the out counters. Messages received from a route are delivered to local clients only,
 * never to another route, so a full mesh cannot loop.
 */
public final class RouteConnection implements ProtocolHandler {

    private static final byte[] PING = ascii("PING\r\n");
    private static final byte[] PONG = ascii("PONG\r\n");
    private static final byte[] RMSG = ascii("RMSG $G ");
    private static final byte[] HMSG = ascii("HMSG $G ");
    private static final byte[] GLOBAL = ascii("$G");
    private static final byte[] CRLF = ascii("\r\n");
    private static final int MATCH_CACHE_SIZE = 1024;
    /** nats-server pings a new route within 2s (its first-ping rule), then every ping_interval. */
    private static final long FIRST_PING_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final RouteManager manager;
    final long rid;
    final Channel channel;
    final EventLoop loop;
    private final Log log;
    private final Outbound outbound;
    private final ProtocolParser parser;
    private final String remoteIp;
    private final int remotePort;
    private final String logPrefix;
    final Instant start = Instant.now();
    /** {@link System#nanoTime} at {@link #start}, to turn the times below into instants. */
    private final long startNanos = System.nanoTime();
    /** When the peer last sent something (monitoring); written by the event loop. */
    private volatile long lastActivityNanos = startNanos;

    // set at creation; url and explicit may be adopted from a duplicate (see RouteManager.register)
    volatile boolean solicited;
    volatile URI url;
    volatile boolean explicit;
    /** Reconnect even if accepted: a duplicate of this route was dropped in its favour. */
    volatile boolean retry;
    /** Never reconnect once closed: a config reload removed this route. */
    volatile boolean noReconnect;

    // event loop state
    private boolean connectReceived;
    private boolean infoReceived;
    private volatile boolean registered;
    private volatile String remoteId;
    private volatile String remoteName;
    private volatile List<String> connectUrls = List.of();
    /** The peer's websocket client URLs (its INFO's ws_connect_urls). */
    private volatile List<String> websocketConnectUrls = List.of();
    private final Map<String, RouteSubscription> remoteSubs = new HashMap<>();
    private final ArrayList<ClientConnection> pendingFlush = new ArrayList<>();
    private MatchCache matchCache;
    private final KeepAlive keepAlive;
    private ScheduledFuture<?> authTimer;
    private CloseReason closeReason;

    // cross-thread
    /** Set by a publisher that has this route in its flush list; only a hint. */
    Object flushMark;
    private volatile boolean closed;
    /** Guarded by outbound. */
    private boolean slowConsumer;
    /** Written by the event loop only; other threads read them racily (monitoring). */
    long inMsgs;
    long inBytes;
    /** The credentials of an accepted route's CONNECT, checked again by a reload. Event loop only. */
    private String connectUser;
    private String connectPass;
    /** The peer's cluster permissions from its INFO, for /routez; null when it has none. */
    private volatile SubjectPermission remoteImport;
    private volatile SubjectPermission remoteExport;
    /** Guarded by outbound. */
    long outMsgs;
    long outBytes;

    RouteConnection(RouteManager manager, long rid, Channel channel, URI url, boolean explicit) {
        this.manager = manager;
        this.rid = rid;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.log = manager.log();
        this.outbound = new Outbound(channel);
        this.parser = new ProtocolParser(this, manager.maxControlLine(), Integer.MAX_VALUE);
        this.parser.setRouteMode();
        this.solicited = url != null;
        this.url = url;
        this.explicit = explicit;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        this.remoteIp = remote == null ? "" : remote.getAddress().getHostAddress();
        this.remotePort = remote == null ? 0 : remote.getPort();
        this.logPrefix = remoteIp + ":" + remotePort + " - rid:" + rid + " - ";
        // a route is pinged every interval whatever it sends, as nats-server does
        this.keepAlive = new KeepAlive(loop, manager::pingIntervalNanos, manager::pingMax, new KeepAlive.Peer() {
            @Override
            public void sendPing() {
                queueProto(PING);
                flushNow();
            }

            @Override
            public void stale() {
                log.debug(logPrefix + "Stale Router Connection - Closing");
                sendErr("Stale Connection");
                closeNow(CloseReason.STALE_CONNECTION);
            }

            @Override
            public boolean aliveWithin(long now, long interval) {
                return false;
            }
        });
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ lifecycle (event loop)

    /** Channel active: a solicited route sends CONNECT then INFO; an accepted one INFO. */
    void start() {
        outbound.channelActive();
        if (solicited) {
            queueProto(manager.connectFor(url));
            if (log.isDebug()) {
                log.debug(logPrefix + "Route connect msg sent");
            }
        } else if (manager.authRequired()) {
            parser.setAwaitingConnect(true);
            authTimer = loop.schedule(this::onAuthTimeout, manager.authTimeoutNanos(), TimeUnit.NANOSECONDS);
        }
        queueProto(manager.infoJson());
        flushNow();
        log.notice(logPrefix + "Route connection created");
        keepAlive.schedule(Math.min(FIRST_PING_NANOS, manager.pingIntervalNanos()));
    }

    void read(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        ParseError err = parser.parse(buf, off, len);
        if (err != null && !closed) {
            if (err == ParseError.AUTHORIZATION) {
                authViolation();
                closeNow(CloseReason.AUTHENTICATION_VIOLATION);
                return;
            }
            log.error(logPrefix + "Route parser ERROR: " + err.name());
            if (err.errText != null) {
                sendErr(err.errText);
            }
            closeNow(err.reason);
        }
    }

    /** End of a read batch: one flush per local client that received something. */
    void readComplete() {
        for (int i = 0, n = pendingFlush.size(); i < n; i++) {
            ClientConnection c = pendingFlush.get(i);
            c.clearFlushMark();
            c.requestFlush();
        }
        pendingFlush.clear();
        flushNow();
    }

    void channelClosed() {
        closeNow(CloseReason.CLIENT_CLOSED);
    }

    // ------------------------------------------------------------------ protocol (event loop)

    @Override
    public boolean onConnect(byte[] buf, int off, int len) {
        if (log.isTrace()) {
            trace("<<- [CONNECT " + new String(buf, off, len, StandardCharsets.UTF_8)
                    .replaceAll("(\"pass\"\\s*:\\s*\")[^\"]*(\")", "$1[REDACTED]$2") + "]");
        }
        if (authTimer != null) {
            authTimer.cancel(false);
            authTimer = null;
        }
        parser.setAwaitingConnect(false);
        RouteInfo c = RouteInfo.parse(buf, off, len);
        if (c == null) {
            log.error(logPrefix + "invalid route CONNECT");
            closeNow(CloseReason.PROTOCOL_VIOLATION);
            return false;
        }
        // nats-server checks credentials before anything else, then the port, then the cluster
        connectUser = c.user();
        connectPass = c.pass();
        if (!manager.authorized(c.user(), c.pass())) {
            authViolation();
            closeNow(CloseReason.AUTHENTICATION_VIOLATION);
            return false;
        }
        if (c.lang() != null && !c.lang().isEmpty()) {
            log.error(logPrefix + "attempted to connect to route port");
            sendErr("attempted to connect to route port");
            closeNow(CloseReason.WRONG_PORT);
            return false;
        }
        if (c.gateway() != null && !c.gateway().isEmpty()) {
            String text = "Rejecting connection from gateway " + quote(c.gateway()) + " on the Route port";
            log.error(logPrefix + text);
            sendErr(text);
            closeNow(CloseReason.PROTOCOL_VIOLATION);
            return false;
        }
        String theirs = c.cluster() == null ? "" : c.cluster();
        if (!manager.acceptClusterName(theirs, c.dynamic(), this)) {
            String text = "Rejecting connection, cluster name " + quote(theirs) + " does not match "
                    + quote(manager.clusterName());
            log.error(logPrefix + text);
            sendErr(text);
            closeNow(CloseReason.CLUSTER_NAME_CONFLICT);
            return false;
        }
        connectReceived = true;
        if (remoteId == null) {
            remoteId = c.connectName();
        }
        return true;
    }

    @Override
    public boolean onInfo(byte[] buf, int off, int len) {
        RouteInfo info = RouteInfo.parse(buf, off, len);
        if (info == null || info.serverId() == null) {
            log.error(logPrefix + "invalid route INFO");
            closeNow(CloseReason.PROTOCOL_VIOLATION);
            return false;
        }
        if (log.isTrace()) {
            trace("<<- [INFO " + new String(buf, off, len, StandardCharsets.UTF_8) + "]");
        }
        if (info.serverId().equals(manager.serverId())) {
            remoteId = info.serverId();
            if (log.isDebug()) {
                log.debug(logPrefix + "Detected route to self, ignoring " + RouteManager.redacted(url));
            }
            closeNow(CloseReason.DUPLICATE_ROUTE);
            return false;
        }
        if (info.cluster() != null && !info.cluster().isEmpty()
                && !manager.acceptClusterName(info.cluster(), info.dynamic(), this)) {
            log.error(logPrefix + "cluster name from remote server conflicts");
            closeNow(CloseReason.CLUSTER_NAME_CONFLICT);
            return false;
        }
        if (infoReceived) {
            // an INFO about another server (gossip) or an update about this one
            if (registered && !info.serverId().equals(remoteId)) {
                manager.implicitRoute(info);
            } else if (info.serverId().equals(remoteId)) {
                remoteImport = info.permission("import");
                remoteExport = info.permission("export");
            }
            return true;
        }
        if (!solicited && info.serverName() != null && info.serverName().equals(manager.serverName())) {
            log.error(logPrefix + "Remote server has a duplicate name: " + quote(info.serverName()));
            closeNow(CloseReason.DUPLICATE_SERVER_NAME);
            return false;
        }
        infoReceived = true;
        remoteId = info.serverId();
        remoteName = info.serverName();
        connectUrls = info.connectUrls();
        remoteImport = info.permission("import");
        remoteExport = info.permission("export");
        websocketConnectUrls = info.websocketConnectUrls();
        if (url == null) {
            url = URI.create("nats-route://" + hostPort(info.host(), info.port()) + "/");
        }
        if (!manager.register(this, info)) {
            if (log.isDebug()) {
                log.debug(logPrefix + "Detected duplicate remote route " + quote(remoteId));
            }
            closeNow(CloseReason.DUPLICATE_ROUTE);
            return false;
        }
        registered = true;
        if (log.isDebug()) {
            log.debug(logPrefix + "Registering remote route " + quote(remoteId));
        }
        return true;
    }

    @Override
    public boolean onPing() {
        if (log.isTrace()) {
            trace("<<- [PING]");
        }
        queueProto(PONG);
        return true;
    }

    @Override
    public boolean onPong() {
        if (log.isTrace()) {
            trace("<<- [PONG]");
        }
        keepAlive.pongReceived();
        return true;
    }

    @Override
    public boolean onErr(byte[] buf, int off, int len) {
        log.error(logPrefix + "Router Error " + new String(buf, off, len, StandardCharsets.UTF_8));
        closeNow(CloseReason.PARSE_ERROR);
        return false;
    }

    @Override
    public boolean onSub(byte[] buf, int subjectOff, int subjectLen, int queueOff, int queueLen, int sidOff, int sidLen) {
        return false; // the route-mode parser never calls it
    }

    @Override
    public boolean onUnsub(byte[] buf, int sidOff, int sidLen, long max) {
        return false; // the route-mode parser never calls it
    }

    @Override
    public boolean onRouteSub(byte[] buf, int accountOff, int accountLen, int subjectOff, int subjectLen,
                              int queueOff, int queueLen, int weight) {
        String subject = Subjects.decode(buf, subjectOff, subjectLen);
        String queue = queueLen == 0 ? null : Subjects.decode(buf, queueOff, queueLen);
        if (log.isTrace()) {
            trace("<<- [RS+ " + new String(buf, accountOff, accountLen, StandardCharsets.UTF_8) + " " + subject
                    + (queue == null ? "" : " " + queue + " " + weight) + "]");
        }
        if (!registered || !isGlobal(buf, accountOff, accountLen)) {
            return true; // only the global account exists here; $SYS and others are ignored
        }
        if (!manager.canExport(subject)) {
            if (log.isDebug()) {
                log.debug(logPrefix + "Can not export " + quote(subject) + ", ignoring remote subscription request");
            }
            return true;
        }
        String key = queue == null ? subject : subject + ' ' + queue;
        RouteSubscription existing = remoteSubs.get(key);
        if (existing != null) {
            if (queue != null) {
                existing.weight = Math.max(1, weight);
            }
            return true;
        }
        RouteSubscription sub = new RouteSubscription(this, subject, queue, weight);
        if (manager.sublist().insert(sub)) {
            remoteSubs.put(key, sub);
        } else if (log.isDebug()) {
            log.debug(logPrefix + "ignoring remote interest in invalid subject " + quote(subject));
        }
        return true;
    }

    @Override
    public boolean onRouteUnsub(byte[] buf, int accountOff, int accountLen, int subjectOff, int subjectLen,
                                int queueOff, int queueLen) {
        String subject = Subjects.decode(buf, subjectOff, subjectLen);
        String queue = queueLen == 0 ? null : Subjects.decode(buf, queueOff, queueLen);
        if (log.isTrace()) {
            trace("<<- [RS- " + new String(buf, accountOff, accountLen, StandardCharsets.UTF_8) + " " + subject
                    + (queue == null ? "" : " " + queue) + "]");
        }
        if (!isGlobal(buf, accountOff, accountLen)) {
            return true;
        }
        RouteSubscription sub = remoteSubs.remove(queue == null ? subject : subject + ' ' + queue);
        if (sub != null) {
            manager.sublist().remove(sub);
        }
        return true;
    }

    /**
     * RMSG/HMSG: delivered to every matching local plain subscription and, for each queue
     * group named in the message, to one local member. Never to another route.
     */
    @Override
    public boolean onMessage(PubArgs pa, byte[] msg, int off) {
        inMsgs++;
        inBytes += pa.size;
        if (log.isTrace()) {
            trace("<<- [" + (pa.hdrSize >= 0 ? "HMSG " : "RMSG ")
                    + new String(pa.buf, pa.accountOff, pa.sizeOff + pa.sizeLen - pa.accountOff, StandardCharsets.UTF_8)
                    + "]");
        }
        if (!registered || !isGlobal(pa.buf, pa.accountOff, pa.accountLen)) {
            return true;
        }
        MatchCache cache = matchCache;
        if (cache == null) {
            cache = new MatchCache(manager.sublist(), MATCH_CACHE_SIZE);
            matchCache = cache;
        }
        SublistResult r = cache.match(pa.buf, pa.subjectOff, pa.subjectLen);
        Subscription[] psubs = r.psubs;
        for (int i = 0; i < psubs.length; i++) {
            if (psubs[i] instanceof ClientSubscription s && s.client.deliver(null, s, pa, msg, off)) {
                markForFlush(s.client);
            }
        }
        if (pa.queuesLen == 0) {
            return !closed;
        }
        Subscription[][] qsubs = r.qsubs;
        for (int g = 0; g < qsubs.length; g++) {
            Subscription[] group = qsubs[g];
            if (!listsQueue(pa, group[0].queue)) {
                continue;
            }
            int n = group.length;
            int first = n > 1 ? ThreadLocalRandom.current().nextInt(n) : 0;
            for (int k = 0; k < n; k++) {
                if (group[(first + k) % n] instanceof ClientSubscription s && s.client.deliver(null, s, pa, msg, off)) {
                    markForFlush(s.client);
                    break;
                }
            }
        }
        return !closed;
    }

    private void markForFlush(ClientConnection c) {
        if (c.markForFlushBy(this)) {
            pendingFlush.add(c);
        }
    }

    private static boolean isGlobal(byte[] buf, int off, int len) {
        return len == 2 && buf[off] == GLOBAL[0] && buf[off + 1] == GLOBAL[1];
    }

    /** Whether the message's queue list names {@code queue}; compares bytes, no String per message. */
    private static boolean listsQueue(PubArgs pa, String queue) {
        byte[] b = pa.buf;
        int i = pa.queuesOff;
        int end = pa.queuesOff + pa.queuesLen;
        while (i < end) {
            while (i < end && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            int s = i;
            while (i < end && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            if (i > s && sameText(queue, b, s, i - s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameText(String s, byte[] b, int off, int len) {
        if (s.length() == len) {
            boolean ascii = true;
            for (int k = 0; k < len; k++) {
                byte c = b[off + k];
                if (c < 0) {
                    ascii = false;
                    break;
                }
                if (s.charAt(k) != c) {
                    return false;
                }
            }
            if (ascii) {
                return true;
            }
        }
        // non-ASCII names: decode (rare)
        return s.equals(Subjects.decode(b, off, len));
    }

    // ------------------------------------------------------------------ sending (any thread)

    /**
     * Queues one message for the peer, naming the queue groups it should serve:
     * {@code RMSG $G subject [+ reply q...| | q...| reply] size} (HMSG with the header size).
     *
     * @return false when skipped (closed, not yet registered, slow consumer)
     */
    boolean sendMessage(PubArgs pa, byte[] msg, int off, byte[][] queues, int nq) {
        boolean hdr = pa.hdrSize >= 0;
        int lineLen = RMSG.length + pa.subjectLen + 1 + pa.sizeLen + 2
                + (pa.replyLen > 0 ? pa.replyLen + 1 : 0)
                + (hdr ? pa.hdrSizeLen + 1 : 0)
                + (nq > 0 ? 2 : 0); // "+ " or "| " 
        for (int i = 0; i < nq; i++) {
            lineLen += queues[i].length + 1;
        }
        int total = lineLen + pa.size + 2;
        synchronized (outbound) {
            if (closed || slowConsumer || !registered) {
                return false;
            }
            long pending = outbound.pending();
            if (pending + total > manager.maxPending()) {
                slowConsumer = true;
                loop.execute(this::closeAsSlowConsumer);
                return false;
            }
            ByteBuf b = outbound.buffer(total);
            b.writeBytes(hdr ? HMSG : RMSG);
            b.writeBytes(pa.buf, pa.subjectOff, pa.subjectLen).writeByte(' ');
            if (nq > 0) {
                if (pa.replyLen > 0) {
                    b.writeByte('+').writeByte(' ');
                    b.writeBytes(pa.buf, pa.replyOff, pa.replyLen).writeByte(' ');
                } else {
                    b.writeByte('|').writeByte(' ');
                }
                for (int i = 0; i < nq; i++) {
                    b.writeBytes(queues[i]).writeByte(' ');
                }
            } else if (pa.replyLen > 0) {
                b.writeBytes(pa.buf, pa.replyOff, pa.replyLen).writeByte(' ');
            }
            if (hdr) {
                b.writeBytes(pa.buf, pa.hdrSizeOff, pa.hdrSizeLen).writeByte(' ');
            }
            b.writeBytes(pa.buf, pa.sizeOff, pa.sizeLen);
            b.writeBytes(CRLF);
            b.writeBytes(msg, off, pa.size);
            b.writeBytes(CRLF);
            outMsgs++;
            outBytes += pa.size;
        }
        return true;
    }

    /**
     * The cluster's authorization changed: an accepted route whose CONNECT credentials no
     * longer pass is closed as an authorization violation (a solicited one was authorized by
     * the peer, which checks it itself). Any thread; runs on the event loop.
     */
    void recheckCredentials() {
        loop.execute(() -> {
            if (!closed && connectReceived && !manager.authorized(connectUser, connectPass)) {
                noReconnect = true;
                authViolation();
                closeNow(CloseReason.AUTHENTICATION_VIOLATION);
            }
        });
    }

    /**
     * The cluster's export permission changed: forgets this route's interest it no longer
     * allows, so no more messages on those subjects go out. Any thread; runs on the event loop.
     */
    void dropUnexportedInterest() {
        loop.execute(() -> {
            List<RouteSubscription> dropped = new ArrayList<>();
            remoteSubs.values().removeIf(sub -> {
                if (manager.canExport(sub.subject)) {
                    return false;
                }
                dropped.add(sub);
                return true;
            });
            if (!dropped.isEmpty()) {
                manager.sublist().removeAll(dropped);
            }
        });
    }

    /** Queues protocol bytes (INFO, RS+, RS-, PING...); the caller asks for a flush. Any thread. */
    void queueProto(byte[] proto) {
        synchronized (outbound) {
            if (closed) {
                return;
            }
            outbound.buffer(proto.length).writeBytes(proto);
        }
    }

    /** Queues and writes at once (interest changes, gossip). Any thread. */
    void sendProto(byte[] proto) {
        queueProto(proto);
        requestFlush();
    }

    void requestFlush() {
        outbound.requestFlush();
    }

    private void flushNow() {
        outbound.flush();
    }

    private void sendErr(String text) {
        if (log.isTrace()) {
            trace("->> [-ERR " + text + "]");
        }
        queueProto(("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void authViolation() {
        log.error(logPrefix + "authentication error");
        sendErr("Authorization Violation");
    }

    // ------------------------------------------------------------------ timers (event loop)

    private void onAuthTimeout() {
        authTimer = null;
        if (closed || connectReceived) {
            return;
        }
        sendErr("Authentication Timeout");
        closeNow(CloseReason.AUTHENTICATION_TIMEOUT);
    }

    // ------------------------------------------------------------------ closing

    /** Closes from any thread. */
    public void close(CloseReason reason) {
        if (loop.inEventLoop()) {
            closeNow(reason);
        } else {
            loop.execute(() -> closeNow(reason));
        }
    }

    private void closeAsSlowConsumer() {
        if (!closed) {
            log.notice(logPrefix + "Slow Consumer Detected: MaxPending of " + manager.maxPending() + " Exceeded");
            closeNow(CloseReason.SLOW_CONSUMER_PENDING_BYTES);
        }
    }

    private void closeNow(CloseReason reason) {
        if (closed) {
            return;
        }
        boolean discard;
        synchronized (outbound) {
            closed = true;
            discard = slowConsumer;
        }
        closeReason = reason;
        keepAlive.stop();
        if (authTimer != null) {
            authTimer.cancel(false);
        }
        if (!remoteSubs.isEmpty()) {
            manager.sublist().removeAll(remoteSubs.values());
            remoteSubs.clear();
        }
        log.notice(logPrefix + "Router connection closed: " + reason.text());
        ByteBuf rest = discard ? null : outbound.take();
        if (discard) {
            outbound.discard();
        }
        if (rest != null && channel.isActive()) {
            channel.writeAndFlush(rest).addListener(ChannelFutureListener.CLOSE);
        } else {
            // the peer may have gone first: bytes queued meanwhile are never written
            if (rest != null) {
                rest.release();
            }
            channel.close();
        }
        manager.routeClosed(this);
    }

    // ------------------------------------------------------------------ helpers and accessors

    private void trace(String line) {
        log.trace(logPrefix + line);
    }

    /** "ip:port - rid:N - ", the start of this route's log lines. */
    String logPrefix() {
        return logPrefix;
    }

    static String quote(String s) {
        return GoQuote.quote(s);
    }

    static String hostPort(String host, int port) {
        String h = host == null || host.isEmpty() ? "127.0.0.1" : host;
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port;
    }

    public boolean isClosed() { return closed; }
    /** The route id (nats-server's rid; also the cid of its remote subscriptions in monitoring). */
    public long rid() { return rid; }
    public boolean isRegistered() { return registered; }
    public String remoteId() { return remoteId; }
    public String remoteName() { return remoteName; }
    public String remoteIp() { return remoteIp; }
    public int remotePort() { return remotePort; }
    public boolean isSolicited() { return solicited; }
    public URI url() { return url; }
    public CloseReason closeReason() { return closeReason; }
    List<String> connectUrls() { return connectUrls; }
    List<String> websocketConnectUrls() { return websocketConnectUrls; }

    /** A point-in-time view for monitoring; counters are racy reads, fine for that purpose. */
    public RouteSnapshot snapshot() {
        long om;
        long ob;
        long pending;
        synchronized (outbound) {
            om = outMsgs;
            ob = outBytes;
            pending = outbound.pending();
        }
        return new RouteSnapshot(rid, remoteId, remoteName, remoteIp, remotePort, solicited,
                url == null ? null : RouteManager.redacted(url), start, inMsgs, inBytes, om, ob, pending, remoteSubs.size(),
                solicited && explicit, start.plusNanos(lastActivityNanos - startNanos), keepAlive.rttNanos(),
                remoteImport, remoteExport);
    }

    @Override
    public String toString() {
        return "rid:" + rid;
    }
}
