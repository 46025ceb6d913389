package io.jnatsd.server;

import io.jnatsd.auth.Authenticator;
import io.jnatsd.auth.ClientPermissions;
import io.jnatsd.auth.Nonce;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.protocol.CloseReason;
import io.jnatsd.protocol.ConnectOptions;
import io.jnatsd.protocol.ConnectReader;
import io.jnatsd.protocol.ParseError;
import io.jnatsd.protocol.ProtocolHandler;
import io.jnatsd.protocol.ProtocolParser;
import io.jnatsd.protocol.PubArgs;
import io.jnatsd.route.RouteSubscription;
import io.jnatsd.route.RouteTargets;
import io.jnatsd.sublist.MatchCache;
import io.jnatsd.sublist.Subjects;
import io.jnatsd.sublist.SublistResult;
import io.jnatsd.sublist.Subscription;
import io.jnatsd.tls.ServerTls;
import io.jnatsd.tls.TlsDetector;
import io.jnatsd.text.GoQuote;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;

/**
 * One client connection: protocol handling, subscriptions and delivery.
 *
 * <p>Threading: everything is owned by the connection's event loop except {@link #deliver},
 * which publishers on any event loop call; it appends to the {@link Outbound} under its
 * monitor, which also guards the out counters, {@code slowConsumer} and the subscriptions'
 * delivery counts. Other threads ask for a flush ({@link #requestFlush}) or a close
 * ({@link #close}); both run on the owning loop.
 */
public final class ClientConnection implements ProtocolHandler {

    private static final byte[] PONG = ascii("PONG\r\n");
    private static final byte[] PING = ascii("PING\r\n");
    private static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] MSG = ascii("MSG ");
    private static final byte[] HMSG = ascii("HMSG ");
    private static final byte[] CRLF = ascii("\r\n");
    /** Subjects a publisher keeps resolved; the table is made on first publish (idle clients pay nothing). */
    private static final int MATCH_CACHE_SIZE = 256;
    /** nats-server sends the first PING within 2s of CONNECT, whatever ping_interval is. */
    private static final long FIRST_PING_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** nats-server's fast-producer stall bounds. */
    private static final long STALL_MIN_MS = 100;
    private static final long STALL_MAX_MS = 1000;

    final NatsServer server;
    final long cid;
    /** TCP or websocket: fixed for the life of the connection. */
    final ClientType type;
    final Channel channel;
    final EventLoop loop;
    final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    /**
     * The options when this connection was accepted. Settings a config reload may change
     * (ping_interval, ping_max, max_payload, max_control_line) are read from
     * {@code server.options()} or pushed by {@link #applyReload}.
     */
    private final ServerOptions options;
    private final Log log;
    private final Outbound outbound;
    private final ProtocolParser parser;
    private MatchCache matchCache;
    /** Routes this publisher's current message goes to; made when a match first includes a route. */
    private RouteTargets routeTargets;
    private final String remoteIp;
    private final int remotePort;
    private final String logPrefix;

    // event loop state
    private ConnectOptions opts = ConnectOptions.defaults();
    /** The client's TLS certificate, set once the handshake is done (verify_and_map). */
    private X509Certificate peerCert;
    /** The nonce this client's first INFO carried (nkey users sign it); null when it had none. */
    private String nonce;
    private boolean connectReceived;
    private volatile boolean headers;
    private volatile boolean echo = true;
    private volatile ClientPermissions perms;
    private String user;
    private final Map<String, ClientSubscription> subs = new HashMap<>();
    private final ArrayList<ClientConnection> pendingFlush = new ArrayList<>();
    private final KeepAlive keepAlive;
    private ScheduledFuture<?> authTimer;
    private long lastActivityNanos;
    private long lastPingReceivedNanos;
    private CloseReason closeReason;
    private Instant stop;

    // cross-thread state
    /** Set by a publisher (client or route) that has this connection in its flush list; only a hint. */
    Object flushMark;
    private volatile boolean closed;
    /** Guarded by outbound. */
    private boolean slowConsumer;

    // fast-producer stall: a publisher whose target is backed up stops reading for a while
    /** Set during a read batch when a target passed half its max_pending. Event loop. */
    private ClientConnection stallOn;
    private boolean readingPaused;
    private ScheduledFuture<?> stallTimer;
    /** Publishers paused because of this connection's backlog; resumed when it drains. */
    private final java.util.concurrent.ConcurrentLinkedQueue<ClientConnection> stalledProducers =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    // statistics: in* by the event loop, out* under the outbound monitor
    long inMsgs;
    long inBytes;
    long outMsgs;
    long outBytes;

    /**
     * @param forwardedFor a websocket client's X-Forwarded-For address, shown in log lines before
     *                     the peer's own, as nats-server does; null for none
     */
    ClientConnection(NatsServer server, long cid, Channel channel, ClientType type, String forwardedFor) {
        this.server = server;
        this.cid = cid;
        this.type = type;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.options = server.options();
        this.log = server.log();
        this.outbound = new Outbound(channel);
        this.parser = new ProtocolParser(this, options.maxControlLine(), options.maxPayload());
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        this.remoteIp = remote == null ? "" : remote.getAddress().getHostAddress();
        this.remotePort = remote == null ? 0 : remote.getPort();
        String peer = remoteIp + ":" + remotePort;
        if (forwardedFor != null) {
            peer = (forwardedFor.indexOf(':') >= 0 ? "[" + forwardedFor + "]" : forwardedFor) + "/" + peer;
        }
        this.logPrefix = peer + " - " + type.idLabel() + ":" + cid + " - ";
        this.lastActivityNanos = startNanos;
        // ping_interval and ping_max are reloadable: read at every tick
        this.keepAlive = new KeepAlive(loop, () -> server.options().pingInterval().toNanos(),
                () -> server.options().pingMax(), new KeepAlive.Peer() {
                    @Override
                    public void sendPing() {
                        queue(PING);
                        flushNow();
                    }

                    @Override
                    public void stale() {
                        if (log.isDebug()) {
                            log.debug(logPrefix + "Stale Client Connection - Closing");
                        }
                        sendErr("Stale Connection");
                        closeNow(CloseReason.STALE_CONNECTION);
                    }

                    /** As nats-server: no PING to a client that sent data or a PING itself lately. */
                    @Override
                    public boolean aliveWithin(long now, long interval) {
                        return now - lastActivityNanos < interval
                                || (lastPingReceivedNanos != 0 && now - lastPingReceivedNanos < interval);
                    }
                });
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ lifecycle (event loop)

    /**
     * Sends INFO and arms the timers; called when the channel becomes active, or for a websocket
     * client once the upgrade is done. TLS, when the server has it, starts here for TCP clients;
     * websocket clients did theirs before the upgrade.
     */
    void start(boolean overLimit) {
        outbound.channelActive();
        Authenticator auth = authenticator();
        // nats-server lets a no_auth_user client skip CONNECT on the client port only
        Authenticator.Identity noAuth = type == ClientType.NATS ? auth.noAuthIdentity() : null;
        boolean authRequired = auth.required() && noAuth == null;
        if (auth.requiresNonce()) {
            nonce = Nonce.next();
        }
        if (noAuth != null) {
            // no_auth_user: protocol before CONNECT runs as that user
            user = noAuth.user();
            perms = ClientPermissions.of(noAuth.permissions());
        }
        parser.setAwaitingConnect(authRequired);
        // read once: a config reload may swap it, and INFO must say what this connection does
        ServerTls infoTls = server.tls();
        queue(server.firstInfoFor(this, infoTls, nonce));
        // websocket clients did their TLS (if any) before the upgrade; INFO shows the client port's
        ServerTls tls = type == ClientType.WEBSOCKET ? null : infoTls;
        if (type == ClientType.WEBSOCKET) {
            peerCert = peerCertificate(); // verify_and_map of the websocket tls block
        }
        if (overLimit) {
            log.error(logPrefix + "maximum connections exceeded");
            sendErr("maximum connections exceeded");
            closeNow(CloseReason.MAX_CONNECTIONS_EXCEEDED);
            return;
        }
        flushNow();
        if (log.isDebug()) {
            log.debug(logPrefix + "Client connection created");
        }
        if (tls == null) {
            armTimers(authRequired);
        } else if (options.allowNonTls()) {
            // as nats-server, the timers start once the client's first bytes told TLS from plain text
            TlsDetector.install(channel, tls.options().timeout(), startsTls -> {
                if (closed) {
                    return;
                }
                if (startsTls) {
                    startTls(tls, authRequired);
                } else {
                    armTimers(authRequired);
                }
            });
        } else {
            startTls(tls, authRequired);
        }
    }

    /**
     * INFO went out in plain text; now the client starts TLS. As nats-server, the timers start
     * once the handshake is done, so they never write into an unfinished handshake.
     */
    private void startTls(ServerTls tls, boolean authRequired) {
        tls.startHandshake(channel, log, logPrefix, () -> {
            peerCert = peerCertificate();
            if (!closed) {
                armTimers(authRequired);
            }
        }, () -> closeNow(CloseReason.TLS_HANDSHAKE_ERROR));
    }

    /** The client's certificate once the TLS handshake is done, null when it presented none. */
    private X509Certificate peerCertificate() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private void armTimers(boolean authRequired) {
        if (authRequired) {
            Duration timeout = options.authTimeout();
            if (type == ClientType.WEBSOCKET && options.websocket().authTimeout() != null) {
                timeout = options.websocket().authTimeout();
            }
            authTimer = loop.schedule(this::onAuthTimeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        keepAlive.schedule(options.pingInterval().toNanos());
    }

    /** Parses one read; closes the connection on a protocol error. */
    void read(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        lastActivityNanos = System.nanoTime();
        ParseError err = parser.parse(buf, off, len);
        if (err != null && !closed) {
            protocolError(err);
        }
    }

    /** End of a read batch: one flush per connection that received something. */
    void readComplete() {
        ArrayList<ClientConnection> targets = pendingFlush;
        for (int i = 0, n = targets.size(); i < n; i++) {
            ClientConnection t = targets.get(i);
            t.flushMark = null;
            t.requestFlush();
        }
        targets.clear();
        if (routeTargets != null) {
            routeTargets.flushPending();
        }
        ClientConnection backlogged = stallOn;
        if (backlogged != null) {
            stallOn = null;
            pauseReading(backlogged);
        }
    }

    /**
     * Stops reading from this publisher until {@code target} drains, as nats-server stalls a
     * fast producer: 100 ms to 1 s at most, then reading resumes regardless (and a target that
     * stays behind becomes a slow consumer).
     */
    private void pauseReading(ClientConnection target) {
        if (readingPaused || closed) {
            return;
        }
        readingPaused = true;
        channel.config().setAutoRead(false);
        long pending;
        synchronized (target.outbound) {
            pending = target.outbound.pending();
        }
        long delayMs = pending >= options.maxPending() ? STALL_MAX_MS : STALL_MIN_MS;
        stallTimer = loop.schedule(this::resumeReading, delayMs, TimeUnit.MILLISECONDS);
        target.stalledProducers.add(this);
        long now;
        synchronized (target.outbound) {
            now = target.outbound.pending();
        }
        if (target.closed || now <= options.maxPending() / 2) {
            target.releaseStalledProducers(); // drained meanwhile
        }
    }

    private void resumeReading() {
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        if (readingPaused) {
            readingPaused = false;
            if (!closed) {
                channel.config().setAutoRead(true);
            }
        }
    }

    /** Wakes the publishers waiting for this connection to drain. Any thread. */
    void releaseStalledProducers() {
        ClientConnection p;
        while ((p = stalledProducers.poll()) != null) {
            ClientConnection producer = p;
            producer.loop.execute(producer::resumeReading);
        }
    }

    /** The channel's write backlog fell below its low-water mark. Event loop. */
    void writabilityChanged() {
        if (channel.isWritable()) {
            releaseStalledProducers();
        }
    }

    void channelClosed() {
        closeNow(CloseReason.CLIENT_CLOSED);
    }

    private void protocolError(ParseError err) {
        switch (err) {
            case AUTHORIZATION -> authViolation(authenticator());
            case MAX_PAYLOAD -> log.error(logPrefix + "maximum payload exceeded");
            case MAX_CONTROL_LINE -> log.error(logPrefix + "maximum control line exceeded");
            default -> log.error(logPrefix + "Client parser ERROR: " + err.name());
        }
        if (err != ParseError.AUTHORIZATION && err.errText != null) {
            sendErr(err.errText);
        }
        closeNow(err.reason);
    }

    // ------------------------------------------------------------------ protocol (event loop)

    @Override
    public boolean onConnect(byte[] buf, int off, int len) {
        if (log.isTrace()) {
            trace("<<- [CONNECT " + redactPassword(new String(buf, off, len, StandardCharsets.UTF_8)) + "]");
        }
        if (authTimer != null) {
            authTimer.cancel(false);
            authTimer = null;
        }
        ConnectOptions o = ConnectReader.read(buf, off, len);
        if (o == null) {
            log.error(logPrefix + "invalid CONNECT JSON");
            closeNow(CloseReason.PROTOCOL_VIOLATION);
            return false;
        }
        opts = o;
        connectReceived = true;
        echo = o.echo;
        headers = !options.noHeaderSupport() && o.headers;
        parser.setHeaders(headers);
        keepAlive.rttMeasured(System.nanoTime() - startNanos);

        Authenticator auth = authenticator();
        Authenticator.Identity id = auth.authenticate(credentials(o), nonceBytes(), peerCert, this::authDebug);
        if (id == null || o.account != null || o.newAccount) {
            authViolation(auth);
            closeNow(CloseReason.AUTHENTICATION_VIOLATION);
            return false;
        }
        user = id.user();
        perms = ClientPermissions.of(id.permissions());
        parser.setAwaitingConnect(false);

        if (o.protocol < 0 || o.protocol > Version.PROTO) {
            sendErr("invalid client protocol");
            closeNow(CloseReason.BAD_CLIENT_PROTOCOL_VERSION);
            return false;
        }
        if (o.noResponders && !headers) {
            sendErr("no responders requires headers support");
            closeNow(CloseReason.NO_RESPONDERS_REQUIRES_HEADERS);
            return false;
        }
        if (o.verbose) {
            queue(OK);
        }
        keepAlive.schedule(firstPingDelayNanos());
        return true;
    }

    @Override
    public boolean onPing() {
        if (log.isTrace()) {
            trace("<<- [PING]");
        }
        queue(PONG);
        lastPingReceivedNanos = System.nanoTime();
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
    public boolean onInfo(byte[] buf, int off, int len) {
        return true; // clients may send INFO; nothing in it concerns a client connection
    }

    @Override
    public boolean onErr(byte[] buf, int off, int len) {
        log.error(logPrefix + "Client Error " + new String(buf, off, len, StandardCharsets.UTF_8));
        closeNow(CloseReason.PARSE_ERROR);
        return false;
    }

    @Override
    public boolean onSub(byte[] buf, int subjectOff, int subjectLen, int queueOff, int queueLen, int sidOff, int sidLen) {
        String subject = Subjects.decode(buf, subjectOff, subjectLen);
        String queue = queueLen == 0 ? null : Subjects.decode(buf, queueOff, queueLen);
        String sid = Subjects.decode(buf, sidOff, sidLen);
        if (log.isTrace()) {
            trace("<<- [SUB " + subject + (queue == null ? "" : " " + queue) + " " + sid + "]");
        }
        ClientPermissions p = perms;
        if (p != null && !p.canSubscribe(subject, queue)) {
            String msg = "Permissions Violation for Subscription to " + GoQuote.quote(subject)
                    + (queue == null ? "" : " using queue " + GoQuote.quote(queue));
            log.error(logPrefix + "Subscription Violation - " + authUser() + ", Subject " + GoQuote.quote(subject)
                    + (queue == null ? "" : ", Queue: " + GoQuote.quote(queue)) + ", SID " + sid);
            sendErr(msg);
            return true;
        }
        int max = options.maxSubscriptions();
        if (max > 0 && subs.size() >= max) {
            log.error(logPrefix + "maximum subscriptions exceeded");
            sendErr("maximum subscriptions exceeded");
            return true;
        }
        if (subs.containsKey(sid)) {
            // nats-server keeps the first subscription with this sid
            if (opts.verbose) {
                queue(OK);
            }
            return true;
        }
        ClientSubscription sub = new ClientSubscription(this, subject, queue, sid);
        if (!server.sublist().insert(sub)) {
            sendErr("Invalid Subject");
            return true;
        }
        subs.put(sid, sub);
        server.subscriptionAdded(sub);
        if (opts.verbose) {
            queue(OK);
        }
        return true;
    }

    @Override
    public boolean onUnsub(byte[] buf, int sidOff, int sidLen, long max) {
        String sid = Subjects.decode(buf, sidOff, sidLen);
        if (log.isTrace()) {
            trace("<<- [UNSUB " + sid + (max >= 0 ? " " + max : "") + "]");
        }
        ClientSubscription sub = subs.get(sid);
        if (sub != null) {
            boolean now;
            synchronized (outbound) {
                if (max > 0 && max > sub.delivered) {
                    sub.max = max;
                    now = false;
                } else {
                    sub.max = 0;
                    now = true;
                }
            }
            if (now) {
                removeSubscription(sub);
            }
        }
        if (opts.verbose) {
            queue(OK);
        }
        return true;
    }

    @Override
    public boolean onMessage(PubArgs pa, byte[] msg, int off) {
        inMsgs++;
        inBytes += pa.size;
        if (log.isTrace()) {
            traceMessage(pa, msg, off);
        }
        if (opts.pedantic && !Subjects.isValidLiteral(pa.buf, pa.subjectOff, pa.subjectLen)) {
            sendErr("Invalid Publish Subject");
        }
        ClientPermissions p = perms;
        if (p != null && !p.canPublish(pa.buf, pa.subjectOff, pa.subjectLen)) {
            String subject = GoQuote.quote(new String(pa.buf, pa.subjectOff, pa.subjectLen, StandardCharsets.UTF_8));
            String msgText = "Permissions Violation for Publish to " + subject;
            log.error(logPrefix + "Publish Violation - " + authUser() + ", Subject " + subject);
            sendErr(msgText);
            return true;
        }
        if (opts.verbose) {
            queue(OK);
        }
        MatchCache cache = matchCache;
        if (cache == null) {
            cache = new MatchCache(server.sublist(), MATCH_CACHE_SIZE);
            matchCache = cache;
        }
        SublistResult r = cache.match(pa.buf, pa.subjectOff, pa.subjectLen);
        boolean delivered = false;
        RouteTargets rt = null; // routes with interest, collected so each gets one RMSG at most
        Subscription[] psubs = r.psubs;
        for (int i = 0; i < psubs.length; i++) {
            if (psubs[i] instanceof ClientSubscription s) {
                if (s.client.deliver(this, s, pa, msg, off)) {
                    delivered = true;
                    markForFlush(s.client);
                }
            } else {
                rt = routeTargets();
                rt.addPlain((RouteSubscription) psubs[i]);
            }
        }
        Subscription[][] qsubs = r.qsubs;
        for (int g = 0; g < qsubs.length; g++) {
            Subscription[] group = qsubs[g];
            int n = group.length;
            int first = n > 1 ? ThreadLocalRandom.current().nextInt(n) : 0;
            boolean done = false;
            boolean remote = false;
            for (int k = 0; k < n; k++) {
                if (group[(first + k) % n] instanceof ClientSubscription s) {
                    if (s.client.deliver(this, s, pa, msg, off)) {
                        delivered = true;
                        done = true;
                        markForFlush(s.client);
                        break;
                    }
                } else {
                    remote = true;
                }
            }
            if (!done && remote) {
                // no local member took it: one route's members get it, chosen by their weight
                rt = routeTargets();
                rt.addQueue(group);
            }
        }
        if (rt != null && rt.send(pa, msg, off)) {
            delivered = true;
        }
        if (!delivered && pa.hasReply() && opts.noResponders) {
            sendNoResponders(pa);
        }
        return !closed;
    }

    private RouteTargets routeTargets() {
        RouteTargets rt = routeTargets;
        if (rt == null) {
            rt = new RouteTargets();
            routeTargets = rt;
        }
        return rt;
    }

    // ------------------------------------------------------------------ delivery (any thread)

    /**
     * Queues one message for this connection, on behalf of {@code publisher} (null when the
     * message came from a route: no echo check, no producer stall).
     *
     * @return true when queued; false when skipped (no echo, closed, limit reached, slow consumer)
     */
    public boolean deliver(ClientConnection publisher, ClientSubscription sub, PubArgs pa, byte[] msg, int off) {
        if (publisher == this && !echo) {
            return false;
        }
        ClientPermissions p = perms;
        if (p != null && sub.wildcard && p.hasSubscribeDeny()
                && p.deniedDelivery(Subjects.decode(pa.buf, pa.subjectOff, pa.subjectLen))) {
            return false;
        }
        boolean stripHeaders = pa.hdrSize > 0 && !headers;
        int bodyOff = stripHeaders ? off + pa.hdrSize : off;
        int bodyLen = stripHeaders ? pa.size - pa.hdrSize : pa.size;
        int lineLen = (pa.hdrSize > 0 && !stripHeaders ? HMSG.length + pa.hdrSizeLen + 1 : MSG.length)
                + pa.subjectLen + 1 + sub.sidBytes.length + 1
                + (pa.replyLen > 0 ? pa.replyLen + 1 : 0)
                + (stripHeaders ? Ascii.digits(bodyLen) : pa.sizeLen) + 2;
        int total = lineLen + bodyLen + 2;
        boolean reachedMax = false;
        synchronized (outbound) {
            if (closed || slowConsumer || sub.closed) {
                return false;
            }
            long max = sub.max;
            if (max > 0 && sub.delivered >= max) {
                return false;
            }
            long pending = outbound.pending();
            if (pending + total > options.maxPending()) {
                slowConsumer = true;
                server.slowConsumerDetected();
                loop.execute(this::closeAsSlowConsumer);
                return false;
            }
            long n = ++sub.delivered;
            reachedMax = max > 0 && n == max;
            if (pending + total > options.maxPending() / 2 && publisher != this && publisher != null) {
                publisher.stallOn = this; // the publisher's own loop reads it at end of batch
            }
            ByteBuf b = outbound.buffer(total);
            if (pa.hdrSize > 0 && !stripHeaders) {
                b.writeBytes(HMSG);
            } else {
                b.writeBytes(MSG);
            }
            b.writeBytes(pa.buf, pa.subjectOff, pa.subjectLen).writeByte(' ');
            b.writeBytes(sub.sidBytes).writeByte(' ');
            if (pa.replyLen > 0) {
                b.writeBytes(pa.buf, pa.replyOff, pa.replyLen).writeByte(' ');
            }
            if (stripHeaders) {
                Ascii.writeLong(b, bodyLen);
            } else {
                if (pa.hdrSize > 0) {
                    b.writeBytes(pa.buf, pa.hdrSizeOff, pa.hdrSizeLen).writeByte(' ');
                }
                b.writeBytes(pa.buf, pa.sizeOff, pa.sizeLen);
            }
            b.writeBytes(CRLF);
            b.writeBytes(msg, bodyOff, bodyLen);
            b.writeBytes(CRLF);
            outMsgs++;
            outBytes += bodyLen;
        }
        if (log.isTrace()) {
            trace("->> [" + (pa.hdrSize > 0 && !stripHeaders ? "HMSG " : "MSG ")
                    + new String(pa.buf, pa.subjectOff, pa.subjectLen, StandardCharsets.UTF_8) + " " + sub.sid
                    + (pa.replyLen > 0 ? " " + new String(pa.buf, pa.replyOff, pa.replyLen, StandardCharsets.UTF_8) : "")
                    + " " + bodyLen + "]");
        }
        if (reachedMax) {
            autoUnsubscribe(sub);
        }
        return true;
    }

    /** The subscription reached its max: leave the index now, the sid map on our loop. */
    private void autoUnsubscribe(ClientSubscription sub) {
        if (loop.inEventLoop()) {
            removeSubscription(sub);
        } else {
            sub.closed = true;
            if (server.sublist().remove(sub)) {
                server.subscriptionRemoved(sub);
            }
            loop.execute(() -> subs.remove(sub.sid, sub));
        }
    }

    private void removeSubscription(ClientSubscription sub) {
        sub.closed = true;
        subs.remove(sub.sid, sub);
        if (server.sublist().remove(sub)) {
            server.subscriptionRemoved(sub);
        }
    }

    private void markForFlush(ClientConnection target) {
        if (target.flushMark != this) {
            target.flushMark = this;
            pendingFlush.add(target);
        }
    }

    /**
     * Marks this connection as part of {@code owner}'s end-of-batch flush list: true when the
     * caller must add it to its list (the mark is only a hint, so a duplicate entry is possible
     * and harmless). Called on the owner's event loop; {@link #clearFlushMark} when flushing.
     */
    public boolean markForFlushBy(Object owner) {
        if (flushMark != owner) {
            flushMark = owner;
            return true;
        }
        return false;
    }

    public void clearFlushMark() {
        flushMark = null;
    }

    /**
     * Sends the current INFO again (the cluster's client URLs, or websocket URLs for a websocket
     * client, changed) if the client takes async INFO.
     */
    public void sendInfoUpdate() {
        sendAsyncInfo(false);
    }

    /** Sends the INFO with "ldm":true (lame duck mode) if the client takes async INFO. Any thread. */
    void sendLameDuckInfo() {
        sendAsyncInfo(true);
    }

    private void sendAsyncInfo(boolean lameDuck) {
        loop.execute(() -> {
            if (!closed && connectReceived && opts.protocol >= 1) {
                queue(server.infoFor(this, lameDuck));
                readComplete();
            }
        });
    }

    // ------------------------------------------------------------------ config reload (any thread)

    /**
     * Applies reloaded options on this connection's event loop: the new parser limits and, when
     * authorization changed ({@code auth} not null), the client's credentials are checked again
     * with the server's (already replaced) authorization for this connection's type, as
     * nats-server does: refused ones close the connection with "Authorization Violation";
     * accepted ones get the new permissions, and subscriptions no longer allowed are removed
     * with a -ERR.
     *
     * @return completes once applied (or skipped because the connection closed)
     */
    io.netty.util.concurrent.Future<?> applyReload(ServerOptions next, Authenticator auth) {
        return loop.submit(() -> {
            if (closed) {
                return;
            }
            parser.setLimits(next.maxControlLine(), next.maxPayload());
            if (auth != null && connectReceived) {
                reauthorize(authenticator());
            }
            readComplete();
        });
    }

    private void reauthorize(Authenticator auth) {
        Authenticator.Identity id = auth.authenticate(credentials(opts), nonceBytes(), peerCert, this::authDebug);
        if (id == null) {
            authViolation(auth);
            closeNow(CloseReason.AUTHENTICATION_VIOLATION);
            return;
        }
        user = id.user();
        ClientPermissions p = ClientPermissions.of(id.permissions());
        perms = p;
        if (p == null) {
            return;
        }
        for (ClientSubscription sub : new ArrayList<>(subs.values())) {
            boolean allowed = p.canSubscribe(sub.subject, null)
                    || (sub.queue != null && p.canSubscribe(sub.subject, sub.queue));
            if (!allowed) {
                removeSubscription(sub);
                sendErr("Permissions Violation for Subscription to " + GoQuote.quote(sub.subject)
                        + " (sid " + GoQuote.quote(sub.sid) + ")");
                log.notice("Removed sub " + GoQuote.quote(sub.subject) + " (sid " + GoQuote.quote(sub.sid)
                        + ") for " + authUser() + " - not authorized");
            }
        }
    }

    /** max_connections was lowered by a reload and this connection is over it. Any thread. */
    io.netty.util.concurrent.Future<?> maxConnectionsExceeded() {
        return loop.submit(() -> {
            if (closed) {
                return;
            }
            log.error(logPrefix + "maximum connections exceeded");
            sendErr("maximum connections exceeded");
            closeNow(CloseReason.MAX_CONNECTIONS_EXCEEDED);
        });
    }

    /** Asks this connection's event loop to write what is queued. Any thread. */
    public void requestFlush() {
        outbound.requestFlush();
    }

    private void flushNow() {
        outbound.flush();
    }

    // ------------------------------------------------------------------ sending to this client (event loop)

    /** Queues protocol bytes for this connection and marks it for the end-of-read flush. */
    private void queue(byte[] proto) {
        synchronized (outbound) {
            if (closed) {
                return;
            }
            outbound.buffer(proto.length).writeBytes(proto);
        }
        markForFlush(this);
    }

    void sendErr(String text) {
        if (log.isTrace()) {
            trace("->> [-ERR " + text + "]");
        }
        queue(("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void sendNoResponders(PubArgs pa) {
        String reply = Subjects.decode(pa.buf, pa.replyOff, pa.replyLen);
        for (Subscription s : server.sublist().match(reply).psubs) {
            if (s instanceof ClientSubscription cs && cs.client == this) {
                queue(("HMSG " + reply + " " + cs.sid + " 16 16\r\nNATS/1.0 503\r\n\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
    }

    private static Authenticator.Credentials credentials(ConnectOptions o) {
        return new Authenticator.Credentials(o.user, o.pass, o.authToken, o.nkey, o.sig);
    }

    private byte[] nonceBytes() {
        return nonce == null ? null : nonce.getBytes(StandardCharsets.US_ASCII);
    }

    /** Why an nkey user was refused, at debug level as nats-server. */
    private void authDebug(String why) {
        if (log.isDebug()) {
            log.debug(logPrefix + why);
        }
    }

    /**
     * Logs the refusal as nats-server does, naming what the configuration authenticates by (the
     * nkey when nkey users are configured, else the user when users are), and sends the -ERR.
     */
    private void authViolation(Authenticator auth) {
        String who;
        if (auth.hasNkeyUsers()) {
            who = " - Nkey " + GoQuote.quote(opts.nkey == null ? "" : opts.nkey);
        } else if (auth.hasUsers()) {
            who = " - User " + GoQuote.quote(opts.user == null ? "" : opts.user);
        } else {
            who = "";
        }
        log.error(logPrefix + "authentication error" + who);
        sendErr("Authorization Violation");
    }

    /**
     * How nats-server names this client in permission messages: by the nkey it sent, else by the
     * user it is (the no_auth_user or the certificate's user included) or said it was.
     */
    private String authUser() {
        if (opts.nkey != null && !opts.nkey.isEmpty()) {
            return "Nkey " + GoQuote.quote(opts.nkey);
        }
        String name = user != null ? user : opts.user;
        return "User " + GoQuote.quote(name == null || name.isEmpty() ? "N/A" : name);
    }

    // ------------------------------------------------------------------ timers (event loop)

    private void onAuthTimeout() {
        authTimer = null;
        if (closed || connectReceived) {
            return;
        }
        if (log.isDebug()) {
            log.debug(logPrefix + "Authentication Timeout");
        }
        sendErr("Authentication Timeout");
        closeNow(CloseReason.AUTHENTICATION_TIMEOUT);
    }

    private long firstPingDelayNanos() {
        long d = server.options().pingInterval().toNanos();
        if (d > FIRST_PING_MAX_NANOS) {
            d = FIRST_PING_MAX_NANOS;
        }
        long jitter = d / 5;
        return d + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter) : 0);
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

    /** Closes on the connection's event loop; the future completes once it has. Any thread. */
    io.netty.util.concurrent.Future<?> closeLater(CloseReason reason) {
        return loop.submit(() -> closeNow(reason));
    }

    private void closeAsSlowConsumer() {
        if (closed) {
            return;
        }
        log.notice(logPrefix + "Slow Consumer Detected: MaxPending of " + options.maxPending() + " Exceeded");
        closeNow(CloseReason.SLOW_CONSUMER_PENDING_BYTES);
    }

    /** Flushes what is queued (unless the client cannot keep up), then closes. Event loop. */
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
        stop = Instant.now();
        keepAlive.stop();
        if (authTimer != null) {
            authTimer.cancel(false);
        }
        for (ClientSubscription sub : subs.values()) {
            sub.closed = true;
        }
        if (!subs.isEmpty()) {
            server.sublist().removeAll(subs.values());
            for (ClientSubscription sub : subs.values()) {
                server.subscriptionRemoved(sub);
            }
        }
        server.clientClosed(this);
        releaseStalledProducers();
        if (stallTimer != null) {
            stallTimer.cancel(false);
        }
        if (log.isDebug()) {
            log.debug(logPrefix + "Client connection closed: " + reason.text());
        }
        ByteBuf rest;
        if (discard) {
            outbound.discard();
            rest = null;
        } else {
            rest = outbound.take();
        }
        if (type == ClientType.WEBSOCKET && !discard && channel.isActive()) {
            // the websocket handler turns the reason into a close frame, sent after the rest
            if (rest != null) {
                channel.write(rest, channel.voidPromise());
            }
            channel.writeAndFlush(reason).addListener(ChannelFutureListener.CLOSE);
        } else if (rest != null && channel.isActive()) {
            channel.writeAndFlush(rest).addListener(ChannelFutureListener.CLOSE);
        } else {
            // the peer may have gone first: bytes queued meanwhile are never written
            if (rest != null) {
                rest.release();
            }
            channel.close();
        }
    }

    // ------------------------------------------------------------------ tracing

    /** The authorization in force for this connection's type (a config reload may replace it). */
    private Authenticator authenticator() {
        return type == ClientType.WEBSOCKET ? server.websocketAuthenticator() : server.authenticator();
    }

    private void trace(String line) {
        log.trace(logPrefix + line);
    }

    private void traceMessage(PubArgs pa, byte[] msg, int off) {
        String subject = new String(pa.buf, pa.subjectOff, pa.subjectLen, StandardCharsets.UTF_8);
        String reply = pa.replyLen == 0 ? "" : " " + new String(pa.buf, pa.replyOff, pa.replyLen, StandardCharsets.UTF_8);
        String op = pa.hdrSize >= 0 ? "HPUB" : "PUB";
        String sizes = pa.hdrSize >= 0 ? pa.hdrSize + " " + pa.size : String.valueOf(pa.size);
        trace("<<- [" + op + " " + subject + reply + " " + sizes + "]");
        trace("<<- MSG_PAYLOAD: [" + GoQuote.quote(new String(msg, off, pa.size, StandardCharsets.UTF_8)) + "]");
    }

    private static String redactPassword(String json) {
        return json.replaceAll("(\"pass\"\\s*:\\s*\")[^\"]*(\")", "$1[REDACTED]$2");
    }

    // ------------------------------------------------------------------ monitoring accessors

    public long cid() { return cid; }
    public ClientType type() { return type; }
    public String remoteIp() { return remoteIp; }
    public int remotePort() { return remotePort; }
    public boolean isClosed() { return closed; }
    public CloseReason closeReason() { return closeReason; }
    public Instant stopTime() { return stop; }
    public long rttNanos() { return keepAlive.rttNanos(); }
    public String user() { return user; }

    /**
     * /connz's {@code authorized_user} while connected, as nats-server: the nkey the client sent,
     * else its user. (Once closed, nats-server keeps only the user: see {@link #user()}.)
     */
    public String authorizedUser() {
        ConnectOptions o = opts; // racy read from the monitor's thread, as the other accessors
        return o.nkey != null && !o.nkey.isEmpty() ? o.nkey : user;
    }
    public ConnectOptions connectOptions() { return opts; }
    public long inMsgs() { return inMsgs; }
    public long inBytes() { return inBytes; }
    public long outMsgs() { return outMsgs; }
    public long outBytes() { return outBytes; }
    public int subscriptionCount() { return subs.size(); }
    public Instant startTime() { return start; }

    /** When the client last sent something; a racy read from other threads, fine for monitoring. */
    public Instant lastActivity() {
        return start.plusNanos(lastActivityNanos - startNanos);
    }

    /** Bytes queued for this client and not yet written; read without the outbound lock (monitoring only). */
    public long pendingBytes() {
        return outbound.pending();
    }

    /** A snapshot of the subscriptions; call on the event loop for an exact view. */
    public List<ClientSubscription> subscriptions() {
        return new ArrayList<>(subs.values());
    }

    @Override
    public String toString() {
        return "cid:" + cid;
    }
}
