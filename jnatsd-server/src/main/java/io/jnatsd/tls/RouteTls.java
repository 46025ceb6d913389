package io.jnatsd.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.io.IOException;

/**
 * TLS of the cluster links (the {@code tls} block inside {@code cluster}). Every route is mutual
 * TLS, as in nats-server, whose cluster TLS always requires and verifies the peer's certificate
 * and trusts {@code ca_file} in both directions: the accepting server asks for the dialler's
 * certificate; the dialler checks the acceptor's chain and name unless {@code insecure}. Unlike
 * client TLS, the handshake comes first, before INFO and CONNECT. Immutable, shared by all routes.
 */
public final class RouteTls {

    /** Pipeline name of the TLS handler, in front of the route handler. */
    public static final String HANDLER_NAME = "tls";
    /** nats-server's warning when solicited routes are not verified. */
    public static final String INSECURE_WARNING =
            "TLS certificate chain and hostname of solicited routes will not be verified. DO NOT USE IN PRODUCTION!";

    private final TlsOptions options;
    private final SslContext accepting;
    private final SslContext dialling;

    private RouteTls(TlsOptions options, SslContext accepting, SslContext dialling) {
        this.options = options;
        this.accepting = accepting;
        this.dialling = dialling;
    }

    /** Reads the files and builds both contexts; messages as {@link ServerTls#load}. */
    public static RouteTls load(TlsOptions o) throws IOException {
        TlsMaterial m = TlsMaterial.load(o);
        try {
            return new RouteTls(o, m.forServer(ClientAuth.REQUIRE).build(), m.forClient(o.insecure()).build());
        } catch (IOException | RuntimeException e) {
            throw new IOException("error creating TLS context: " + e.getMessage(), e);
        }
    }

    public TlsOptions options() {
        return options;
    }

    /** The server end of an accepted route's handshake, bounded by the tls timeout. */
    public SslHandler acceptingHandler(ByteBufAllocator alloc) {
        return bounded(accepting.newHandler(alloc));
    }

    /**
     * The client end of a solicited route's handshake. {@code serverName} is the name the
     * peer's certificate must carry (a host name or an IP address), also sent as SNI.
     */
    public SslHandler diallingHandler(ByteBufAllocator alloc, String serverName, int port) {
        return bounded(dialling.newHandler(alloc, serverName, port));
    }

    private SslHandler bounded(SslHandler h) {
        h.setHandshakeTimeoutMillis(Math.max(1, options.timeout().toMillis()));
        return h;
    }
}
