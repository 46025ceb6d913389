package io.jnatsd.tls;

import io.jnatsd.log.Log;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * The server side of client TLS: the SSL context built once from {@link TlsOptions}, and the
 * handshake nats-server runs on each client connection after the plain-text INFO
 * (server.go createClient, client.go doTLSHandshake). Immutable and shared by all connections.
 */
public final class ServerTls {

    /** Pipeline name of the TLS handler, in front of the NATS handler. */
    public static final String HANDLER_NAME = "tls";
    private static final byte[] KEY_CHECK = "jnatsd key check".getBytes(StandardCharsets.US_ASCII);

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
        if (o.certFile() != null && o.keyFile() == null) {
            throw new IOException("missing 'key_file' in TLS configuration");
        }
        if (o.certFile() == null) {
            throw new IOException("missing 'cert_file' in TLS configuration");
        }
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = PemFiles.certificates(o.certFile());
            key = PemFiles.privateKey(o.keyFile());
            checkKeyMatches(key, chain.get(0));
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("error parsing X509 certificate/key pair: " + e.getMessage(), e);
        }
        List<X509Certificate> cas = null;
        if (o.caFile() != null) {
            try {
                cas = PemFiles.certificates(o.caFile());
            } catch (GeneralSecurityException e) {
                throw new IOException("failed to parse root ca certificate", e);
            }
        }
        List<String> ciphers = new ArrayList<>(CipherSuites.TLS13);
        for (String s : o.cipherSuites()) {
            ciphers.add(CipherSuites.jdkName(s));
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols(o.minVersion().equals("1.3") ? new String[] {"TLSv1.3"}
                            : new String[] {"TLSv1.3", "TLSv1.2"})
                    .ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(o.verify() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (cas != null) {
                b.trustManager(cas);
            }
            return new ServerTls(o, b.build(), chain, cas);
        } catch (IOException | RuntimeException e) {
            throw new IOException("error creating TLS context: " + e.getMessage(), e);
        }
    }

    /** Go's LoadX509KeyPair refuses a key that is not the certificate's; so does jnatsd. */
    private static void checkKeyMatches(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return;
        }
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(KEY_CHECK);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        try {
            v.initVerify(cert.getPublicKey());
            v.update(KEY_CHECK);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: same answer
        }
        throw new GeneralSecurityException("tls: private key does not match public key");
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

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
