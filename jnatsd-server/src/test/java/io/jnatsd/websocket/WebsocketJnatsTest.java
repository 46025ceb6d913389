package io.jnatsd.websocket;

import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.config.WebsocketOptions;
import io.jnatsd.log.Log;
import io.jnatsd.monitor.ConnInfo;
import io.jnatsd.monitor.Connz;
import io.jnatsd.monitor.ConnzOptions;
import io.jnatsd.server.NatsServer;
import io.jnatsd.tls.TestCerts;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client (jnats) over ws:// and wss:// against jnatsd's websocket listener: everything a
 * client does over TCP works the same inside frames, and websocket and TCP clients see each other.
 */
class WebsocketJnatsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A server with a client port and a websocket port (ws:// or wss://), both chosen by the OS. */
    static NatsServer start(boolean tls, String extra) throws Exception {
        String tlsBlock = tls ? "tls { cert_file: \"" + TestCerts.file("server-cert.pem") + "\", key_file: \""
                + TestCerts.file("server-key.pem") + "\" }" : "no_tls: true";
        String conf = """
                listen: "127.0.0.1:-1"
                websocket {
                  listen: "127.0.0.1:-1"
                  %s
                  %s
                }
                """.formatted(tlsBlock, extra);
        ServerOptions o = ConfigFile.parse(conf, java.nio.file.Path.of("ws.conf"), java.util.Map.of()).options()
                .toBuilder().ioThreads(1).build();
        return new NatsServer(o, Log.NONE).start();
    }

    private static Options.Builder options(NatsServer s) throws Exception {
        Options.Builder b = new Options.Builder().server(s.websocketUrl()).connectionTimeout(WAIT).noReconnect();
        if (s.websocketUrl().startsWith("wss://")) {
            b.sslContext(TestCerts.client(null, null));
        }
        return b;
    }

    private static Connection connect(NatsServer s) throws Exception {
        return Nats.connect(options(s).build());
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void publishSubscribeRequestReplyAndHeaders(boolean tls) throws Exception {
        try (NatsServer s = start(tls, "");
             Connection nc = connect(s)) {
            assertTrue(s.websocketUrl().startsWith(tls ? "wss://" : "ws://"), s.websocketUrl());
            Subscription sub = nc.subscribe("greet.*");
            nc.publish("greet.joe", "hello".getBytes(StandardCharsets.UTF_8));
            Message m = sub.nextMessage(WAIT);
            assertNotNull(m, "no message");
            assertEquals("greet.joe", m.getSubject());
            assertEquals("hello", new String(m.getData(), StandardCharsets.UTF_8));

            nc.createDispatcher(req -> nc.publish(req.getReplyTo(), ("re:" + new String(req.getData(),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))).subscribe("svc");
            nc.flush(WAIT);
            Message reply = nc.request("svc", "ping".getBytes(StandardCharsets.UTF_8), WAIT);
            assertNotNull(reply, "no reply");
            assertEquals("re:ping", new String(reply.getData(), StandardCharsets.UTF_8));

            Subscription hs = nc.subscribe("with.headers");
            Headers h = new Headers().add("X-Trace", "abc", "def");
            nc.publish(NatsMessage.builder().subject("with.headers").headers(h).data("body").build());
            Message hm = hs.nextMessage(WAIT);
            assertNotNull(hm, "no message with headers");
            assertEquals(List.of("abc", "def"), hm.getHeaders().get("X-Trace"));
            assertEquals("body", new String(hm.getData(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aOneMegabyteMessageCrossesBothWays(boolean tls) throws Exception {
        byte[] big = new byte[1024 * 1024];
        new Random(42).nextBytes(big);
        try (NatsServer s = start(tls, "");
             Connection ws = connect(s);
             Connection tcp = Nats.connect(new Options.Builder().server(s.clientUrl()).connectionTimeout(WAIT)
                     .noReconnect().build())) {
            Subscription onWs = ws.subscribe("big");
            Subscription onTcp = tcp.subscribe("big");
            ws.flush(WAIT);
            tcp.flush(WAIT);
            ws.publish("big", big);
            assertArrayEquals(big, onWs.nextMessage(WAIT).getData());
            assertArrayEquals(big, onTcp.nextMessage(WAIT).getData());
        }
    }

    @Test
    void websocketAndTcpClientsExchangeMessagesBothWays() throws Exception {
        try (NatsServer s = start(false, "");
             Connection ws = connect(s);
             Connection tcp = Nats.connect(new Options.Builder().server(s.clientUrl()).connectionTimeout(WAIT)
                     .noReconnect().build())) {
            Subscription fromTcp = ws.subscribe("to.ws");
            Subscription fromWs = tcp.subscribe("to.tcp");
            ws.flush(WAIT);
            tcp.flush(WAIT);
            for (int i = 0; i < 100; i++) {
                tcp.publish("to.ws", ("t" + i).getBytes(StandardCharsets.UTF_8));
                ws.publish("to.tcp", ("w" + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("t" + i, new String(fromTcp.nextMessage(WAIT).getData(), StandardCharsets.UTF_8));
                assertEquals("w" + i, new String(fromWs.nextMessage(WAIT).getData(), StandardCharsets.UTF_8));
            }
            // a request from TCP answered over websocket
            ws.createDispatcher(req -> ws.publish(req.getReplyTo(), req.getData())).subscribe("echo");
            ws.flush(WAIT);
            Message r = tcp.request("echo", "x".getBytes(StandardCharsets.UTF_8), WAIT);
            assertNotNull(r, "no reply over websocket");
            assertEquals("x", new String(r.getData(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void websocketAuthorizationBlockAppliesToWebsocketClientsOnly() throws Exception {
        try (NatsServer s = start(false, "authorization { user: web, password: s3cret }")) {
            try (Connection nc = Nats.connect(options(s).userInfo("web", "s3cret").build())) {
                Subscription sub = nc.subscribe("a");
                nc.publish("a", new byte[] {1});
                assertNotNull(sub.nextMessage(WAIT));
            }
            // jnats waits out its connection timeout after "Authorization Violation" (against nats-server too)
            Duration refusal = Duration.ofMillis(500);
            assertThrows(AuthenticationException.class,
                    () -> Nats.connect(options(s).userInfo("web", "wrong").connectionTimeout(refusal).build()));
            assertThrows(AuthenticationException.class,
                    () -> Nats.connect(options(s).connectionTimeout(refusal).build()));
            // the client port asks for nothing
            try (Connection tcp = Nats.connect(new Options.Builder().server(s.clientUrl()).connectionTimeout(WAIT)
                    .noReconnect().build())) {
                assertEquals(Connection.Status.CONNECTED, tcp.getStatus());
            }
        }
    }

    @Test
    void topLevelUsersWithTheWebsocketNoAuthUser() throws Exception {
        String conf = """
                listen: "127.0.0.1:-1"
                authorization { users: [ {user: alice, password: a}, {user: guest, password: g,
                  permissions: { publish: "public.>", subscribe: "public.>" }} ] }
                websocket { listen: "127.0.0.1:-1", no_tls: true, no_auth_user: guest }
                """;
        ServerOptions o = ConfigFile.parse(conf, java.nio.file.Path.of("ws.conf"), java.util.Map.of()).options();
        try (NatsServer s = new NatsServer(o.toBuilder().ioThreads(1).build(), Log.NONE).start();
             Connection guest = connect(s);
             Connection alice = Nats.connect(options(s).userInfo("alice", "a").build())) {
            Subscription sub = alice.subscribe(">");
            alice.flush(WAIT);
            guest.publish("public.news", new byte[] {7});
            assertEquals("public.news", sub.nextMessage(WAIT).getSubject());
            Connz connz = s.monitor().connz(ConnzOptions.builder().auth(true).build());
            assertEquals(List.of("alice", "guest"), connz.connections().stream().map(ConnInfo::authorizedUser)
                    .sorted().toList());
        }
    }

    @Test
    void theWebsocketTlsBlocksVerifyAndMapNamesTheUser() throws Exception {
        String conf = """
                listen: "127.0.0.1:-1"
                authorization { users: [ {user: "alice@example.com"}, {user: bob, password: b} ] }
                websocket {
                  listen: "127.0.0.1:-1"
                  tls { cert_file: "%s", key_file: "%s", ca_file: "%s", verify_and_map: true }
                }
                """.formatted(TestCerts.file("server-cert.pem"), TestCerts.file("server-key.pem"),
                TestCerts.file("ca.pem"));
        ServerOptions o = ConfigFile.parse(conf, java.nio.file.Path.of("ws.conf"), java.util.Map.of()).options();
        try (NatsServer s = new NatsServer(o.toBuilder().ioThreads(1).build(), Log.NONE).start();
             Connection nc = Nats.connect(new Options.Builder().server(s.websocketUrl()).connectionTimeout(WAIT)
                     .noReconnect().sslContext(TestCerts.client("client-cert.pem", "client-key.pem")).build())) {
            nc.flush(WAIT);
            Connz connz = s.monitor().connz(ConnzOptions.builder().auth(true).build());
            assertEquals(List.of("alice@example.com"), connz.connections().stream().map(ConnInfo::authorizedUser).toList());
        }
    }

    @Test
    void compressionConfiguredStillServesClientsThatDoNotAskForIt() throws Exception {
        try (NatsServer s = start(false, "compression: true");
             Connection nc = connect(s)) {
            byte[] text = new byte[10_000];
            Arrays.fill(text, (byte) 'a');
            Subscription sub = nc.subscribe("c");
            nc.publish("c", text);
            assertArrayEquals(text, sub.nextMessage(WAIT).getData());
        }
    }

    @Test
    void connzShowsWebsocketClientsAndVarzTheBlock() throws Exception {
        try (NatsServer s = start(false, "compression: true\nsame_origin: true\nhandshake_timeout: \"3s\"");
             Connection ws = connect(s);
             Connection tcp = Nats.connect(new Options.Builder().server(s.clientUrl()).connectionName("tcp")
                     .connectionTimeout(WAIT).noReconnect().build())) {
            ws.flush(WAIT);
            tcp.flush(WAIT);
            List<String> types = s.monitor().connz(ConnzOptions.DEFAULT).connections().stream()
                    .map(ConnInfo::type).sorted().toList();
            assertEquals(List.of("nats", "websocket"), types);

            var v = s.monitor().varz(new io.jnatsd.monitor.VarzOptions()).websocket();
            assertEquals("127.0.0.1", v.host());
            assertEquals(s.websocketPort(), v.port());
            assertTrue(v.noTls());
            assertTrue(v.compression());
            assertTrue(v.sameOrigin());
            assertEquals(Duration.ofSeconds(3).toNanos(), v.handshakeTimeoutNanos());
        }
        try (NatsServer s = new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).build()).start()) {
            assertEquals(WebsocketOptions.NONE.port(), s.monitor().varz(new io.jnatsd.monitor.VarzOptions()).websocket().port());
        }
    }
}
