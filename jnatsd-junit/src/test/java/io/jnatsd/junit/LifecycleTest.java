package io.jnatsd.junit;

import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * When servers start and stop: fixture classes run through the engine record the servers their
 * tests saw, and these tests look at them once the fixture has finished.
 */
class LifecycleTest {

    @Test
    void perClassServerIsSharedByEveryTestAndClosedAfterTheLast() {
        PerClass.seen.clear();

        EngineExecutionResults r = TestKit.run(PerClass.class);

        r.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertEquals(3, PerClass.seen.size());
        NatsServer server = PerClass.seen.get(0);
        PerClass.seen.forEach(s -> assertSame(server, s, "every test sees the same server"));
        assertFalse(server.isRunning(), "closed when the class finished");
    }

    @Test
    void perMethodServerIsNewForEveryTestAndClosedAfterIt() {
        PerMethod.seen.clear();

        EngineExecutionResults r = TestKit.run(PerMethod.class);

        r.testEvents().assertStatistics(s -> s.started(3).succeeded(3)); // each checks its predecessor is closed
        Set<String> ids = PerMethod.seen.stream().map(NatsServer::serverId).collect(Collectors.toSet());
        assertEquals(3, ids.size(), "three tests, three servers");
        PerMethod.seen.forEach(s -> assertFalse(s.isRunning()));
    }

    @Test
    void methodAnnotationStartsAServerForThatTestOnly() {
        OnMethod.seen.clear();

        EngineExecutionResults r = TestKit.run(OnMethod.class);

        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(1, OnMethod.seen.size());
        assertFalse(OnMethod.seen.get(0).isRunning());
    }

    @Test
    void serversAreClosedWhenTestsFail() {
        Failing.seen.clear();

        EngineExecutionResults r = TestKit.run(Failing.class);

        r.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertEquals(2, Failing.seen.size(), "a per-class and a per-method server");
        Failing.seen.forEach(s -> assertFalse(s.isRunning()));
    }

    @Test
    void constructorOfPerClassInstanceGetsTheClassServer() {
        PerClassInstance.seen.clear();

        EngineExecutionResults r = TestKit.run(PerClassInstance.class);

        r.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(1, PerClassInstance.seen.size(), "the constructor ran once");
        assertFalse(PerClassInstance.seen.get(0).isRunning());
    }

    @Test
    void aServerThatCannotStartFailsTheClassAndStartsNoOther() {
        Unstartable.seen.clear();

        EngineExecutionResults r = TestKit.run(Unstartable.class);

        r.testEvents().assertStatistics(s -> s.started(0));
        List<String> failures = TestKit.failures(r);
        assertEquals(1, failures.size(), failures::toString);
        assertTrue(failures.get(0).contains("cannot start jnatsd server \"second\""), failures.get(0));
        assertTrue(Unstartable.seen.isEmpty());
    }

    // ------------------------------------------------------------------ fixtures

    @Fixture
    @JnatsdServer
    static class PerClass {
        static final List<NatsServer> seen = new CopyOnWriteArrayList<>();

        @Test
        void one(NatsServer s) throws Exception {
            use(s);
        }

        @Test
        void two(NatsServer s) throws Exception {
            use(s);
        }

        @Test
        void three(NatsServer s) throws Exception {
            use(s);
        }

        private static void use(NatsServer s) throws Exception {
            assertTrue(s.isRunning());
            try (Connection c = Clients.connect(s.clientUrl())) {
                c.flush(Clients.TIMEOUT);
            }
            seen.add(s);
        }
    }

    @Fixture
    @JnatsdServer(scope = Scope.PER_METHOD)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerMethod {
        static final List<NatsServer> seen = new CopyOnWriteArrayList<>();

        @Test
        @Order(1)
        void one(NatsServer s) {
            record(s);
        }

        @Test
        @Order(2)
        void two(NatsServer s) {
            record(s);
        }

        @Test
        @Order(3)
        void three(NatsServer s) {
            record(s);
        }

        private static void record(NatsServer s) {
            assertTrue(s.isRunning());
            if (!seen.isEmpty()) {
                assertFalse(seen.get(seen.size() - 1).isRunning(), "the previous test's server is closed");
            }
            seen.add(s);
        }
    }

    @Fixture
    static class OnMethod {
        static final List<NatsServer> seen = new CopyOnWriteArrayList<>();

        @Test
        @JnatsdServer
        void withServer(NatsServer s) {
            assertTrue(s.isRunning());
            seen.add(s);
        }

        @Test
        void withoutServer() {
            assertEquals(1, seen.size());
            assertFalse(seen.get(0).isRunning(), "the other test's server is closed");
        }
    }

    @Fixture
    @JnatsdServer(name = "class")
    @JnatsdServer(name = "method", scope = Scope.PER_METHOD)
    static class Failing {
        static final List<NatsServer> seen = new CopyOnWriteArrayList<>();

        @Test
        void fails(@InjectServer("class") NatsServer a, @InjectServer("method") NatsServer b) {
            seen.add(a);
            seen.add(b);
            fail("on purpose");
        }
    }

    @Fixture
    @JnatsdServer
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstance {
        static final List<NatsServer> seen = new CopyOnWriteArrayList<>();
        private final NatsServer server;

        PerClassInstance(NatsServer server) {
            this.server = server;
            seen.add(server);
        }

        @Test
        void one(NatsServer s) {
            assertSame(server, s);
            assertTrue(s.isRunning());
        }

        @Test
        void two(@ServerUrl String url) {
            assertEquals(server.clientUrl(), url);
        }
    }

    /** The second server asks for an address no interface of this machine has (TEST-NET-1). */
    @Fixture
    @JnatsdServer(name = "first")
    @JnatsdServer(name = "second", host = "192.0.2.1")
    static class Unstartable {
        static final List<NatsServer> seen = new CopyOnWriteArrayList<>();

        @Test
        void neverRuns(@InjectServer("first") NatsServer s) {
            seen.add(s);
        }
    }
}
