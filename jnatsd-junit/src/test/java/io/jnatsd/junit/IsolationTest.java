package io.jnatsd.junit;

import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Servers in one JVM share nothing: not ports, not identities, not subscriptions, not counters. */
@JnatsdServer(name = "a")
@JnatsdServer(name = "b")
class IsolationTest {

    @InjectServer("a")
    NatsServer a;
    @InjectServer("b")
    NatsServer b;

    @Test
    void eachServerHasItsOwnPortAndIdentity() {
        assertNotEquals(a.port(), b.port());
        assertNotEquals(a.serverId(), b.serverId());
        assertEquals("a", a.serverName());
        assertEquals("b", b.serverName());
    }

    @Test
    void messagesStayOnTheServerTheyWerePublishedTo() throws Exception {
        try (Connection onA = Clients.connect(a.clientUrl()); Connection onB = Clients.connect(b.clientUrl())) {
            Subscription subA = onA.subscribe("shared");
            Subscription subB = onB.subscribe("shared");
            onA.flush(Clients.TIMEOUT);
            onB.flush(Clients.TIMEOUT);

            onA.publish("shared", Clients.bytes("for a"));
            onB.publish("shared", Clients.bytes("for b"));

            assertEquals("for a", Clients.text(Clients.next(subA)));
            // b delivers in order: anything from a would have had to come before b's own message
            assertEquals("for b", Clients.text(Clients.next(subB)));
            onA.flush(Clients.TIMEOUT);
            onB.flush(Clients.TIMEOUT);
            assertEquals(0, subA.getPendingMessageCount());
            assertEquals(0, subB.getPendingMessageCount());
        }
    }

    @Test
    void connectionsAreCountedByTheServerTheyReached() throws Exception {
        long aBefore = a.totalConnections();
        long bBefore = b.totalConnections();
        try (Connection c1 = Clients.connect(a.clientUrl()); Connection c2 = Clients.connect(a.clientUrl());
             Connection c3 = Clients.connect(b.clientUrl())) {
            // connect returns after the server answered the client's PING, so it has registered it
            assertEquals(aBefore + 2, a.totalConnections());
            assertEquals(bBefore + 1, b.totalConnections());
        }
    }

    @Test
    @JnatsdServer(name = "c")
    @JnatsdServer(name = "d")
    void closingOneServerLeavesTheOtherServing(@InjectServer("c") NatsServer c, @InjectServer("d") NatsServer d)
            throws Exception {
        c.close();

        assertFalse(c.isRunning());
        assertTrue(d.isRunning());
        try (Connection nc = Clients.connect(d.clientUrl())) {
            Subscription sub = nc.subscribe("still.here");
            nc.publish("still.here", Clients.bytes("yes"));
            assertEquals("yes", Clients.text(Clients.next(sub)));
        }
    }

    @Test
    void classesRunningAtTheSameTimeHaveTheirOwnServers() {
        Concurrent.servers.clear();

        EngineExecutionResults r = TestKit.runInParallel(Concurrent.One.class, Concurrent.Two.class,
                Concurrent.Three.class, Concurrent.Four.class);

        r.testEvents().assertStatistics(s -> s.started(8).succeeded(8));
        Set<String> ids = new HashSet<>();
        Concurrent.servers.forEach(s -> ids.add(s.serverId()));
        assertEquals(4, ids.size(), "one server per class");
        Concurrent.servers.forEach(s -> assertFalse(s.isRunning()));
    }

    /**
     * Four classes, run concurrently, each publishing on the same subjects to its own server; each
     * must receive its own messages only.
     */
    static class Concurrent {
        static final Set<NatsServer> servers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private static final int MESSAGES = 200;

        /** {@code subject} is the same in every class; tests of one class, sharing a server, differ. */
        static void exchange(NatsServer server, String subject, String tag) throws Exception {
            servers.add(server);
            try (Connection nc = Clients.connect(server.clientUrl())) {
                Subscription sub = nc.subscribe(subject);
                nc.flush(Clients.TIMEOUT);
                for (int i = 0; i < MESSAGES; i++) {
                    nc.publish(subject, Clients.bytes(tag + " " + i));
                }
                for (int i = 0; i < MESSAGES; i++) {
                    Message m = Clients.next(sub);
                    assertEquals(tag + " " + i, Clients.text(m));
                }
            }
        }

        @Fixture
        @JnatsdServer
        static class One {
            @Test
            void first(NatsServer s) throws Exception {
                exchange(s, "everyone.first", "one-first");
            }

            @Test
            void second(NatsServer s) throws Exception {
                exchange(s, "everyone.second", "one-second");
            }
        }

        @Fixture
        @JnatsdServer
        static class Two {
            @Test
            void first(NatsServer s) throws Exception {
                exchange(s, "everyone.first", "two-first");
            }

            @Test
            void second(NatsServer s) throws Exception {
                exchange(s, "everyone.second", "two-second");
            }
        }

        @Fixture
        @JnatsdServer
        static class Three {
            @Test
            void first(NatsServer s) throws Exception {
                exchange(s, "everyone.first", "three-first");
            }

            @Test
            void second(NatsServer s) throws Exception {
                exchange(s, "everyone.second", "three-second");
            }
        }

        @Fixture
        @JnatsdServer
        static class Four {
            @Test
            void first(NatsServer s) throws Exception {
                exchange(s, "everyone.first", "four-first");
            }

            @Test
            void second(NatsServer s) throws Exception {
                exchange(s, "everyone.second", "four-second");
            }
        }
    }
}
