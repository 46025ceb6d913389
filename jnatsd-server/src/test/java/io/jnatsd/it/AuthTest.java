package io.jnatsd.it;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jnatsd.it.Clients.bytes;
import static io.jnatsd.it.Clients.next;
import static io.jnatsd.it.Clients.text;
import static io.jnatsd.it.RawClient.assertConnectAccepted;
import static io.jnatsd.it.RawClient.assertConnectRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication as jnats clients and raw sockets meet it. A refused jnats connect costs its
 * (short) connect timeout, because jnats waits for it even after the -ERR; so each mode has one
 * jnats refusal and the other wrong credentials are checked on the wire.
 */
class AuthTest {
    private static final String VIOLATION = "Authorization Violation";

    @Test
    void rightUserAndPasswordConnectAndCanMessage() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.username("alice").password("s3cret"))) {
            try (Connection c = Clients.connect(Clients.options(server).userInfo("alice", "s3cret"))) {
                assertTrue(c.getServerInfo().isAuthRequired());
                assertPubSubWorks(c);
            }
        }
    }

    @Test
    void wrongPasswordFailsTheJnatsConnectWithAuthorizationViolation() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.username("alice").password("s3cret"))) {
            Clients.Refusal r = Clients.connectExpectingRefusal(Clients.options(server).userInfo("alice", "wrong"));
            assertEquals(VIOLATION, r.awaitError(VIOLATION));
            assertInstanceOf(AuthenticationException.class, r.exception());
            assertTrue(r.exception().getMessage().contains(VIOLATION), r.exception().getMessage());
            Await.until("the refused connection is gone", () -> server.server().connectionCount() == 0);
        }
    }

    @Test
    void wrongUserWrongPasswordOrNoCredentialsAreRefusedOnTheWire() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.username("alice").password("s3cret"))) {
            assertConnectRefused(server, "{\"user\":\"alice\",\"pass\":\"wrong\"}", VIOLATION);
            assertConnectRefused(server, "{\"user\":\"mallory\",\"pass\":\"s3cret\"}", VIOLATION);
            assertConnectRefused(server, "{\"user\":\"alice\"}", VIOLATION);
            assertConnectRefused(server, "{}", VIOLATION);
            assertConnectRefused(server, "{\"auth_token\":\"s3cret\"}", VIOLATION);
            assertConnectAccepted(server, "{\"user\":\"alice\",\"pass\":\"s3cret\"}");
        }
    }

    @Test
    void rightTokenConnects() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.authToken("t0ken"))) {
            try (Connection c = Clients.connect(Clients.options(server).token("t0ken".toCharArray()))) {
                assertPubSubWorks(c);
            }
        }
    }

    @Test
    void wrongTokenFailsTheJnatsConnectWithAuthorizationViolation() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.authToken("t0ken"))) {
            Clients.Refusal r = Clients.connectExpectingRefusal(Clients.options(server).token("nope".toCharArray()));
            r.awaitError(VIOLATION);
            assertInstanceOf(AuthenticationException.class, r.exception());
        }
    }

    @Test
    void missingTokenOrUserPasswordInsteadOfTokenAreRefusedOnTheWire() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.authToken("t0ken"))) {
            assertConnectRefused(server, "{}", VIOLATION);
            assertConnectRefused(server, "{\"auth_token\":\"t0ke\"}", VIOLATION);
            assertConnectRefused(server, "{\"user\":\"t0ken\",\"pass\":\"t0ken\"}", VIOLATION);
            assertConnectAccepted(server, "{\"auth_token\":\"t0ken\"}");
        }
    }

    @Test
    void eachConfiguredUserConnectsWithOwnPasswordOnly() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b
                .addUser(new User("ann", "pw-ann", null))
                .addUser(new User("bob", "pw-bob", null)))) {
            try (Connection ann = Clients.connect(Clients.options(server).userInfo("ann", "pw-ann"));
                 Connection bob = Clients.connect(Clients.options(server).userInfo("bob", "pw-bob"))) {
                // the two users share the global account: they see each other's messages
                Subscription s = bob.subscribe("shared");
                Clients.flush(bob);
                ann.publish("shared", bytes("from ann"));
                assertEquals("from ann", text(next(s)));
            }
            Clients.connectExpectingRefusal(Clients.options(server).userInfo("ann", "pw-bob")).awaitError(VIOLATION);
            assertConnectRefused(server, "{\"user\":\"bob\",\"pass\":\"pw-ann\"}", VIOLATION);
            assertConnectRefused(server, "{\"user\":\"carl\",\"pass\":\"pw-ann\"}", VIOLATION);
            assertConnectRefused(server, "{}", VIOLATION);
        }
    }

    @ParameterizedTest
    @EnumSource(BcryptVersion.class)
    void bcryptHashedPasswordAcceptsTheClearTextPasswordOnly(BcryptVersion version) throws Exception {
        String hash = new String(BCrypt.with(version.version).hash(4, bytes("open sesame")), StandardCharsets.UTF_8);
        assertTrue(hash.startsWith("$" + version.prefix + "$04$"), hash);
        try (RunningServer server = RunningServer.start(b -> b.addUser(new User("dora", hash, null)))) {
            try (Connection c = Clients.connect(Clients.options(server).userInfo("dora", "open sesame"))) {
                assertPubSubWorks(c);
            }
            assertConnectRefused(server, "{\"user\":\"dora\",\"pass\":\"open sesam\"}", VIOLATION);
            // the hash itself is not a password
            assertConnectRefused(server, "{\"user\":\"dora\",\"pass\":\"" + hash + "\"}", VIOLATION);
        }
    }

    @Test
    void bcryptHashedPasswordWrongPasswordFailsTheJnatsConnect() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "open sesame".toCharArray());
        try (RunningServer server = RunningServer.start(b -> b.addUser(new User("dora", hash, null)))) {
            Clients.Refusal r = Clients.connectExpectingRefusal(Clients.options(server).userInfo("dora", "Open sesame"));
            r.awaitError(VIOLATION);
            assertInstanceOf(AuthenticationException.class, r.exception());
        }
    }

    @Test
    void bcryptHashedSingleUserPasswordAndTokenWork() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "pw".toCharArray());
        try (RunningServer server = RunningServer.start(b -> b.username("u").password(hash))) {
            Clients.connect(Clients.options(server).userInfo("u", "pw")).close();
            assertConnectRefused(server, "{\"user\":\"u\",\"pass\":\"px\"}", VIOLATION);
        }
        String tokenHash = BCrypt.withDefaults().hashToString(4, "tok".toCharArray());
        try (RunningServer server = RunningServer.start(b -> b.authToken(tokenHash))) {
            Clients.connect(Clients.options(server).token("tok".toCharArray())).close();
            assertConnectRefused(server, "{\"auth_token\":\"tak\"}", VIOLATION);
        }
    }

    @Test
    void clientWithoutCredentialsBecomesTheNoAuthUserWithItsPermissions() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b
                .addUser(new User("admin", "pw", null))
                .addUser(new User("guest", "gpw", new Permissions(
                        new SubjectPermission(List.of("public.>"), null), null)))
                .noAuthUser("guest"))) {
            ErrorEvents errors = new ErrorEvents();
            try (Connection admin = Clients.connect(Clients.options(server).userInfo("admin", "pw"));
                 Connection guest = Clients.connect(Clients.options(server).errorListener(errors))) {
                Subscription all = admin.subscribe(">");
                Clients.flush(admin);
                guest.publish("secret", bytes("no"));
                guest.publish("public.news", bytes("yes"));
                assertEquals("public.news", next(all).getSubject());
                assertEquals("Permissions Violation for Publish to \"secret\"", errors.awaitError("secret"));
            }
            // credentials, when given, must still be right; a token is never the no-auth user
            assertConnectRefused(server, "{\"user\":\"admin\",\"pass\":\"nope\"}", VIOLATION);
            assertConnectRefused(server, "{\"auth_token\":\"zzz\"}", VIOLATION);
        }
    }

    /** nats-server 2.9 leaves auth_required out of INFO when a no_auth_user lets anyone in. */
    @Test
    void infoDoesNotAskForAuthWhenThereIsANoAuthUser() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b
                .addUser(new User("guest", "gpw", null))
                .noAuthUser("guest"));
             RawClient raw = RawClient.connect(server)) {
            String info = raw.readInfo();
            assertFalse(info.contains("auth_required"), info);
        }
    }

    enum BcryptVersion {
        V2A(BCrypt.Version.VERSION_2A, "2a"),
        V2B(BCrypt.Version.VERSION_2B, "2b"),
        V2Y(BCrypt.Version.VERSION_2Y, "2y");

        final BCrypt.Version version;
        final String prefix;

        BcryptVersion(BCrypt.Version version, String prefix) {
            this.version = version;
            this.prefix = prefix;
        }
    }

    @Test
    void protocolBeforeConnectOnAuthServerIsAnAuthorizationViolation() throws Exception {
        try (RunningServer server = RunningServer.start(b -> b.authToken("t"));
             RawClient raw = RawClient.connect(server)) {
            raw.readInfo();
            raw.send("SUB foo 1\r\n");
            assertEquals("-ERR '" + VIOLATION + "'", raw.readLine());
            raw.expectEof();
        }
    }

    private static void assertPubSubWorks(Connection c) throws Exception {
        Subscription s = c.subscribe("auth.check");
        c.publish("auth.check", bytes("ok"));
        assertEquals("ok", text(next(s)));
    }
}
