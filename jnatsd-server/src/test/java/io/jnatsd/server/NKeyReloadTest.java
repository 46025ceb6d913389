package io.jnatsd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnatsd.auth.NKeyUser;
import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import io.jnatsd.config.ServerOptions;
import io.nats.client.NKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.jnatsd.server.NKeyAuthWireTest.configured;
import static io.jnatsd.server.NKeyAuthWireTest.publicKey;
import static io.jnatsd.server.NKeyAuthWireTest.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config reload of nkey users: connected nkey clients are checked again, as password users are. */
class NKeyReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Permissions FOO_AND_BAR = new Permissions(null,
            new SubjectPermission(List.of("foo.>", "bar"), null));
    private static final Permissions FOO_ONLY = new Permissions(null,
            new SubjectPermission(List.of("foo.>"), null));
    private static final User CAROL = new User("carol", "c", null);

    private final RecordingLog log = new RecordingLog();
    private final NKey alice = newUser();
    private final NKey bob = newUser();
    private NatsServer server;

    private static NKey newUser() {
        try {
            return NKey.createUser(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void start(ServerOptions.Builder b) throws IOException {
        server = new NatsServer(b.host("127.0.0.1").port(0).ioThreads(1).build(), log).start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Connects as {@code key}, signing the nonce of this connection's INFO; checks the PONG. */
    private Wire connectAs(NKey key) throws IOException {
        Wire w = Wire.open(server);
        String nonce = JSON.readTree(w.readInfo()).get("nonce").asText();
        w.send("CONNECT {\"verbose\":false,\"protocol\":1,\"nkey\":\"" + publicKey(key) + "\",\"sig\":\""
                + sign(key, nonce) + "\"}\r\nPING\r\n");
        assertEquals("PONG", w.readLine());
        return w;
    }

    private void reload(List<NKeyUser> nkeys, List<User> users) throws ReloadException {
        server.reload(server.options().toBuilder().nkeys(nkeys).users(users).build());
    }

    @Test
    void narrowedPermissionsRemoveTheNkeyUsersSubscriptions() throws Exception {
        start(ServerOptions.builder().nkeys(List.of(configured(alice, null), configured(bob, FOO_AND_BAR))));
        try (Wire a = connectAs(alice); Wire b = connectAs(bob)) {
            b.send("SUB foo.x 1\r\nSUB bar 2\r\n");
            b.ping();

            reload(List.of(configured(alice, null), configured(bob, FOO_ONLY)), List.of());

            assertEquals("-ERR 'Permissions Violation for Subscription to \"bar\" (sid \"2\")'", b.readLine());
            log.await("[INF] Removed sub \"bar\" (sid \"2\") for Nkey \"" + publicKey(bob) + "\" - not authorized");
            assertTrue(log.has("[INF] Reloaded: authorization nkey users"), log.lines::toString);
            assertFalse(log.has("[INF] Reloaded: authorization users"), "the password users did not change");
            a.send("PUB bar 2\r\nno\r\nPUB foo.x 3\r\nyes\r\n");
            a.ping();
            assertEquals("MSG foo.x 1 3", b.readLine(), "bar is no longer delivered, foo.x still is");
            assertEquals("yes", b.readLine());
            assertEquals(2, server.connectionCount());
        }
    }

    @Test
    void aRemovedNkeyIsDisconnectedOthersStay() throws Exception {
        start(ServerOptions.builder().nkeys(List.of(configured(alice, null), configured(bob, null)))
                .users(List.of(CAROL)));
        try (Wire a = connectAs(alice); Wire b = connectAs(bob); Wire c = Wire.connected(server, "carol", "c")) {
            reload(List.of(configured(bob, null)), List.of(CAROL));

            assertEquals("-ERR 'Authorization Violation'", a.readLine());
            a.expectEof();
            String line = " - authentication error - Nkey \"" + publicKey(alice) + "\"";
            log.awaitMatching(line, l -> l.startsWith("[ERR] ") && l.endsWith(line));
            b.ping();
            c.ping();
            assertEquals(2, server.connectionCount());
        }
    }

    @Test
    void nkeysAddedByAReloadGetNoncesAndConnect() throws Exception {
        start(ServerOptions.builder().users(List.of(CAROL)));
        try (Wire c = Wire.connected(server, "carol", "c")) {
            try (Wire before = Wire.open(server)) {
                assertFalse(JSON.readTree(before.readInfo()).has("nonce"));
            }
            reload(List.of(configured(alice, FOO_ONLY)), List.of(CAROL));
            log.await("[INF] Reloaded: authorization nkey users");
            try (Wire a = connectAs(alice)) {
                a.send("SUB bar 1\r\n");
                assertEquals("-ERR 'Permissions Violation for Subscription to \"bar\"'", a.readLine());
            }
            c.ping(); // the password user stays
        }
    }

    @Test
    void removingEveryNkeyUserStopsTheNonce() throws Exception {
        start(ServerOptions.builder().nkeys(List.of(configured(alice, null))).users(List.of(CAROL)));
        reload(List.of(), List.of(CAROL));
        try (Wire w = Wire.open(server)) {
            assertFalse(JSON.readTree(w.readInfo()).has("nonce"));
        }
    }
}
