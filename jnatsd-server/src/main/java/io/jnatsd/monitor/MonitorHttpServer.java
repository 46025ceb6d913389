package io.jnatsd.monitor;

import io.jnatsd.log.Log;
import io.jnatsd.tls.ServerTls;
import io.jnatsd.tls.TlsRecordGate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The monitoring HTTP listener: Netty's HTTP/1.1 codec on the server's own event loops, and one
 * {@code jnatsd-monitor} thread that builds the answers, so a large {@code /connz} never holds
 * up an event loop that also serves clients. The pipeline is assembled here, in one place.
 * With TLS (HTTPS) the connection starts with {@link TlsRecordGate}, which becomes the TLS
 * handler; everything after it is the same as for plain HTTP.
 */
final class MonitorHttpServer implements AutoCloseable {

    /** Bound on a request's initial line, headers and body: monitoring requests are small. */
    private static final int MAX_INITIAL_LINE = 8 * 1024;
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CONTENT = 64 * 1024;
    /** An HTTP connection with no traffic for this long is closed. */
    private static final int IDLE_SECONDS = 120;
    /** Requests waiting for the monitor thread; beyond this they are answered 503 at once. */
    private static final int MAX_QUEUED_REQUESTS = 256;
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final Channel listener;
    private final ChannelGroup channels;
    private final ExecutorService worker;
    private final String host;
    private final int port;
    private final boolean secure;

    private MonitorHttpServer(Channel listener, ChannelGroup channels, ExecutorService worker, String host,
                              boolean secure) {
        this.listener = listener;
        this.channels = channels;
        this.worker = worker;
        this.host = host;
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
        this.secure = secure;
    }

    /**
     * Binds {@code host:port} (0: the OS chooses) and serves the monitoring endpoints there.
     *
     * @param tls the server's TLS to serve HTTPS with (no client certificate asked), or null for HTTP
     * @throws MonitorStartException when the port cannot be bound
     */
    static MonitorHttpServer start(Monitor monitor, EventLoopGroup group, Class<? extends ServerChannel> channelType,
                                   String host, int port, String basePath, ServerTls tls, Log log)
            throws MonitorStartException {
        ExecutorService worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_REQUESTS), new DefaultThreadFactory("jnatsd-monitor", true));
        ChannelGroup channels = new DefaultChannelGroup("monitor-http", GlobalEventExecutor.INSTANCE);
        MonitorRoutes routes = new MonitorRoutes(monitor, basePath);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast(TlsRecordGate.NAME, new TlsRecordGate(tls::newHandlerWithoutClientAuth, log, "monitoring"));
                        }
                        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
                        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CONTENT));
                        p.addLast("aggregate", new HttpObjectAggregator(MAX_CONTENT));
                        p.addLast("monitor", new MonitorHttpHandler(routes, worker, log));
                    }
                });
        Channel listener;
        try {
            listener = b.bind(new InetSocketAddress(host, port)).sync().channel();
        } catch (Exception e) {
            worker.shutdownNow();
            throw new MonitorStartException("can't listen to the monitor port: " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        MonitorHttpServer s = new MonitorHttpServer(listener, channels, worker, host, tls != null);
        log.notice("Starting " + s.scheme() + " monitor on " + hostPort(host, s.port));
        return s;
    }

    int port() {
        return port;
    }

    /** True when this listener serves HTTPS. */
    boolean secure() {
        return secure;
    }

    /** "https" or "http", as in URLs and nats-server's log line. */
    String scheme() {
        return secure ? "https" : "http";
    }

    /** The root URL as reachable from this machine (wildcard hosts become the loopback). */
    URI url() {
        String h = host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create(scheme() + "://" + hostPort(h, port) + "/");
    }

    private static String hostPort(String h, int p) {
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + p;
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS);
        channels.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS);
        worker.shutdownNow();
    }
}
