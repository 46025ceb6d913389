package io.jnatsd.tls;

import io.jnatsd.log.Log;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import java.io.IOException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

/**
 * The server side of client TLS: the SSL context built once from {@link TlsOptions}, and the
 * handshake nats-server runs on each client connection after the plain-text INFO
 * (server.go createClient, client.go doTLSHandshake). Immutable and shared by all connections.
 */
public final class ServerTls {

    /** Pipeline name of the TLS handler, in front of the NATS handler. */
    public static final String HANDLER_NAME = "tls";

    private final TlsOptions options;
    private final SslContext context;

    private ServerTls(TlsOptions options, SslContext context) {
        this.options = options;
        this.context = context;
    }

    /**
     * Reads the certificate, key and CA files and builds the context. The message of the
     * exception is nats-server's for the same problem (GenTLSConfig), for the config error.
     */
    public static ServerTls load(TlsOptions o) throws IOException {
        TlsMaterial m = TlsMaterial.load(o);
        try {
            return new ServerTls(o, m.forServer(o.verify() ? ClientAuth.REQUIRE : ClientAuth.NONE).build());
        } catch (IOException | RuntimeException e) {
            throw new IOException("error creating TLS context: " + e.getMessage(), e);
        }
    }

    public TlsOptions options() {
        return options;
    }

    /** INFO's tls_verify. */
    public boolean verify() {
        return options.verify();
    }

    /**
     * Puts TLS in front of the NATS handler of a client whose INFO was already written in
     * plain text, and waits for the client's handshake for at most the tls timeout. Exactly one
     * of the callbacks runs, on the channel's event loop: {@code onDone} when the handshake
     * succeeded, {@code onFailed} (after the error is logged) when it failed, timed out or the
     * client went away. Event loop only.
     */
    public void startHandshake(Channel ch, Log log, String logPrefix, Runnable onDone, Runnable onFailed) {
        if (log.isDebug()) {
            log.debug(logPrefix + "Starting TLS client connection handshake");
        }
        SslHandler ssl = context.newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(Math.max(1, options.timeout().toMillis()));
        ch.pipeline().addFirst(HANDLER_NAME, ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                if (log.isDebug()) {
                    SSLSession s = ssl.engine().getSession();
                    log.debug(logPrefix + "TLS handshake complete");
                    log.debug(logPrefix + "TLS version " + s.getProtocol().replace("TLSv", "")
                            + ", cipher suite " + CipherSuites.goName(s.getCipherSuite()));
                }
                onDone.run();
            } else {
                Throwable cause = f.cause();
                if (cause instanceof SslHandshakeTimeoutException) {
                    log.error(logPrefix + "TLS handshake timeout");
                } else {
                    log.error(logPrefix + "TLS handshake error: " + describe(cause));
                }
                onFailed.run();
            }
        });
    }

    /**
     * A TLS handler for the HTTPS monitor: this context's certificate, protocols and suites, but
     * never asking for a client certificate, even with {@code verify} (nats-server's monitor
     * sets NoClientCert). The handshake is left to the handler. Any thread.
     */
    public SslHandler newHandlerWithoutClientAuth(ByteBufAllocator alloc) {
        SSLEngine engine = context.newEngine(alloc);
        engine.setNeedClientAuth(false); // neither required nor requested
        return new SslHandler(engine);
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
