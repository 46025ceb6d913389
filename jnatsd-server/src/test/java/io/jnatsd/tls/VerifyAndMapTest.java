package io.jnatsd.tls;

import io.jnatsd.auth.Authenticator;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.monitor.ClosedConnections;
import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code verify_and_map} as nats-server 2.9: the client certificate (client-cert.pem: subject
 * "CN=alice,O=jnatsd", email SAN alice@example.com) names the user, no user/password needed.
 */
class VerifyAndMapTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Permissions ONLY_ALLOWED = new Permissions(
            new SubjectPermission(List.of("allowed.>", "_INBOX.>"), null),
            new SubjectPermission(List.of("allowed.>", "_INBOX.>"), null));

    private static TlsOptions mapping() {
        return new TlsOptions(TestCerts.file("server-cert.pem"), TestCerts.file("server-key.pem"),
                TestCerts.file("ca.pem"), true, true, null, null, null, null);
    }

    private static ServerOptions options(List<User> users) {
        return ServerOptions.builder().host("127.0.0.1").port(0).ioThreads(1).tls(mapping()).users(users).build();
    }

    private static NatsServer start(List<User> users) throws IOException {
        return new NatsServer(options(users), Log.NONE).start();
    }

    private static Options.Builder client(NatsServer s, List<String> errors) throws Exception {
        return new Options.Builder().server("tls://127.0.0.1:" + s.port()).connectionTimeout(WAIT).noReconnect()
                .sslContext(TestCerts.client("client-cert.pem", "client-key.pem"))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                });
    }

    private static X509Certificate clientCert() throws Exception {
        return PemFiles.certificates(TestCerts.file("client-cert.pem")).get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "O=jnatsd,CN=alice", "CN=alice,O=jnatsd", "cn=alice, o=jnatsd"})
    void aClientCertificateMapsToTheUserItNames(String name) throws Exception {
        Authenticator auth = new Authenticator(options(List.of(new User("other", "x", null),
                new User(name, null, ONLY_ALLOWED))));
        Authenticator.Identity id = auth.authenticate(null, null, null, clientCert());
        assertNotNull(id);
        assertEquals(name, id.user());
        assertEquals(ONLY_ALLOWED, id.permissions());
    }

    @Test
    void theEmailSanComesBeforeTheSubject() throws Exception {
        Authenticator auth = new Authenticator(options(List.of(new User("O=jnatsd,CN=alice", null, null),
                new User("alice@example.com", null, ONLY_ALLOWED))));
        assertEquals("alice@example.com", auth.authenticate(null, null, null, clientCert()).user());
    }

    @Test
    void anUnmappedCertificateOrNoneIsRefusedWhateverTheConnectSays() throws Exception {
        Authenticator auth = new Authenticator(options(List.of(new User("bob", "pw", null),
                new User("CN=alice", null, null), new User("O=other,CN=alice", null, null))));
        assertNull(auth.authenticate("bob", "pw", null, clientCert()));
        assertNull(auth.authenticate("bob", "pw", null, null));
    }

    @Test
    void withoutVerifyAndMapTheCertificateIsIgnored() throws Exception {
        ServerOptions plain = ServerOptions.builder().users(List.of(new User("bob", "pw", null),
                new User("alice@example.com", null, null))).build();
        Authenticator auth = new Authenticator(plain);
        assertNull(auth.authenticate(null, null, null, clientCert()));
        assertEquals("bob", auth.authenticate("bob", "pw", null, clientCert()).user());
    }

    @Test
    void jnatsWithTheClientCertificateConnectsWithoutCredentialsAndGetsTheUsersPermissions() throws Exception {
        try (NatsServer s = start(List.of(new User("bob", "pw", null), new User("O=jnatsd,CN=alice", null, ONLY_ALLOWED)))) {
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection nc = Nats.connect(client(s, errors).build())) {
                Subscription sub = nc.subscribe("allowed.x");
                nc.flush(WAIT);
                nc.publish("allowed.x", "hi".getBytes(StandardCharsets.UTF_8));
                Message m = sub.nextMessage(WAIT);
                assertNotNull(m);
                assertEquals("hi", new String(m.getData(), StandardCharsets.UTF_8));

                nc.publish("denied.x", new byte[0]);
                nc.flush(WAIT);
                awaitError(errors, "Permissions Violation for Publish to \"denied.x\"");
                assertEquals(Connection.Status.CONNECTED, nc.getStatus());
            }
        }
    }

    @Test
    void jnatsWithAnUnmappedCertificateGetsAnAuthorizationViolation() throws Exception {
        try (NatsServer s = start(List.of(new User("bob", "pw", null)))) {
            List<String> errors = new CopyOnWriteArrayList<>();
            Options o = client(s, errors).userInfo("bob", "pw").build();
            assertThrows(Exception.class, () -> Nats.connect(o));
            awaitError(errors, "Authorization Violation");
            awaitClosedReason(s, "Authentication Failure");
        }
    }

    private static void awaitError(List<String> errors, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (errors.stream().noneMatch(e -> e.contains(text))) {
            if (System.nanoTime() - deadline > 0) {
                fail("no error " + text + ": " + errors);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static void awaitClosedReason(NatsServer s, String reason) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (ClosedConnections.Entry e : s.monitor().closedConnections().snapshot()) {
                if (reason.equals(e.info().reason())) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no connection closed with reason " + reason + ": "
                        + s.monitor().closedConnections().snapshot());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
