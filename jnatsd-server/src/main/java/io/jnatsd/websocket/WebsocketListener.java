package io.jnatsd.websocket;

import io.jnatsd.config.ServerOptions;
import io.jnatsd.config.WebsocketOptions;
import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import io.jnatsd.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The websocket client listener (nats-server's startWebsocketServer): its own port, on the
 * server's event loops, with the client channel options of the NATS port; each accepted
 * connection gets the pipeline {@link WebsocketPipeline} assembles. Clients it admits are the
 * server's clients like any other: counted, limited, monitored, closed by lame duck mode.
 *
 * <p>Threading: started and closed by the server under its lock; {@link #setTls} from a reload.
 */
public final class WebsocketListener implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final Channel listener;
    private final WebsocketPipeline pipeline;
    private final String scheme;
    private final String host;
    private final int port;

    private WebsocketListener(Channel listener, WebsocketPipeline pipeline, String scheme, String host) {
        this.listener = listener;
        this.pipeline = pipeline;
        this.scheme = scheme;
        this.host = host;
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Binds the websocket port ({@code -1}: the OS chooses) and logs as nats-server does.
     *
     * @param bootstrap the client port's bootstrap (event loops, channel type and options); a
     *                  handler for accepted channels is set on it here
     * @param tls       the websocket TLS, or null for plain ws://
     * @throws IOException when the port cannot be bound (nats-server's words)
     */
    public static WebsocketListener start(NatsServer server, ServerOptions options, ServerBootstrap bootstrap,
                                          ServerTls tls, Log log) throws IOException {
        WebsocketOptions ws = options.websocket();
        WebsocketPipeline pipeline = new WebsocketPipeline(server, options, tls, log);
        int wanted = ws.port() < 0 ? 0 : ws.port();
        Channel ch;
        try {
            ch = bootstrap.childHandler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel c) {
                    pipeline.init(c);
                }
            }).bind(new InetSocketAddress(ws.host(), wanted)).sync().channel();
        } catch (Exception e) {
            throw new IOException("Unable to listen for websocket connections: " + e.getMessage(), e);
        }
        WebsocketListener l = new WebsocketListener(ch, pipeline, tls != null ? "wss" : "ws", ws.host());
        log.notice("Listening for websocket clients on " + l.scheme + "://" + hostPort(ws.host(), l.port));
        if (tls == null) {
            log.warn("Websocket not configured with TLS. DO NOT USE IN PRODUCTION!");
        }
        return l;
    }

    public int port() {
        return port;
    }

    /** "wss" with TLS, else "ws". */
    public String scheme() {
        return scheme;
    }

    /** The URL a client on this machine connects to (a wildcard host becomes the loopback). */
    public String url() {
        String h = host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return scheme + "://" + hostPort(h, port);
    }

    /** TLS for connections accepted from now on (a config reload changed the certificate). */
    public void setTls(ServerTls next) {
        pipeline.setTls(next);
    }

    private static String hostPort(String h, int p) {
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + p;
    }

    /** Stops accepting; connections already accepted stay (the server closes its clients). */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS);
    }
}
