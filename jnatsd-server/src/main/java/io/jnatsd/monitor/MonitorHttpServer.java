package io.jnatsd.monitor;

import io.jnatsd.log.Log;
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

import java.io.IOException;
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

    private MonitorHttpServer(Channel listener, ChannelGroup channels, ExecutorService worker, String host) {
        this.listener = listener;
        this.channels = channels;
        this.worker = worker;
        this.host = host;
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    static MonitorHttpServer start(Monitor monitor, EventLoopGroup group, Class<? extends ServerChannel> channelType,
                                   String host, int port, String basePath, Log log) throws IOException {
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
            throw new IOException("can't listen to the monitor port: " + host + ":" + port + ": " + e.getMessage(), e);
        }
        MonitorHttpServer s = new MonitorHttpServer(listener, channels, worker, host);
        log.notice("Starting http monitor on " + hostPort(host, s.port));
        return s;
    }

    int port() {
        return port;
    }

    /** The root URL as reachable from this machine (wildcard hosts become the loopback). */
    URI url() {
        String h = host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + hostPort(h, port) + "/");
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
