package io.jnatsd.junit;

import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way to get at the server: fields, static fields, parameters, constructors, nesting. */
@JnatsdServer(name = "outer")
class InjectionTest {

    @ServerUrl
    static String staticUrl;
    static String urlSeenBeforeAll;

    @ServerUrl
    String url;
    @ServerPort
    int port;
    @ServerPort
    Integer boxedPort;
    @InjectServer
    NatsServer server;

    private final String constructorUrl;
    private String urlSeenBeforeEach;

    InjectionTest(@ServerUrl String url) {
        this.constructorUrl = url;
    }

    @BeforeAll
    static void beforeAll(@ServerUrl String url) {
        urlSeenBeforeAll = staticUrl;
        assertEquals(url, staticUrl, "static fields are set before @BeforeAll");
    }

    @BeforeEach
    void beforeEach() {
        urlSeenBeforeEach = url;
    }

    @Test
    void fieldsDescribeTheRunningServer() {
        assertTrue(server.isRunning());
        assertEquals(server.clientUrl(), url);
        assertEquals("nats://127.0.0.1:" + port, url);
        assertEquals(server.port(), port);
        assertEquals(port, boxedPort);
        assertEquals("outer", server.serverName());
    }

    @Test
    void fieldsAreSetBeforeBeforeEachAndStaticOnesBeforeBeforeAll() {
        assertEquals(url, urlSeenBeforeEach);
        assertEquals(url, urlSeenBeforeAll);
        assertEquals(url, staticUrl);
        assertEquals(url, constructorUrl);
    }

    @Test
    void parametersMatchTheFields(@ServerUrl String u, @ServerPort int p, @ServerPort Integer boxed, NatsServer s,
                                  @InjectServer("outer") NatsServer byName) {
        assertEquals(url, u);
        assertEquals(port, p);
        assertEquals(port, boxed);
        assertSame(server, s);
        assertSame(server, byName);
    }

    @Test
    void injectedUrlAcceptsAClient() throws Exception {
        try (Connection c = Clients.connect(url)) {
            c.flush(Clients.TIMEOUT);
            assertEquals(server.serverId(), c.getServerInfo().getServerId());
        }
    }

    @Test
    @JnatsdServer(name = "method")
    void aMethodServerStandsInForTheClassServer(@InjectServer NatsServer closest, @ServerUrl("outer") String outerUrl) {
        assertEquals("method", closest.serverName());
        assertSame(closest, server, "unnamed fields get the server closest to the test too");
        assertEquals(closest.clientUrl(), url);
        assertNotEquals(outerUrl, url);
    }

    @Nested
    class WithoutItsOwnServer {
        @ServerUrl
        String nestedUrl;

        @Test
        void seesTheEnclosingServer(NatsServer s) {
            assertSame(server, s);
            assertEquals(url, nestedUrl);
        }
    }

    @Nested
    @JnatsdServer(name = "nested")
    class WithItsOwnServer {
        @InjectServer
        NatsServer nested;
        @InjectServer("outer")
        NatsServer outer;

        @Test
        void seesItsOwnServerFirstAndTheOuterOneByName() {
            assertEquals("nested", nested.serverName());
            assertEquals("outer", outer.serverName());
            assertTrue(outer.isRunning());
        }

        @Test
        void enclosingInstanceFieldsGetTheServerClosestToTheTest() {
            assertSame(nested, server);
            assertEquals(nested.clientUrl(), url);
        }
    }

    // ------------------------------------------------------------------ mistakes

    @Test
    void mistakesAreReportedWithWhatToChange() {
        EngineExecutionResults r = TestKit.run(WrongType.class, UnknownName.class, Ambiguous.class, TwoAnnotations.class,
                FinalField.class, DuplicateNames.class, PasswordWithoutUser.class);

        r.testEvents().assertStatistics(s -> s.succeeded(0));
        List<String> failures = TestKit.failures(r);
        assertContains(failures, "@ServerUrl goes on a String, not int");
        assertContains(failures, "no jnatsd server or cluster named \"nope\"");
        assertContains(failures, "several jnatsd servers are declared as close to the test");
        assertContains(failures, "use one of @ServerUrl, @ServerPort and @InjectServer, not several");
        assertContains(failures, "FinalField.url is final");
        assertContains(failures, "declares more than one jnatsd server or cluster named \"twin\"");
        assertContains(failures, "user and password go together; only password is set");
    }

    private static void assertContains(List<String> failures, String text) {
        assertTrue(failures.stream().anyMatch(f -> f.contains(text)), () -> "no failure says \"" + text + "\" in "
                + failures);
    }

    @Fixture
    @JnatsdServer
    static class WrongType {
        @Test
        void test(@ServerUrl int url) {
        }
    }

    @Fixture
    @JnatsdServer(name = "a")
    static class UnknownName {
        @Test
        void test(@ServerUrl("nope") String url) {
        }
    }

    @Fixture
    @JnatsdServer(name = "a")
    @JnatsdServer(name = "b")
    static class Ambiguous {
        @ServerPort
        int port;

        @Test
        void test() {
        }
    }

    @Fixture
    @JnatsdServer
    static class TwoAnnotations {
        @Test
        void test(@ServerUrl @ServerPort String url) {
        }
    }

    @Fixture
    @JnatsdServer
    static class FinalField {
        @ServerUrl
        final String url = "";

        @Test
        void test() {
        }
    }

    @Fixture
    @JnatsdServer(name = "twin")
    @JnatsdServer(name = "twin", scope = Scope.PER_METHOD)
    static class DuplicateNames {
        @Test
        void test() {
        }
    }

    @Fixture
    @JnatsdServer(password = "secret")
    static class PasswordWithoutUser {
        @Test
        void test() {
        }
    }
}
