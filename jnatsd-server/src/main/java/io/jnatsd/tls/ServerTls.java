package io.jnatsd.tls;

import io.jnatsd.log.Log;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;

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
    /** What the files held when loaded, for {@link #sameHandshake}. */
    private final List<X509Certificate> chain;
    private final List<X509Certificate> cas;

    private ServerTls(TlsOptions options, SslContext context, List<X509Certificate> chain, List<X509Certificate> cas) {
        this.options = options;
        this.context = context;
        this.chain = List.copyOf(chain);
        this.cas = cas == null ? List.of() : List.copyOf(cas);
    }

    /**
     * Reads the certificate, key and CA files and builds the context. The message of the
     * exception is nats-server's for the same problem (GenTLSConfig), for the config error.
     */
    public static ServerTls load(TlsOptions o) throws IOException {
        TlsMaterial m = TlsMaterial.load(o);
        try {
            return new ServerTls(o, m.forServer(o.verify() ? ClientAuth.REQUIRE : ClientAuth.NONE).build(),
                    m.chain(), m.cas());
        } catch (IOException | RuntimeException e) {
            throw new IOException("error creating TLS context: " + e.getMessage(), e);
        }
    }

    public TlsOptions options() {
        return options;
    }

    /**
     * True when {@code other} would handshake as this one does: the same certificate chain and
     * trusted CAs as read from the files (a certificate replaced under the same name is a change),
     * the same verify, cipher suites, curves and minimum version. File names and the timeout do not
     * count, as nats-server's reload compares its tls.Config, which holds neither.
     */
    public boolean sameHandshake(ServerTls other) {
        TlsOptions a = options;
        TlsOptions b = other.options;
        return chain.equals(other.chain) && cas.equals(other.cas) && a.verify() == b.verify()
                && a.cipherSuites().equals(b.cipherSuites()) && a.curvePreferences().equals(b.curvePreferences())
                && a.minVersion().equals(b.minVersion());
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
                HandshakeLog.completed(log, logPrefix, ssl);
                onDone.run();
            } else {
                HandshakeLog.failed(log, logPrefix, null, f.cause());
                onFailed.run();
            }
        });
    }

    /**
     * A TLS handler that asks for a client certificate as {@code verify} says, for a listener
     * whose connections start with the handshake (websocket over TLS). Any thread.
     */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc);
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
}
