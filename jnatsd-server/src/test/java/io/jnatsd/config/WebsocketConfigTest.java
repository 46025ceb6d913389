package io.jnatsd.config;

import io.jnatsd.tls.TestCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.jnatsd.config.Configs.errors;
import static io.jnatsd.config.Configs.options;
import static io.jnatsd.config.Configs.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The websocket block. Error texts are nats-server 2.9.10's for the same files: the mapping errors
 * from {@code nats-server -t -c FILE}, the start-up checks (TLS, origins, no_auth_user, users
 * next to a websocket user or token) from {@code nats-server -c FILE}, which prints them without a
 * position; jnatsd reports them with the block's position, as its other start-up checks.
 */
class WebsocketConfigTest {

    private static final String TLS = "tls { cert_file: \"" + TestCerts.file("server-cert.pem")
            + "\", key_file: \"" + TestCerts.file("server-key.pem") + "\" }";

    @Test
    void noBlockMeansNoListener() throws ConfigException {
        assertEquals(WebsocketOptions.NONE, options("port: 4222").websocket());
        assertFalse(options("").websocket().enabled());
    }

    @Test
    void everyKey() throws ConfigException {
        WebsocketOptions ws = options("""
                websocket {
                  listen: "127.0.0.1:8443"
                  advertise: "ws.example.com:443"
                  %s
                  same_origin: true
                  allowed_origins: ["https://app.example.com", "http://localhost:8080"]
                  compression: true
                  handshake_timeout: "3s"
                  authorization { user: web, password: pw, timeout: 0.5 }
                }
                """.formatted(TLS)).websocket();
        assertTrue(ws.enabled());
        assertEquals("127.0.0.1", ws.host());
        assertEquals(8443, ws.port());
        assertEquals("ws.example.com:443", ws.advertise());
        assertNotNull(ws.tls());
        assertEquals("wss", ws.scheme());
        assertTrue(ws.sameOrigin());
        assertEquals(List.of("https://app.example.com", "http://localhost:8080"), ws.allowedOrigins());
        assertTrue(ws.compression());
        assertEquals(Duration.ofSeconds(3), ws.handshakeTimeout());
        assertEquals("web", ws.username());
        assertEquals("pw", ws.password());
        assertEquals(Duration.ofMillis(500), ws.authTimeout());
        assertTrue(ws.authOverride());
    }

    @Test
    void aliasesAndDefaults() throws ConfigException {
        WebsocketOptions ws = options("""
                ws { port: -1, net: "10.0.0.1", no_tls: true, compress: true, origin: "http://a.example",
                     handshake_timeout: 5, authentication { token: t } }
                """).websocket();
        assertEquals(-1, ws.port());
        assertEquals("10.0.0.1", ws.host());
        assertTrue(ws.noTls());
        assertNull(ws.tls());
        assertEquals("ws", ws.scheme());
        assertTrue(ws.compression());
        assertEquals(List.of("http://a.example"), ws.allowedOrigins());
        assertEquals(Duration.ofSeconds(5), ws.handshakeTimeout());
        assertEquals("t", ws.token());
        assertNull(ws.authTimeout());

        WebsocketOptions plain = options("websocket { port: 8080, no_tls: true }").websocket();
        assertEquals(WebsocketOptions.DEFAULT_HOST, plain.host());
        assertEquals(Duration.ZERO, plain.handshakeTimeout());
        assertFalse(plain.authOverride());
    }

    @Test
    void noAuthUserOfTheBlockIsAnAuthOverride() throws ConfigException {
        WebsocketOptions ws = options("""
                authorization { users: [{user: a, password: b}] }
                websocket { port: 8080, no_tls: true, no_auth_user: a }
                """).websocket();
        assertEquals("a", ws.noAuthUser());
        assertTrue(ws.authOverride());
    }

    @Test
    void jwtCookieWarnsThatItIsNotSupported() throws ConfigException {
        assertEquals(List.of("test.conf:2:39: jnatsd does not support \"jwt_cookie\" yet; ignored"),
                warnings("\nwebsocket { port: 8080, no_tls: true, jwt_cookie: my }"));
    }

    @Test
    void websocketIsNoLongerAnUnsupportedKey() throws ConfigException {
        assertEquals(List.of(), warnings("websocket { port: 8080, no_tls: true }\nws { port: 8081, no_tls: true }"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // mapping errors: identical to nats-server -t but for the first two, where it panics with
        // "interface conversion: interface {} is string, not bool / int64"
        "websocket { port: 8080, no_tls: \"yes\" }|test.conf:2:25: expected \"no_tls\" to be a boolean, got a string",
        "websocket { port: \"x\", no_tls: true }|test.conf:2:13: expected \"port\" to be an integer, got a string",
        "websocket { port: 8080, no_tls: true, foo: 1 }|test.conf:2:39: unknown field \"foo\"",
        "websocket: 8080|test.conf:2:1: Expected websocket to be a map, got int64",
        "websocket { port: 8080, no_tls: true, handshake_timeout: \"abc\" }|test.conf:2:39: time: invalid duration \"abc\"",
        "websocket { port: 8080, no_tls: true, handshake_timeout: 2.5 }|test.conf:2:39: error parsing handshake timeout: unsupported type float64",
        "websocket { port: 8080, no_tls: true, authorization { users: [] } }|test.conf:2:55: unknown field \"users\"",
        "websocket { port: 8080, no_tls: true, allowed_origins: [1, \"http://x\"] }|test.conf:2:57: error parsing allowed origins: unsupported type in array int64",
        // start-up checks (nats-server prints them without a position)
        "websocket { port: 8080 }|test.conf:2:1: websocket requires TLS configuration",
        "websocket { port: 8080, no_tls: true, allowed_origins: [\"http://a b:80\"] }|test.conf:2:1: unable to parse allowed origin: parse \"http://a b:80\": invalid character \" \" in host name",
        "websocket { port: 8080, no_tls: true, origins: [\"::\"] }|test.conf:2:1: unable to parse allowed origin: parse \"::\": missing protocol scheme",
        "websocket { port: 8080, no_tls: true, origins: [\"http://x:8o\"] }|test.conf:2:1: unable to parse allowed origin: parse \"http://x:8o\": invalid port \":8o\" after host",
        "websocket { port: 8080, no_tls: true, no_auth_user: bob }|test.conf:2:1: no_auth_user: \"bob\" present, but users are not defined",
    })
    void errorsSayWhatNatsServerSays(String block, String expected) {
        assertEquals(List.of(expected), errors("\n" + block));
    }

    @Test
    void startUpChecksAgainstTheUsersList() {
        String users = "authorization { users: [{user: a, password: b}] }\n";
        assertEquals(List.of("test.conf:2:1: websocket authentication username not compatible with presence of users/nkeys"),
                errors(users + "websocket { port: -1, no_tls: true, authorization { user: x, password: y } }"));
        assertEquals(List.of("test.conf:2:1: websocket authentication token not compatible with presence of users/nkeys"),
                errors(users + "websocket { port: -1, no_tls: true, authorization { token: x } }"));
        assertEquals(List.of("test.conf:2:1: no_auth_user: \"bob\" not present as user in authorization block or "
                + "account configuration"), errors(users + "websocket { port: -1, no_tls: true, no_auth_user: bob }"));
    }

    @Test
    void aBlockWithoutPortIsNotCheckedAsNatsServerDoesNot() throws ConfigException {
        assertFalse(options("websocket { no_tls: false }").websocket().enabled());
    }
}
