package io.jnatsd.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static io.jnatsd.config.Configs.errors;
import static io.jnatsd.config.Configs.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster block. */
class ClusterConfigTest {

    @Test
    void noClusterBlockMeansNoCluster() throws ConfigException {
        assertEquals(ClusterOptions.NONE, options("port: 4222").cluster());
        assertFalse(options("").cluster().enabled());
    }

    @Test
    void everyClusterKey() throws ConfigException {
        ClusterOptions c = options("""
                cluster {
                  name: east
                  listen: "127.0.0.1:6222"
                  authorization { user: route, password: pw, timeout: 0.5 }
                  routes = [
                    nats://127.0.0.1:6223
                    "nats-route://user:pass@10.0.0.2:6222"
                  ]
                  no_advertise: true
                  connect_retries: 3
                  advertise: "east.example.com:6222"
                }
                """).cluster();
        assertEquals("east", c.name());
        assertEquals("127.0.0.1", c.host());
        assertEquals(6222, c.port());
        assertEquals("route", c.username());
        assertEquals("pw", c.password());
        assertEquals(Duration.ofMillis(500), c.authTimeout());
        assertEquals(List.of(URI.create("nats://127.0.0.1:6223"), URI.create("nats-route://user:pass@10.0.0.2:6222")),
                c.routes());
        assertTrue(c.noAdvertise());
        assertEquals(3, c.connectRetries());
        assertEquals("east.example.com:6222", c.advertise());
        assertTrue(c.enabled());
    }

    @Test
    void hostPortAndAliases() throws ConfigException {
        ClusterOptions c = options("cluster { host: 10.1.1.1, port: 7222, cluster_advertise: \"x:1\" }").cluster();
        assertEquals("10.1.1.1", c.host());
        assertEquals(7222, c.port());
        assertEquals("x:1", c.advertise());
        assertNull(c.authTimeout());
        assertEquals("10.1.1.2", options("cluster { net: 10.1.1.2, port: 1 }").cluster().host());
        assertEquals(ClusterOptions.DEFAULT_HOST, options("cluster { listen: 6222 }").cluster().host());
    }

    @Test
    void routesOnlyClusterIsEnabled() throws ConfigException {
        assertTrue(options("cluster { routes: [\"nats://a:6222\"] }").cluster().enabled());
    }

    @Test
    void duplicateRouteIsDroppedWithNatsServersWarning() throws ConfigException {
        // Same text and position as nats-server 2.9.10 prints for this file.
        LoadedConfig c = Configs.load("\ncluster {\n  routes: [\n    \"nats://a:1\"\n    \"nats://a:1\"\n  ]\n}\n");
        assertEquals(1, c.options().cluster().routes().size());
        assertEquals(List.of("test.conf:5:6: invalid use of field \"nats://a:1\": Duplicate route entry detected"),
                c.warnings());
    }

    @Test
    void clusterErrorsAsNatsServer() {
        // These texts are nats-server 2.9.10's; positions too on lines after the first.
        assertEquals(List.of("test.conf:2:1: Expected map to define cluster, got an integer"),
                errors("\ncluster: 5"));
        assertEquals(List.of("test.conf:3:3: Cluster authorization does not support tokens"),
                errors("cluster {\n  port: 6222\n  authorization { token: b }\n}"));
        assertEquals(List.of("test.conf:3:3: Cluster authorization does not allow multiple users"),
                errors("cluster {\n  port: 6222\n  authorization { users: [] }\n}"));
        assertEquals(List.of("test.conf:3:3: unknown field \"nope\""),
                errors("cluster {\n  port: 6222\n  nope: 2\n}"));
        assertEquals(List.of("test.conf:2:27: error parsing route url [\"nats://%zz\"]"),
                errors("cluster {\n  routes: [\"nats://a:1\", \"nats://%zz\"] }"));
    }

    @Test
    void clusterUnsupportedPartsWarn() throws ConfigException {
        assertEquals(List.of(
                "test.conf:1:23: jnatsd does not support \"tls\" yet; ignored",
                "test.conf:1:32: jnatsd does not support \"permissions\" yet; ignored"),
                Configs.warnings("cluster { port: 6222, tls: {}, permissions: { import: \">\" } }"));
    }
}
