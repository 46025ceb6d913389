package io.jnatsd.junit;

import io.jnatsd.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options from a configuration file, and the annotation's attributes over them. */
class ConfigFileTest {

    private static final String LIMITS = "io/jnatsd/junit/limits.conf";

    @Test
    @JnatsdServer(config = LIMITS)
    void optionsComeFromTheFile(NatsServer server) {
        assertEquals("from-file", server.serverName());
        assertEquals(2048, server.options().maxPayload());
        assertEquals(5, server.options().maxConnections());
        assertEquals("alice", server.options().username());
    }

    @Test
    @JnatsdServer(config = LIMITS)
    void theAnnotationChoosesTheListenAddressNotTheFile(NatsServer server) {
        assertEquals(0, server.options().port(), "the file's port 4222 is not used");
        assertEquals("127.0.0.1", server.options().host());
    }

    @Test
    @JnatsdServer(config = LIMITS)
    void clientsSeeTheFileOptions(@ServerUrl String url) throws Exception {
        try (Connection c = Nats.connect(Clients.options(url).userInfo("alice", "s3cret").build())) {
            assertEquals(2048, c.getMaxPayload());
        }
        assertThrows(IOException.class, () -> Nats.connect(Clients.options(url)
                .connectionTimeout(Duration.ofMillis(500)).build()), "the file requires a user");
    }

    @Test
    @JnatsdServer(config = LIMITS, name = "override", maxPayload = 4096, maxConnections = 7, user = "bob",
            password = "pw")
    void attributesOverrideTheFile(NatsServer server) {
        assertEquals("override", server.serverName());
        assertEquals(4096, server.options().maxPayload());
        assertEquals(7, server.options().maxConnections());
        assertEquals("bob", server.options().username());
    }

    @Test
    @JnatsdServer(token = "t0ken")
    void tokenAttributeRequiresTheToken(@ServerUrl String url) throws Exception {
        try (Connection c = Nats.connect(Clients.options(url).token("t0ken".toCharArray()).build())) {
            assertTrue(c.getServerInfo().isAuthRequired());
        }
    }

    @Test
    @JnatsdServer(debug = true, trace = true)
    void debugAndTraceTurnTheServerLogOn(NatsServer server, @ServerUrl String url) throws Exception {
        assertTrue(server.options().debug());
        assertTrue(server.options().trace());
        try (Connection c = Clients.connect(url)) {
            c.flush(Clients.TIMEOUT); // traced to stderr, and nothing breaks
        }
    }

    @Test
    @JnatsdServer(config = "io/jnatsd/junit/including.conf")
    void includesResolveBesideAClassPathFile(NatsServer server) {
        assertEquals("included", server.serverName());
        assertEquals(2048, server.options().maxPayload());
    }

    @Test
    @JnatsdServer(config = "classpath:/" + LIMITS)
    void classpathPrefixFindsTheResource(NatsServer server) {
        assertEquals("from-file", server.serverName());
    }

    @Test
    @JnatsdServer(config = "src/test/resources/" + LIMITS)
    void aRelativePathThatIsNoResourceIsAFile(NatsServer server) {
        // Maven runs tests in the module directory
        assertEquals("from-file", server.serverName());
        assertTrue(server.options().configFile().toString().startsWith("src"), server.options().configFile()::toString);
    }

    @Test
    void fileErrorsAreReportedTogetherWithTheirPositions() {
        EngineExecutionResults r = TestKit.run(Broken.class, Missing.class);

        r.testEvents().assertStatistics(s -> s.started(0));
        List<String> failures = TestKit.failures(r);
        String broken = failures.stream().filter(f -> f.contains("broken.conf has errors")).findFirst()
                .orElseThrow(() -> new AssertionError(failures.toString()));
        assertTrue(broken.contains("broken.conf:2:"), broken);
        assertTrue(broken.contains("broken.conf:3:"), broken);
        assertTrue(failures.stream().anyMatch(f -> f.contains("configuration nowhere.conf is neither on the class"
                + " path nor a file")), failures::toString);
    }

    @Fixture
    @JnatsdServer(config = "io/jnatsd/junit/broken.conf")
    static class Broken {
        @Test
        void test() {
        }
    }

    @Fixture
    @JnatsdServer(config = "nowhere.conf")
    static class Missing {
        @Test
        void test() {
        }
    }
}
