package io.jnatsd.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link TlsOptions} names, read and checked once: the certificate chain, its key, the
 * trusted CAs and the protocol settings. Both ends of a TLS link are built from it: the server
 * side of client and route connections, and the client side of solicited routes. The messages
 * of the exceptions are nats-server's (GenTLSConfig) for the same problems.
 */
final class TlsMaterial {

    private static final byte[] KEY_CHECK = "jnatsd key check".getBytes(StandardCharsets.US_ASCII);

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    /** Null: the JDK's default trust store, as Go falls back to the system roots. */
    private final List<X509Certificate> cas;
    private final String[] protocols;
    private final List<String> ciphers;

    private TlsMaterial(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> cas,
                        String[] protocols, List<String> ciphers) {
        this.chain = chain;
        this.key = key;
        this.cas = cas;
        this.protocols = protocols;
        this.ciphers = ciphers;
    }

    static TlsMaterial load(TlsOptions o) throws IOException {
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
        String[] protocols = o.minVersion().equals("1.3") ? new String[] {"TLSv1.3"}
                : new String[] {"TLSv1.3", "TLSv1.2"};
        return new TlsMaterial(chain, key, cas, protocols, ciphers);
    }

    /** The certificate chain, leaf first. */
    List<X509Certificate> chain() {
        return chain;
    }

    /** The CAs of ca_file; null when there is none (the JDK's defaults). */
    List<X509Certificate> cas() {
        return cas;
    }

    /** The accepting end: presents the certificate, asks for the peer's as {@code auth} says. */
    SslContextBuilder forServer(ClientAuth auth) {
        SslContextBuilder b = SslContextBuilder.forServer(key, chain)
                .clientAuth(auth);
        if (cas != null) {
            b.trustManager(cas);
        }
        return common(b);
    }

    /**
     * The dialling end: presents the certificate and checks the peer's chain and host name,
     * unless {@code insecure} (nats-server's InsecureSkipVerify).
     */
    SslContextBuilder forClient(boolean insecure) {
        SslContextBuilder b = SslContextBuilder.forClient().keyManager(key, chain);
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            if (cas != null) {
                b.trustManager(cas);
            }
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        return common(b);
    }

    private SslContextBuilder common(SslContextBuilder b) {
        return b.sslProvider(SslProvider.JDK)
                .protocols(protocols)
                .ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE);
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
}
