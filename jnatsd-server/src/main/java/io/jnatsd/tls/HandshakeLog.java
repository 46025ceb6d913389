package io.jnatsd.tls;

import io.jnatsd.log.Log;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import javax.net.ssl.SSLSession;

/** The log lines of a TLS handshake's end, worded as nats-server's (client.go doTLSHandshake). */
public final class HandshakeLog {

    private HandshakeLog() {
    }

    /** Debug: the handshake completed, with the version and suite agreed. */
    public static void completed(Log log, String prefix, SslHandler ssl) {
        if (log.isDebug()) {
            SSLSession s = ssl.engine().getSession();
            log.debug(prefix + "TLS handshake complete");
            log.debug(prefix + "TLS version " + s.getProtocol().replace("TLSv", "")
                    + ", cipher suite " + CipherSuites.goName(s.getCipherSuite()));
        }
    }

    /**
     * Error: the handshake failed or timed out. {@code kind} is "route" for routes, null for
     * clients (nats-server writes "TLS route handshake error" and "TLS handshake error").
     */
    public static void failed(Log log, String prefix, String kind, Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            log.error(prefix + "TLS handshake timeout");
        } else {
            log.error(prefix + "TLS " + (kind == null ? "" : kind + " ") + "handshake error: " + describe(cause));
        }
    }

    /** The innermost cause's message: what the JDK says went wrong. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
