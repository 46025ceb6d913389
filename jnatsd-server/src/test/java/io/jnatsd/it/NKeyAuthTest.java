package io.jnatsd.it;

import io.jnatsd.auth.NKeyUser;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import io.nats.client.AuthHandler;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nkey users as jnats meets them: it signs the INFO nonce with the user's seed. */
class NKeyAuthTest {
    private static final String VIOLATION = "Authorization Violation";

    /** May publish to and subscribe on "alice.>" only (and replies to her inbox). */
    private static NKey alice;
    /** No permissions of its own: everything. */
    private static NKey bob;
    /** Not configured. */
    private static NKey mallory;
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        alice = NKey.createUser(null);
        bob = NKey.createUser(null);
        mallory = NKey.createUser(null);
        Permissions alicePerms = new Permissions(
                new SubjectPermission(List.of("alice.>"), null),
                new SubjectPermission(List.of("alice.>", "_INBOX.>"), null));
        NKeyUser aliceUser = configured(alice, alicePerms);
        NKeyUser bobUser = configured(bob, null);
        server = RunningServer.start(b -> b
                .addNkey(aliceUser)
                .addNkey(bobUser)
                .addUser(new User("carol", "pw", null)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static NKeyUser configured(NKey k, Permissions p) throws Exception {
        return new NKeyUser(io.jnatsd.auth.NKey.parseUser(new String(k.getPublicKey())), p);
    }

    private static AuthHandler seedOf(NKey k) throws Exception {
        return Nats.staticCredentials(null, k.getSeed());
    }

    private static Connection connect(NKey k, ErrorEvents errors) throws Exception {
        return Clients.connect(Clients.options(server).authHandler(seedOf(k)).errorListener(errors));
    }

    @Test
    void nkeyUserConnectsAndMessagesWithinItsPermissions() throws Exception {
        try (Connection a = connect(alice, new ErrorEvents()); Connection b = connect(bob, new ErrorEvents())) {
            assertTrue(a.getServerInfo().isAuthRequired());
            assertTrue(a.getServerInfo().getNonce() != null, "INFO carries a nonce");
            Subscription s = a.subscribe("alice.inbox");
            Clients.flush(a);
            b.publish("alice.inbox", bytes("for alice"));
            assertEquals("for alice", text(next(s)));

            Subscription all = b.subscribe("alice.>");
            Clients.flush(b);
            a.publish("alice.out", bytes("from alice"));
            assertEquals("from alice", text(next(all)));
            // request/reply through her inbox works too
            io.nats.client.Dispatcher d = b.createDispatcher(m -> b.publish(m.getReplyTo(), bytes("pong")));
            d.subscribe("alice.service");
            Clients.flush(b);
            assertEquals("pong", text(a.request("alice.service", bytes("ping"), Await.TIMEOUT)));
        }
    }

    @Test
    void deniedPublishAndSubscribeGetThePermissionsViolation() throws Exception {
        ErrorEvents errors = new ErrorEvents();
        try (Connection a = connect(alice, errors); Connection b = connect(bob, new ErrorEvents())) {
            Subscription spy = b.subscribe("bob.>");
            Clients.flush(b);
            a.publish("bob.secret", bytes("not allowed"));
            assertEquals("Permissions Violation for Publish to \"bob.secret\"",
                    errors.awaitError("Permissions Violation for Publish"));
            a.subscribe("bob.>");
            assertEquals("Permissions Violation for Subscription to \"bob.>\"",
                    errors.awaitError("Permissions Violation for Subscription"));
            // the publish was dropped; the connection stays
            Clients.flush(a, b);
            assertEquals(List.of(), Clients.pending(spy));
            assertEquals(Connection.Status.CONNECTED, a.getStatus());
        }
    }

    @Test
    void anUnconfiguredSeedIsRefused() throws Exception {
        Clients.Refusal r = Clients.connectExpectingRefusal(Clients.options(server).authHandler(seedOf(mallory)));
        assertEquals(VIOLATION, r.awaitError(VIOLATION));
        assertInstanceOf(AuthenticationException.class, r.exception());
    }

    @Test
    void aConfiguredKeySignedWithAnotherSeedIsRefused() throws Exception {
        AuthHandler forged = new AuthHandler() {
            @Override
            public byte[] sign(byte[] nonce) {
                try {
                    return mallory.sign(nonce);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public char[] getID() {
                try {
                    return alice.getPublicKey();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public char[] getJWT() {
                return null;
            }
        };
        Clients.Refusal r = Clients.connectExpectingRefusal(Clients.options(server).authHandler(forged));
        assertEquals(VIOLATION, r.awaitError(VIOLATION));
    }

    @Test
    void passwordUsersConnectBesideNkeyUsers() throws Exception {
        try (Connection c = Clients.connect(Clients.options(server).userInfo("carol", "pw"))) {
            Subscription s = c.subscribe("x");
            Clients.flush(c);
            c.publish("x", bytes("hi"));
            assertEquals("hi", text(next(s)));
        }
    }
}
