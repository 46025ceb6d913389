package io.jnatsd.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The client {@code tls} block (or the {@code --tls*} flags): where the server's certificate and
 * key are, whether client certificates are required, and the handshake's limits. Only paths are
 * kept; {@link ServerTls#load} reads the files.
 *
 * @param certFile        PEM certificate chain of the server, leaf first
 * @param keyFile         PEM private key of the server (PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param caFile          PEM certificates that client certificates must chain to; null for none
 * @param verify          require and verify a client certificate
 * @param verifyAndMap    verify, then take the user from the certificate (implies {@code verify})
 * @param timeout         how long a client has to complete the handshake
 * @param cipherSuites    Go names of the TLS 1.2 suites allowed (TLS 1.3 suites are always on, as in Go)
 * @param curvePreferences Go names of the curves asked for; accepted, not applied (see {@link ServerTls})
 * @param minVersion      "1.2" or "1.3"
 * @param insecure        when dialling (routes), do not check the peer's certificate: tests only
 */
public record TlsOptions(
        Path certFile,
        Path keyFile,
        Path caFile,
        boolean verify,
        boolean verifyAndMap,
        Duration timeout,
        List<String> cipherSuites,
        List<String> curvePreferences,
        String minVersion,
        boolean insecure) {

    /** nats-server's TLS_TIMEOUT. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** nats-server's GenTLSConfig: MinVersion tls.VersionTLS12. */
    public static final String DEFAULT_MIN_VERSION = "1.2";

    public TlsOptions {
        timeout = timeout == null || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
        cipherSuites = cipherSuites == null ? CipherSuites.DEFAULT : List.copyOf(cipherSuites);
        curvePreferences = curvePreferences == null ? List.of() : List.copyOf(curvePreferences);
        minVersion = minVersion == null ? DEFAULT_MIN_VERSION : minVersion;
        verify = verify || verifyAndMap;
    }

    /** A block without {@code insecure}: the only kind the client listener uses. */
    public TlsOptions(Path certFile, Path keyFile, Path caFile, boolean verify, boolean verifyAndMap,
                      Duration timeout, List<String> cipherSuites, List<String> curvePreferences, String minVersion) {
        this(certFile, keyFile, caFile, verify, verifyAndMap, timeout, cipherSuites, curvePreferences, minVersion, false);
    }

    /** What the {@code --tlscert --tlskey --tlscacert --tlsverify} flags make (nats-server's overrideTLS). */
    public static TlsOptions of(Path certFile, Path keyFile, Path caFile, boolean verify, Duration timeout) {
        return new TlsOptions(certFile, keyFile, caFile, verify, false, timeout, null, null, null);
    }
}
