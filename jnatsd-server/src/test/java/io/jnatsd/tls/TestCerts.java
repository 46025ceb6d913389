package io.jnatsd.tls;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The test-only certificates of src/test/resources/tls (see gen.sh there) and client SSL
 * contexts; public for the tests of other packages that serve TLS (the HTTPS monitor).
 */
public final class TestCerts {

    private TestCerts() {
    }

    public static Path file(String name) {
        URL u = TestCerts.class.getResource("/tls/" + name);
        if (u == null) {
            throw new IllegalStateException("missing test resource tls/" + name);
        }
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server options with the CA-signed server certificate and {@code keyFile}. */
    public static TlsOptions server(String certFile, String keyFile) {
        return TlsOptions.of(file(certFile), file(keyFile), null, false, null);
    }

    /** A client context trusting the test CA, presenting {@code cert}/{@code key} when not null. */
    public static SSLContext client(String cert, String key) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(cert == null ? null : new KeyManager[] {keyManager(cert, key)}, trustingCa(), null);
        return ctx;
    }

    /** Trust managers that trust the test CA (ca.pem) alone. */
    public static TrustManager[] trustingCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemFiles.certificates(file("ca.pem")).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /** A key manager that presents {@code cert} (chain) with {@code key}. */
    public static X509ExtendedKeyManager keyManager(String cert, String key) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        List<X509Certificate> chain = PemFiles.certificates(file(cert));
        PrivateKey pk = PemFiles.privateKey(file(key));
        keys.setKeyEntry("client", pk, new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        return (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
    }
}
