package io.jnatsd.tls;

import io.jnatsd.config.ConfigException;
import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.LoadedConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-level tls block, with nats-server 2.9's keys and messages. */
class TlsConfigTest {

    private static final Path FILE = Path.of("test.conf");

    private static LoadedConfig load(String text) throws ConfigException {
        return ConfigFile.parse(text, FILE, Map.of());
    }

    private static List<String> errors(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).errors();
    }

    private static String q(String name) {
        return "\"" + TestCerts.file(name).toString().replace("\\", "\\\\") + "\"";
    }

    private static String files() {
        return "cert_file: " + q("server-cert.pem") + ", key_file: " + q("server-key.pem");
    }

    @Test
    void noTlsBlockMeansPlainText() throws ConfigException {
        assertNull(load("port: 4222").options().tls());
    }

    @Test
    void tlsBlockMapsEveryKey() throws ConfigException {
        LoadedConfig c = load("tls { " + files() + ", ca_file: " + q("ca.pem") + ", verify: true, timeout: 0.5,"
                + " cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256], min_version: \"1.3\" }");
        TlsOptions t = c.options().tls();
        assertEquals(TestCerts.file("server-cert.pem"), t.certFile());
        assertEquals(TestCerts.file("ca.pem"), t.caFile());
        assertTrue(t.verify());
        assertEquals(Duration.ofMillis(500), t.timeout());
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), t.cipherSuites());
        assertEquals("1.3", t.minVersion());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void defaultsAreNatsServers() throws ConfigException {
        TlsOptions t = load("tls { " + files() + " }").options().tls();
        assertEquals(Duration.ofSeconds(2), t.timeout());
        assertEquals(CipherSuites.DEFAULT, t.cipherSuites());
        assertEquals("1.2", t.minVersion());
        assertEquals(false, t.verify());
    }

    @Test
    void defaultAuthTimeoutIsTheTlsTimeoutPlusASecond() throws ConfigException {
        assertEquals(Duration.ofSeconds(3), load("tls { " + files() + " }").options().authTimeout());
        assertEquals(Duration.ofMillis(1500), load("tls { " + files() + ", timeout: 0.5 }").options().authTimeout());
        assertEquals(Duration.ofSeconds(5), load("tls { " + files() + " }\nauthorization { timeout: 5 }").options()
                .authTimeout());
        assertEquals(Duration.ofSeconds(2), load("port: 4222").options().authTimeout());
    }

    @Test
    void timeoutAcceptsADurationString() throws ConfigException {
        assertEquals(Duration.ofMillis(250), load("tls { " + files() + ", timeout: \"250ms\" }").options().tls().timeout());
    }

    @Test
    void verifyAndMapImpliesVerify() throws ConfigException {
        LoadedConfig c = load("tls { " + files() + ", ca_file: " + q("ca.pem") + ", verify_and_map: true }");
        assertTrue(c.options().tls().verify());
        assertTrue(c.options().tls().verifyAndMap());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void allowNonTlsIsATopLevelBooleanWithoutWarning() throws ConfigException {
        LoadedConfig c = load("allow_non_tls: true\ntls { " + files() + " }");
        assertTrue(c.options().allowNonTls());
        assertNotNull(c.options().tls());
        assertEquals(List.of(), c.warnings());
        assertFalse(load("tls { " + files() + " }").options().allowNonTls(), "off unless set");
        // nats-server accepts it without a tls block too (it then changes nothing)
        LoadedConfig alone = load("allow_non_tls: yes");
        assertTrue(alone.options().allowNonTls());
        assertNull(alone.options().tls());
        assertEquals(List.of(), alone.warnings());
        assertEquals(List.of("expected \"allow_non_tls\" to be a boolean, got a string"),
                strip(errors("allow_non_tls: \"sometimes\"")));
    }

    @Test
    void curvePreferencesAreCheckedThenIgnoredWithAWarning() throws ConfigException {
        LoadedConfig c = load("tls { " + files() + ", curve_preferences: [CurveP256, X25519] }");
        assertTrue(c.warnings().get(0).contains("curve_preferences"), c.warnings().toString());
        assertEquals(List.of("unrecognized curve preference P999"),
                strip(errors("tls { " + files() + ", curve_preferences: [P999] }")));
    }

    @Test
    void problemsAreReportedWithNatsServersWords() {
        assertEquals(List.of("error parsing tls config, unknown field [\"bogus\"]"),
                strip(errors("tls { " + files() + ", bogus: 1 }")));
        assertEquals(List.of("unrecognized cipher TLS_NOPE"),
                strip(errors("tls { " + files() + ", cipher_suites: [TLS_NOPE] }")));
        assertEquals(List.of("error parsing tls config, 'cipher_suites' cannot be empty"),
                strip(errors("tls { " + files() + ", cipher_suites: [] }")));
        assertEquals(List.of("error parsing tls config, expected 'verify' to be a boolean"),
                strip(errors("tls { " + files() + ", verify: \"yes please\" }")));
        assertEquals(List.of("missing 'key_file' in TLS configuration"),
                strip(errors("tls { cert_file: " + q("server-cert.pem") + " }")));
        assertEquals(List.of("error parsing tls config, expected 'cert_file' to be filename"),
                strip(errors("tls { cert_file: 1 }")));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        List<String> e = strip(errors("tls { cert_file: " + q("server-cert.pem") + ", key_file: " + q("client-key.pem") + " }"));
        assertEquals(List.of("error parsing X509 certificate/key pair: tls: private key does not match public key"), e);
    }

    @Test
    void aMissingFileIsAnError() {
        List<String> e = strip(errors("tls { cert_file: \"/nonexistent/cert.pem\", key_file: " + q("server-key.pem") + " }"));
        assertTrue(e.get(0).startsWith("error parsing X509 certificate/key pair: "), e.toString());
    }

    /** Drops "test.conf:line:col: ". */
    private static List<String> strip(List<String> errors) {
        return errors.stream().map(s -> s.replaceFirst("^test\\.conf:\\d+:\\d+: ", "")).toList();
    }
}
