package io.jnatsd.config;

import io.jnatsd.auth.Permissions;
import io.jnatsd.auth.SubjectPermission;
import io.jnatsd.tls.TestCerts;
import io.jnatsd.tls.TlsOptions;
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
    void clusterPermissionsMapImportToPublishAndExportToSubscribe() throws ConfigException {
        ClusterOptions c = options("cluster {\n  port: 6222\n  permissions { import: { allow: \"a.>\" }, export: [\"b.>\"] }\n}").cluster();
        assertEquals(new Permissions(new SubjectPermission(List.of("a.>"), null), new SubjectPermission(List.of("b.>"), null)),
                c.permissions());
        assertNull(options("cluster { port: 6222 }").cluster().permissions());
        assertEquals(List.of("test.conf:3:60: Unknown field \"bogus\" parsing permissions"),
                errors("cluster {\n  port: 6222\n  permissions { import: { allow: \"a.>\" }, export: [\"b.>\"], bogus: 1 }\n}"));
    }

    @Test
    void permissionsInClusterAuthorizationAreDeprecatedButUsed() throws ConfigException {
        String conf = "cluster {\n  port: 6222\n  authorization { user: a, password: b, permissions: { import: \"a.>\" } }\n}";
        assertEquals(List.of("test.conf:3:3: invalid use of field \"authorization\": setting \"permissions\" within"
                + " cluster authorization block is deprecated"), Configs.warnings(conf));
        assertEquals(List.of("a.>"), options(conf).cluster().permissions().publish().allow());
        // the cluster block's own permissions win
        assertEquals(List.of("c.>"), options("cluster {\n  port: 6222\n  authorization { user: a, password: b,"
                + " permissions: { import: \"a.>\" } }\n  permissions { import: \"c.>\" }\n}")
                .cluster().permissions().publish().allow());
    }

    private static String q(String name) {
        return "\"" + TestCerts.file(name).toString().replace("\\", "\\\\") + "\"";
    }

    private static String routeFiles() {
        return "cert_file: " + q("route-cert.pem") + ", key_file: " + q("route-key.pem") + ", ca_file: " + q("ca.pem");
    }

    @Test
    void clusterTlsIsAlwaysMutual() throws ConfigException {
        TlsOptions t = options("cluster { port: 6222, tls { " + routeFiles() + ", timeout: 3 } }").cluster().tls();
        assertEquals(TestCerts.file("route-cert.pem"), t.certFile());
        assertEquals(TestCerts.file("ca.pem"), t.caFile());
        assertEquals(Duration.ofSeconds(3), t.timeout());
        assertTrue(t.verify(), "routes verify the peer whatever the block says, as nats-server");
        assertFalse(t.insecure());
        assertNull(options("cluster { port: 6222 }").cluster().tls());
    }

    @Test
    void clusterTlsInsecureIsABoolean() throws ConfigException {
        assertTrue(options("cluster { port: 6222, tls { " + routeFiles() + ", insecure: true } }").cluster().tls().insecure());
        assertEquals(List.of("test.conf:1:" + (31 + routeFiles().length()) + ": error parsing tls config, expected 'insecure' to be a boolean"),
                errors("cluster { port: 6222, tls { " + routeFiles() + ", insecure: 3 } }"));
    }

    @Test
    void clusterTlsProblemsAreConfigErrors() {
        assertEquals(List.of("test.conf:1:23: missing 'key_file' in TLS configuration"),
                errors("cluster { port: 6222, tls { cert_file: " + q("route-cert.pem") + " } }"));
        assertEquals(List.of("test.conf:1:29: error parsing tls config, unknown field [\"bogus\"]"),
                errors("cluster { port: 6222, tls { bogus: 1 } }"));
    }

    @Test
    void clusterTlsVerifyAndMapIsNotSupportedYet() throws ConfigException {
        List<String> w = Configs.warnings("cluster { port: 6222, tls { " + routeFiles() + ", verify_and_map: true } }");
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).endsWith("jnatsd does not support \"verify_and_map\" yet; ignored"), w.toString());
    }
}
