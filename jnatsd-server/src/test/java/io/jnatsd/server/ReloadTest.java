package io.jnatsd.server;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.auth.User;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config reload through {@link NatsServer#reload}, checked on the wire. */
class ReloadTest {

    private static final User ALICE = new User("alice", "a", null);
    private static final User BOB_FOO_AND_BAR = new User("bob", "b", new Permissions(null,
            new SubjectPermission(List.of("foo.>", "bar"), null)));
    private static final User BOB_FOO_ONLY = new User("bob", "b", new Permissions(null,
            new SubjectPermission(List.of("foo.>"), null)));

    private final RecordingLog log = new RecordingLog();
    private NatsServer server;

    private NatsServer start(ServerOptions.Builder b) throws IOException {
        server = new NatsServer(b.host("127.0.0.1").port(0).ioThreads(1).build(), log).start();
        return server;
    }

    private static ServerOptions.Builder users(User... users) {
        return ServerOptions.builder().users(List.of(users));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void narrowedPermissionsRemoveSubscriptionsAndKeepEveryoneConnected() throws Exception {
        start(users(ALICE, BOB_FOO_AND_BAR));
        try (Wire alice = Wire.connected(server, "alice", "a");
             Wire bob = Wire.connected(server, "bob", "b")) {
            bob.send("SUB foo.x 1\r\nSUB bar 2\r\n");
            bob.ping();

            server.reload(server.options().toBuilder().users(List.of(ALICE, BOB_FOO_ONLY)).build());

            assertEquals("-ERR 'Permissions Violation for Subscription to \"bar\" (sid \"2\")'", bob.readLine());
            log.await("[INF] Removed sub \"bar\" (sid \"2\") for User \"bob\" - not authorized");
            assertTrue(log.has("[INF] Reloaded: authorization users"), log.lines::toString);
            assertTrue(log.has("[INF] Reloaded server configuration"), log.lines::toString);
            alice.send("PUB bar 2\r\nhi\r\nPUB foo.x 3\r\nyes\r\n");
            alice.ping();
            assertEquals("MSG foo.x 1 3", bob.readLine(), "bar is no longer delivered, foo.x still is");
            assertEquals("yes", bob.readLine());
            bob.send("SUB bar 3\r\n");
            assertEquals("-ERR 'Permissions Violation for Subscription to \"bar\"'", bob.readLine());
            bob.ping();
            assertEquals(2, server.connectionCount());
        }
    }

    @Test
    void removedUserAndChangedPasswordAreDisconnectedOthersStay() throws Exception {
        User carol = new User("carol", "c", null);
        start(users(ALICE, BOB_FOO_AND_BAR, carol));
        try (Wire alice = Wire.connected(server, "alice", "a");
             Wire bob = Wire.connected(server, "bob", "b");
             Wire carolWire = Wire.connected(server, "carol", "c")) {

            server.reload(server.options().toBuilder()
                    .users(List.of(BOB_FOO_AND_BAR, new User("carol", "changed", null))).build());

            assertEquals("-ERR 'Authorization Violation'", alice.readLine());
            alice.expectEof();
            assertEquals("-ERR 'Authorization Violation'", carolWire.readLine());
            carolWire.expectEof();
            bob.ping();
            assertEquals(1, server.connectionCount());
        }
        // new connections see the new users
        try (Wire carol2 = Wire.connected(server, "carol", "changed")) {
            carol2.ping();
        }
    }

    @Test
    void refusedChangeKeepsTheOldConfigurationEntirely() throws Exception {
        start(users(ALICE).maxPayload(1000));
        ServerOptions before = server.options();
        try (Wire alice = Wire.connected(server, "alice", "a")) {
            ServerOptions changed = before.toBuilder().users(List.of()).maxPayload(10)
                    .host("127.0.0.2").build();
            ReloadException e = assertThrows(ReloadException.class, () -> server.reload(changed));
            assertEquals("config reload not supported for Host: old=127.0.0.1, new=127.0.0.2", e.getMessage());

            ReloadException pending = assertThrows(ReloadException.class,
                    () -> server.reload(before.toBuilder().maxPending(1 << 20).build()));
            assertEquals("config reload not supported for MaxPending: old=67108864, new=1048576", pending.getMessage());
            ReloadException ldm = assertThrows(ReloadException.class,
                    () -> server.reload(before.toBuilder().lameDuckDuration(Duration.ofSeconds(40)).build()));
            assertEquals("config reload not supported for LameDuckDuration: old=2m0s, new=40s", ldm.getMessage());

            assertSame(before, server.options());
            alice.send("PUB foo 20\r\n01234567890123456789\r\n");
            alice.ping(); // max_payload still 1000, alice still authorized
            assertTrue(log.lines.stream().noneMatch(l -> l.contains("Reloaded")), log.lines::toString);
        }
    }

    @Test
    void maxPayloadChangeAppliesToConnectedClients() throws Exception {
        start(ServerOptions.builder());
        try (Wire c = Wire.connected(server, null, null)) {
            c.send("PUB foo 20\r\n01234567890123456789\r\n");
            c.ping();

            server.reload(server.options().toBuilder().maxPayload(10).build());

            assertTrue(log.has("[INF] Reloaded: max_payload = 10"), log.lines::toString);
            c.send("PUB foo 20\r\n01234567890123456789\r\n");
            assertEquals("-ERR 'Maximum Payload Violation'", c.readLine());
            c.expectEof();
        }
        try (Wire fresh = Wire.open(server)) {
            assertTrue(fresh.readInfo().contains("\"max_payload\":10"), "INFO of new clients");
        }
    }

    @Test
    void loweredMaxConnectionsClosesTheExcess() throws Exception {
        start(ServerOptions.builder());
        try (Wire a = Wire.connected(server, null, null);
             Wire b = Wire.connected(server, null, null)) {
            server.reload(server.options().toBuilder().maxConnections(1).build());
            assertTrue(log.has("[INF] Closed 1 connections to fall within max_connections"), log.lines::toString);
            assertEquals(1, countClosed(a, b));
            assertEquals(1, server.connectionCount());
        }
    }

    /** Which of the two was closed is random, as in nats-server: exactly one gets the error. */
    private static int countClosed(Wire... wires) throws IOException {
        int closed = 0;
        for (Wire w : wires) {
            w.send("PING\r\n");
            String line = w.readLine();
            if (line.equals("-ERR 'maximum connections exceeded'")) {
                w.expectEof();
                closed++;
            } else {
                assertEquals("PONG", line);
            }
        }
        assertEquals(1, closed);
        return closed;
    }

    @Test
    void loggingChangeSwapsTheLoggerBuiltFromTheNewOptions() throws Exception {
        RecordingLog second = new RecordingLog();
        server = new NatsServer(ServerOptions.builder().host("127.0.0.1").port(0).ioThreads(1).build(), log,
                o -> o.debug() ? second : Log.NONE).start();
        server.reload(server.options().toBuilder().debug(true).build());
        assertTrue(second.has("[INF] Reloaded: debug = true"), second.lines::toString);
        assertTrue(second.has("[INF] Reloaded server configuration"), second.lines::toString);
        try (Wire c = Wire.connected(server, null, null)) {
            c.ping();
        }
        server.close();
        assertTrue(second.has("[INF] Server Exiting.."), "later lines go to the new logger");
    }

    @Test
    void randomPortInNewOptionsKeepsTheBoundPort() throws Exception {
        start(ServerOptions.builder());
        int port = server.port();
        server.reload(server.options().toBuilder().port(-1).pingMax(5).build());
        assertEquals(port, server.port());
        assertEquals(5, server.options().pingMax());
    }
}
